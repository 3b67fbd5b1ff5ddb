package org.eqlfusion.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.drools.core.impl.InternalRuleBase;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/** Rules added to or removed from the running KieBase are routed to (or no longer) from the next event on. */
class RoutingAcrossRuleChangesTest {

    /** One rule on process starts of {@code %1$s.exe}, in package, entry point and rule id {@code %1$s}. */
    static final String RULE = """
            package eqlfusion.rules.%1$s;
            import org.eqlfusion.event.EcsEvent;
            global org.eqlfusion.alert.Alerts alerts;

            rule "%1$s.exe started"
                @ruleId("%1$s")
            when
                $event : EcsEvent( category("process"), inIgnoreCase("process.name", "%1$s.exe") ) from entry-point "%1$s"
            then
                alerts.raise( kcontext, $event );
            end
            """;

    @Test
    void aRuleAddedWhileRunningGetsItsEventsAndARemovedOneNoLonger() throws Exception {
        DrlBuild.Result built = DrlBuild.build(Map.of("a.drl", RULE.formatted("a")));
        assertThat(built.errors()).isEmpty();
        List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), "a"))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(List.of(event(1, "a.exe"), event(2, "b.exe")));
            engine.flush();
            assertThat(ruleIds(alerts)).containsExactly("a");

            engine.change((kieBase, sessions) -> {
                addRules(kieBase, "b.drl", RULE.formatted("b"));
                kieBase.removeRule("eqlfusion.rules.a", "a.exe started");
            });
            engine.submit(List.of(event(3, "a.exe"), event(4, "B.EXE")));
            engine.flush();
            assertThat(ruleIds(alerts)).containsExactly("a", "b");
            assertThat(alerts.get(1).eventIds()).containsExactly("e4");
        }
    }

    /** Builds {@code drl} at run time and adds it to a running KieBase, as a reload does. */
    static void addRules(KieBase kieBase, String path, String drl) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        builder.add(ResourceFactory.newByteArrayResource(drl.getBytes(StandardCharsets.UTF_8)).setSourcePath(path),
                ResourceType.DRL);
        assertThat(builder.getErrors()).isEmpty();
        ((InternalRuleBase) kieBase).addPackages(builder.getKnowledgePackages());
    }

    private static List<String> ruleIds(List<Alert> alerts) {
        return alerts.stream().map(a -> String.valueOf(a.document().get("kibana.alert.rule.rule_id"))).toList();
    }

    private static EcsEvent event(int n, String processName) {
        return new EcsEvent(Map.of("event.category", List.of("process"), "process.name", processName), n * 1_000_000L, "e" + n);
    }
}
