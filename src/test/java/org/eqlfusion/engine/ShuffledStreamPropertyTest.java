package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A generated stream over many hosts, its arrival shuffled at random within the allowed lateness,
 * gives exactly the alerts of the time-sorted stream, and those are the alerts an independent,
 * plain-Java reading of the EQL state machine finds in it.
 */
class ShuffledStreamPropertyTest {

    private static final Duration LATENESS = Duration.ofSeconds(5);
    private static final long MAXSPAN_MILLIS = 60_000;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2024})
    void shuffledWithinLatenessGivesTheTimeOrderedAlerts(long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> sorted = generate(random, 6_000, 40);

        List<Map<String, Object>> shuffled = new ArrayList<>(sorted);
        Map<Map<String, Object>, Long> arrival = new HashMap<>();
        for (Map<String, Object> e : shuffled) {
            arrival.put(e, millis(e) + (long) (random.nextDouble() * LATENESS.toMillis()));
        }
        shuffled.sort(Comparator.comparingLong(arrival::get));
        assertThat(shuffled).isNotEqualTo(sorted);

        List<String> inOrder = EngineRun.sequences(EngineRun.alerts(LATENESS, sorted));
        List<String> outOfOrder = EngineRun.sequences(EngineRun.alerts(LATENESS, shuffled));

        assertThat(inOrder).hasSizeGreaterThan(20);
        assertThat(outOfOrder).containsExactlyElementsOf(inOrder);
        assertThat(inOrder).containsExactlyElementsOf(reference(sorted));
    }

    /**
     * Connections and process starts on {@code hosts} hosts, a few mmc.exe processes each, in
     * strictly increasing time; some process starts are too late for their connection, some have
     * another parent, and noise events match neither stage.
     */
    private static List<Map<String, Object>> generate(Random random, int count, int hosts) {
        List<Map<String, Object>> events = new ArrayList<>(count);
        long t = 0;
        for (int i = 0; i < count; i++) {
            t += 1 + random.nextInt(400);
            String host = "h" + random.nextInt(hosts);
            String mmc = "mmc-" + random.nextInt(3);
            String id = "e" + i;
            int kind = random.nextInt(10);
            if (kind < 3) {
                events.add(SeedEvents.network(id, host, mmc, t));
            } else if (kind < 6) {
                events.add(SeedEvents.process(id, host, mmc, t));
            } else {
                Map<String, Object> noise = SeedEvents.process(id, host, mmc, t);
                noise.put("process.parent.name", "explorer.exe");
                events.add(noise);
            }
        }
        return events;
    }

    /** The EQL state machine for one two-stage sequence, written plainly: one partial per key, newest wins, consumed on completion. */
    private static List<String> reference(List<Map<String, Object>> sorted) {
        Map<String, Map<String, Object>> pending = new HashMap<>();
        List<String> alerts = new ArrayList<>();
        for (Map<String, Object> e : sorted) {
            boolean isNetwork = "network".equals(first(e.get("event.category")));
            if (!isNetwork && "mmc.exe".equals(e.get("process.parent.name"))) {
                String key = e.get("host.id") + "/" + e.get("process.parent.entity_id");
                Map<String, Object> a = pending.get(key);
                if (a != null && millis(e) - millis(a) <= MAXSPAN_MILLIS) {
                    alerts.add(a.get("event.id") + "+" + e.get("event.id"));
                    pending.remove(key);
                }
            } else if (isNetwork) {
                pending.put(e.get("host.id") + "/" + e.get("process.entity_id"), e);
            }
        }
        return alerts;
    }

    private static Object first(Object value) {
        return value instanceof String[] array ? array[0] : value;
    }

    private static long millis(Map<String, Object> event) {
        return java.time.Instant.parse((String) event.get("@timestamp")).toEpochMilli()
                - SeedEvents.T0.toEpochMilli();
    }

}
