package org.eqlfusion.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.junit.jupiter.api.Test;

/** A rule that throws on one event costs that event, not the session: the events after it still alert. */
class RuleFailureTest {

    private static final String DRL = """
            package eqlfusion.rules.test;
            import org.eqlfusion.event.EcsEvent;
            global org.eqlfusion.alert.Alerts alerts;

            rule "alerts on every event, and fails on a bad one"
                @ruleId("t-1")
            when
                $event : EcsEvent( notNull("n") )
            then
                if ( $event.eq("n", "bad") ) {
                    throw new IllegalStateException("this rule cannot handle n = bad");
                }
                alerts.raise( kcontext, $event );
            end
            """;

    @Test
    void theSessionGoesOnAfterARuleFails() throws Exception {
        DrlBuild.Result built = DrlBuild.build(Map.of("test/failing.drl", DRL));
        assertThat(built.errors()).isEmpty();
        List<Alert> alerts = new ArrayList<>();
        DriverStats stats;
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), "failing"))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(List.of(event(1, "ok"), event(2, "bad"), event(3, "ok")));
            engine.flush();
            stats = engine.stats();
        }
        assertThat(alerts.stream().map(a -> a.eventIds().get(0))).containsExactly("e1", "e3");
        assertThat(stats.ruleErrors()).isEqualTo(1);
        assertThat(stats.processed()).isEqualTo(3);
        assertThat(stats.facts()).isZero();
    }

    @Test
    void withTheRulesSplitEachSessionGoesOnAndTheCountsAddUp() throws Exception {
        DrlBuild.Result failing = DrlBuild.build(Map.of("test/failing.drl", DRL));
        DrlBuild.Result plain = DrlBuild.build(Map.of("test/plain.drl", DRL
                .replace("t-1", "t-2").replace("fails on a bad one", "never fails").replace("if ( $event.eq", "if ( false && $event.eq")));
        assertThat(plain.errors()).isEmpty();
        List<Alert> alerts = java.util.Collections.synchronizedList(new ArrayList<>());
        DriverStats stats;
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(List.of(failing.kieBase(), plain.kieBase()), 1, "split"))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(List.of(event(1, "ok"), event(2, "bad"), event(3, "ok")));
            engine.flush();
            stats = engine.stats();
        }
        assertThat(alerts.stream().filter(a -> a.ruleId().equals("t-1")).map(a -> a.eventIds().get(0))).containsExactly("e1", "e3");
        assertThat(alerts.stream().filter(a -> a.ruleId().equals("t-2")).map(a -> a.eventIds().get(0)))
                .containsExactly("e1", "e2", "e3");
        assertThat(stats.ruleErrors()).isEqualTo(1);
        assertThat(stats.processed()).isEqualTo(3);
    }

    @Test
    void aSessionThreadThatDiesStopsTheEngineWithItsCauseInsteadOfHanging() throws Exception {
        DrlBuild.Result dying = DrlBuild.build(Map.of("test/dying.drl", DRL
                .replace("throw new IllegalStateException(\"this rule cannot handle n = bad\")", "throw new OutOfMemoryError(\"simulated\")")));
        DrlBuild.Result plain = DrlBuild.build(Map.of("test/plain.drl", DRL.replace("t-1", "t-2")));
        assertThat(dying.errors()).isEmpty();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(List.of(plain.kieBase(), dying.kieBase()), 1, "dying"))
                    .lateness(Duration.ZERO).build();
            engine.submit(List.of(event(1, "ok"), event(2, "bad")));
            org.assertj.core.api.Assertions.assertThatThrownBy(engine::flush)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated");
            // the events after the failure are refused, naming why
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                for (int i = 3; i < 10_000; i++) {
                    engine.submit(List.of(event(i, "ok")));
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated");
            engine.close();
        });
    }

    private static EcsEvent event(int n, String value) {
        return new EcsEvent(Map.of("n", value), n * 1_000_000L, "e" + n);
    }
}
