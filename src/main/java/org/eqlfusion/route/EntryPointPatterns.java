package org.eqlfusion.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drools.base.base.ObjectType;
import org.drools.base.rule.EntryPointId;
import org.drools.base.rule.constraint.AlphaNodeFieldConstraint;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.EntryPointNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.modelcompiler.constraints.LambdaConstraint;
import org.drools.mvel.MVELConstraint;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.KieBase;

/**
 * Reads, from a built KieBase, what each entry point's patterns on {@link EcsEvent} test of the
 * event alone: for every path through the alpha network (one per pattern, shared prefixes
 * shared), the DRL text of its constraints in order. Reading the network rather than the DRL
 * files means every rule counts, whoever wrote it and however it was built (DRL, executable
 * model, a KJAR, a reload).
 */
final class EntryPointPatterns {

    /** A constraint whose text cannot be read; it narrows nothing, so routing ignores it. */
    static final String UNREADABLE = "";

    private EntryPointPatterns() {
    }

    /**
     * Entry point name to its patterns' constraint paths. An entry point whose network accepts
     * an EcsEvent as some wider type ({@code Object()}) gets one empty path: it takes every event.
     * Entry points with no pattern an EcsEvent can reach are left out.
     */
    static Map<String, List<List<String>>> read(KieBase kieBase) {
        Map<String, List<List<String>>> byEntryPoint = new LinkedHashMap<>();
        Map<EntryPointId, EntryPointNode> nodes = ((InternalRuleBase) kieBase).getRete().getEntryPointNodes();
        for (Map.Entry<EntryPointId, EntryPointNode> entry : nodes.entrySet()) {
            List<List<String>> paths = new ArrayList<>();
            for (Map.Entry<ObjectType, ObjectTypeNode> type : entry.getValue().getObjectTypeNodes().entrySet()) {
                if (!type.getKey().isAssignableFrom(EcsEvent.class)) {
                    continue;
                }
                if (type.getKey().isAssignableTo(EcsEvent.class)) {
                    walk(type.getValue().getObjectSinkPropagator().getSinks(), new ArrayList<>(), paths);
                } else {
                    paths.add(List.of());
                }
            }
            if (!paths.isEmpty()) {
                byEntryPoint.put(entry.getKey().getEntryPointId(), paths);
            }
        }
        return byEntryPoint;
    }

    private static void walk(ObjectSink[] sinks, List<String> prefix, List<List<String>> paths) {
        for (ObjectSink sink : sinks) {
            if (sink instanceof AlphaNode alpha) {
                prefix.add(text(alpha.getConstraint()));
                walk(alpha.getObjectSinkPropagator().getSinks(), prefix, paths);
                prefix.remove(prefix.size() - 1);
            } else {
                paths.add(List.copyOf(prefix));
            }
        }
    }

    private static String text(AlphaNodeFieldConstraint constraint) {
        if (constraint instanceof MVELConstraint mvel) {
            return mvel.getExpression() == null ? UNREADABLE : mvel.getExpression();
        }
        if (constraint instanceof LambdaConstraint lambda && lambda.getPredicateInformation() != null) {
            String text = lambda.getPredicateInformation().getStringConstraint();
            return text == null ? UNREADABLE : text;
        }
        return UNREADABLE;
    }
}
