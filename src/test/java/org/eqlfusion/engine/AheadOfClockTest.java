package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.session.LateEventListener;
import org.junit.jupiter.api.Test;

/**
 * A live feed from thousands of hosts has a host whose clock is wrong. Its events, dated years
 * ahead of this machine's clock, must not drag the engine's time with them: had they moved the
 * watermark and the clock, every other host's events would be late from then on (no more put in
 * order), the sequences waiting at that moment would expire at once, and the ones started after it
 * never. With {@code maxFuture}, such an event is processed as it comes, at the engine's time,
 * matching what it matches, and counted.
 */
class AheadOfClockTest {

    private static final long YEARS_AHEAD = Duration.ofDays(3 * 365).toMillis();

    /** The seed rule's first stage on {@code host}, at {@code at} (epoch ms). */
    private static Map<String, Object> stage1(String id, String host, long at) {
        return at(SeedEvents.network(id, host, "mmc-" + host, 0), at);
    }

    /** The seed rule's second stage on {@code host}, completing the first's, at {@code at} (epoch ms). */
    private static Map<String, Object> stage2(String id, String host, long at) {
        return at(SeedEvents.process(id, host, "mmc-" + host, 0), at);
    }

    private static Map<String, Object> at(Map<String, Object> event, long epochMillis) {
        event.put("@timestamp", Instant.ofEpochMilli(epochMillis).toString());
        return event;
    }

    private static EcsEvent decode(Map<String, Object> fields) {
        return SeedEvents.decode(fields);
    }

    private record Run(List<Alert> alerts, long late, long ahead, long factsAtEnd, long leastAheadMillis) {
    }

    /** Feeds the batches in turn, each flushed as a live server's idle flush would, and closes. */
    private static Run run(Duration maxFuture, List<List<Map<String, Object>>> batches) throws Exception {
        return run(maxFuture, System::currentTimeMillis, batches, () -> { });
    }

    /** The same, on a machine clock of the test's own; {@code between} runs after each batch. */
    private static Run run(Duration maxFuture, java.util.function.LongSupplier machine,
                           List<List<Map<String, Object>>> batches, Runnable between) throws Exception {
        List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        AtomicLong leastAhead = new AtomicLong(Long.MAX_VALUE);
        EqlEngine.Builder builder = EqlEngine.builder().rules(EngineRun.bundledRules()).lateness(Duration.ofSeconds(10))
                .onAlert(alerts::add).onLateEvent(new LateEventListener() {
                    @Override
                    public void onLate(EcsEvent event, long behindMillis) {
                    }

                    @Override
                    public void onAhead(EcsEvent event, long aheadMillis) {
                        leastAhead.accumulateAndGet(aheadMillis, Math::min);
                    }
                });
        if (maxFuture != null) {
            builder.maxFuture(maxFuture);
        }
        builder.machineClock(machine);
        try (EqlEngine engine = builder.build()) {
            for (List<Map<String, Object>> batch : batches) {
                engine.submit(batch.stream().map(AheadOfClockTest::decode).toList());
                engine.flush();
                between.run();
            }
            long facts = engine.stats().facts();
            return new Run(alerts, engine.stats().late(), engine.stats().ahead(), facts, leastAhead.get());
        }
    }

    @Test
    void aHostWhoseClockIsYearsAheadLeavesEveryOtherHostsSequencesAlone() throws Exception {
        long now = System.currentTimeMillis();
        Map<String, Object> badClock = stage1("bad-1", "badclock", now + YEARS_AHEAD);
        List<List<Map<String, Object>>> batches = List.of(
                // a sequence half-way when the bad event comes
                List.of(stage1("w1", "waiting", now)),
                List.of(badClock),
                List.of(stage2("w2", "waiting", now + 5_000)),
                // a sequence whose events arrive out of order (within the lateness) after it
                List.of(stage2("o2", "disorder", now + 8_000), stage1("o1", "disorder", now + 6_000)),
                // a first stage that nothing completes, and time moving on past its maxspan
                List.of(stage1("lone", "lonely", now + 9_000)),
                List.of(stage1("later", "other", now + 90_000)));

        Run guarded = run(Duration.ofMinutes(5), batches);
        assertThat(EngineRun.sequences(guarded.alerts())).containsExactlyInAnyOrder("w1+w2", "o1+o2");
        assertThat(guarded.late()).isZero();
        assertThat(guarded.ahead()).isEqualTo(1);
        assertThat(guarded.leastAheadMillis()).isGreaterThan(YEARS_AHEAD - 60_000);
        // a minute and a half on, only the latest first stage still waits: the lone one and the bad
        // host's own (aging from when it went in, not from its date years ahead) have expired
        assertThat(guarded.factsAtEnd()).isEqualTo(1);

        // what the guard prevents: the same feed with the engine's time following the bad event
        Run unguarded = run(null, batches);
        assertThat(EngineRun.sequences(unguarded.alerts())).doesNotContain("w1+w2", "o1+o2");
        assertThat(unguarded.late()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theBadHostsOwnSequencesStillMatchAmongThemselves() throws Exception {
        long now = System.currentTimeMillis();
        Run run = run(Duration.ofMinutes(5), List.of(
                List.of(stage1("b1", "badclock", now + YEARS_AHEAD)),
                List.of(stage2("b2", "badclock", now + YEARS_AHEAD + 2_000)),
                List.of(stage1("n1", "good", now), stage2("n2", "good", now + 1_000))));
        assertThat(EngineRun.sequences(run.alerts())).containsExactlyInAnyOrder("b1+b2", "n1+n2");
        assertThat(run.ahead()).isEqualTo(2);
    }

    @Test
    void onAMachineWhoseOwnClockIsBehindEveryEventComesAheadAndTimeStillPasses() throws Exception {
        long machineAtStart = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        java.util.concurrent.atomic.AtomicLong machine = new java.util.concurrent.atomic.AtomicLong(machineAtStart);
        long hosts = machineAtStart + Duration.ofMinutes(10).toMillis(); // the hosts' clocks are right
        Map<String, Object> nothing = stage2("z1", "nobody", hosts + 200_000); // completes no partial
        Run run = run(Duration.ofMinutes(5), machine::get, List.of(
                List.of(stage1("a1", "a", hosts), stage1("b1", "b", hosts + 1_000)),
                List.of(stage2("a2", "a", hosts + 5_000)),
                List.of(nothing)),
                // the machine's clock moves on three minutes while the events come
                () -> machine.addAndGet(Duration.ofMinutes(1).toMillis()));
        assertThat(EngineRun.sequences(run.alerts())).containsExactly("a1+a2");
        assertThat(run.ahead()).isEqualTo(4);
        // b1's pending sequence aged with the machine's clock and expired: nothing is left waiting
        assertThat(run.factsAtEnd()).isZero();
    }
}
