package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.drools.base.rule.TypeDeclaration;
import org.drools.core.impl.InternalRuleBase;
import org.eqlfusion.event.EcsEvent;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class TimestampReadersTest {

    private static final String RULE = """
            package t;
            import org.eqlfusion.event.EcsEvent;
            rule "any process"
            when
                EcsEvent( category("process") )
            then
            end
            """;

    private static TypeDeclaration ecsEventDeclaration(String drl) throws InterruptedException {
        KieBase kieBase = DrlBuild.build(Map.of("t/rule.drl", drl)).kieBase();
        // building the engine gives the KieBase its readers
        EqlEngine.builder().rules(RuleSet.of(kieBase, "test")).build().close();
        return ((InternalRuleBase) kieBase).getExactTypeDeclaration(EcsEvent.class);
    }

    @Test
    void anEventIsStampedWithItsOwnTimestampWithoutMvel() throws InterruptedException {
        TypeDeclaration declaration = ecsEventDeclaration(RULE);
        EcsEvent event = new EcsEvent(Map.of("event.category", "process"), 1_714_557_600_123_000_000L, "e1");

        assertThat(declaration.getTimestampExtractor().getWholeNumberValue(null, event)).isEqualTo(1_714_557_600_123L);
        assertThat(declaration.getTimestampExtractor().getClass().getName()).doesNotContain("MVEL");
    }

    @Test
    void aTimestampTheDrlDeclaresItselfIsKept() throws InterruptedException {
        TypeDeclaration declaration = ecsEventDeclaration(RULE + """
                declare EcsEvent
                    @timestamp( sessionTime )
                end
                """);
        EcsEvent event = new EcsEvent(Map.of("event.category", "process"), 1_714_557_600_123_000_000L, "e1");
        event.setSessionTime(42L);

        assertThat(declaration.getTimestampAttribute()).isEqualTo("sessionTime");
        assertThat(declaration.getTimestampExtractor().getWholeNumberValue(null, event)).isEqualTo(42L);
    }
}
