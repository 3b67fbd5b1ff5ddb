package org.eqlfusion.engine;

import java.lang.reflect.Method;
import org.drools.base.base.ValueResolver;
import org.drools.base.base.ValueType;
import org.drools.base.rule.TypeDeclaration;
import org.drools.base.rule.accessor.ReadAccessor;
import org.drools.core.impl.InternalRuleBase;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.KieBase;

/**
 * Drools reads an event's {@code @Timestamp} at every insert, and a KieBase built from run-time
 * DRL reads it through an MVEL expression: for the whole catalogue, about nine inserts per event
 * and 4 % of the session writer's time. This hands the KieBase a plain getter call for
 * {@link EcsEvent}, the engine's one event class, instead. A hand-written DRL that declares another
 * timestamp for it keeps its own.
 */
final class TimestampReaders {

    private TimestampReaders() {
    }

    /** Gives {@code kieBase} the direct reader; call again after rules were added to it. */
    static void install(KieBase kieBase) {
        if (kieBase instanceof InternalRuleBase base) {
            TypeDeclaration declaration = base.getExactTypeDeclaration(EcsEvent.class);
            if (declaration != null && declaration.getTimestampExtractor() != null
                    && !(declaration.getTimestampExtractor() instanceof Direct)
                    && "timestamp".equals(declaration.getTimestampAttribute())) {
                declaration.setTimestampExtractor(new Direct());
            }
        }
    }

    /** The event's timestamp, a long, read by a plain call. */
    private static final class Direct implements ReadAccessor {

        private static long read(Object event) {
            return ((EcsEvent) event).getTimestamp();
        }

        @Override
        public long getWholeNumberValue(ValueResolver resolver, Object object) {
            return read(object);
        }

        @Override
        public Object getValue(ValueResolver resolver, Object object) {
            return read(object);
        }

        @Override
        public Object getValue(Object object) {
            return read(object);
        }

        @Override
        public double getDecimalValue(ValueResolver resolver, Object object) {
            return read(object);
        }

        @Override
        public boolean getBooleanValue(ValueResolver resolver, Object object) {
            throw new UnsupportedOperationException("a timestamp is not a boolean");
        }

        @Override
        public boolean isNullValue(ValueResolver resolver, Object object) {
            return object == null;
        }

        @Override
        public int getHashCode(Object object) {
            return Long.hashCode(read(object));
        }

        @Override
        public int getHashCode(ValueResolver resolver, Object object) {
            return getHashCode(object);
        }

        @Override
        public ValueType getValueType() {
            return ValueType.PLONG_TYPE;
        }

        @Override
        public Class<?> getExtractToClass() {
            return long.class;
        }

        @Override
        public String getExtractToClassName() {
            return "long";
        }

        @Override
        public Method getNativeReadMethod() {
            return null;
        }

        @Override
        public String getNativeReadMethodName() {
            return null;
        }

        @Override
        public int getIndex() {
            return -1;
        }

        @Override
        public boolean isGlobal() {
            return false;
        }

        @Override
        public boolean isSelfReference() {
            return false;
        }
    }
}
