package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.engine.SeedEvents.network;
import static org.eqlfusion.engine.SeedEvents.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.drools.core.impl.InternalRuleBase;
import org.eqlfusion.alert.Alert;
import org.junit.jupiter.api.Test;
import org.kie.api.conf.BetaRangeIndexOption;

/**
 * Pending sequences leave memory once their maxspan (plus a second) of event time has passed, and
 * a late one — a backlog delivered after newer events — ages from when it went in, so the late
 * events that complete it still find it.
 */
class PartialExpiryTest {

    private static final long MINUTE = 60_000;

    @Test
    void aPendingSequenceIsFreedOnceItsMaxspanHasPassedInEventTime() throws Exception {
        try (EqlEngine engine = engine(new ArrayList<>())) {
            submit(engine, network("a", "h1", "m", 0), process("other", "h2", "x", 30_000));
            assertThat(engine.stats().facts()).as("within the 1m maxspan the partial waits").isEqualTo(1);

            submit(engine, process("later", "h2", "x", MINUTE + 2_000));
            assertThat(engine.stats().facts()).as("1m1s on, it is gone").isZero();
        }
    }

    @Test
    void aLateBacklogStillCompletesItsSequences() throws Exception {
        List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        try (EqlEngine engine = engine(alerts)) {
            // an hour of newer events first, then a backlog from before them, in its own time order
            submit(engine, process("new", "h2", "x", 60 * MINUTE));
            submit(engine, network("a", "h1", "m", 0));
            submit(engine, process("b", "h1", "m", 500));
        }
        assertThat(EngineRun.sequences(alerts)).containsExactly("a+b");
    }

    @Test
    void expiryJoinsAreRangeIndexedSoMovingTheClockVisitsOnlyExpiredPartials() {
        var kieBase = (InternalRuleBase) EngineRun.bundledRules().kieBase();
        assertThat(kieBase.getRuleBaseConfiguration().getOption(BetaRangeIndexOption.KEY)).isEqualTo(BetaRangeIndexOption.ENABLED);
    }

    private static EqlEngine engine(List<Alert> alerts) {
        return EqlEngine.builder().rules(EngineRun.bundledRules()).lateness(Duration.ZERO).onAlert(alerts::add).build();
    }

    @SafeVarargs
    private static void submit(EqlEngine engine, Map<String, Object>... events) throws InterruptedException {
        engine.submit(java.util.Arrays.stream(events).map(SeedEvents::decode).toList());
        engine.flush();
    }
}
