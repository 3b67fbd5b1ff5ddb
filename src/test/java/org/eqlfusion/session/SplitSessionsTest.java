package org.eqlfusion.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.bench.SyntheticStream;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.SharedData;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elastic's catalogue split over sessions, each on its own thread — two host shards, each given the
 * events of its share of the hosts, and a session given every event for the rules that join
 * hosts — raises exactly the alerts of one session holding every rule: the same rules, on the same
 * events, sequences included.
 */
class SplitSessionsTest {

    private static final int EVENTS = 40_000;

    @TempDir
    static Path rules;

    @BeforeAll
    static void compileTheCatalogue() throws Exception {
        Path root = SharedData.detectionRules();
        CatalogueCompiler.write(CatalogueCompiler.compile(
                List.of(root.resolve("rules"), root.resolve("rules_building_block")), root), rules);
    }

    @Test
    void twoSessionsRaiseTheAlertsOfOne() throws Exception {
        Run one = run(RuleSet.fromDrl(rules, DrlBuild.Mode.DRL, 1));
        Run two = run(RuleSet.fromDrl(rules, DrlBuild.Mode.DRL, 2));

        assertThat(two.sessions()).isEqualTo(3);
        assertThat(one.alerts().values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(1_000);
        assertThat(differences(one.alerts(), two.alerts())).as("alerts of one session against two").isEmpty();
        assertThat(two.processed()).isEqualTo(EVENTS);
        assertThat(two.facts()).isEqualTo(one.facts());
        // the sequence rules' alerts are among them
        assertThat(two.alerts().keySet()).anyMatch(alert -> alert.contains(","));
    }

    /** Alerts as "rule_id event,event,..." with how often each was raised, and the counters after a flush. */
    private record Run(int sessions, Map<String, Long> alerts, long processed, long facts) {
    }

    private static Run run(RuleSet rules) throws Exception {
        Map<String, Long> alerts = Collections.synchronizedMap(new TreeMap<>());
        try (EqlEngine engine = EqlEngine.builder().rules(rules)
                .onAlert(a -> alerts.merge(key(a), 1L, Long::sum)).build()) {
            List<EcsEvent> events = stream();
            for (int i = 0; i < events.size(); i += 1_000) {
                engine.submit(events.subList(i, Math.min(events.size(), i + 1_000)));
            }
            engine.flush();
            var stats = engine.stats();
            return new Run(engine.sessions(), alerts, stats.processed(), stats.facts());
        }
    }

    /** The first few alerts raised a different number of times (0 when not at all) in the two runs. */
    private static List<String> differences(Map<String, Long> one, Map<String, Long> two) {
        java.util.Set<String> keys = new java.util.TreeSet<>(one.keySet());
        keys.addAll(two.keySet());
        return keys.stream().filter(k -> !one.getOrDefault(k, 0L).equals(two.getOrDefault(k, 0L)))
                .map(k -> k + ": " + one.getOrDefault(k, 0L) + " against " + two.getOrDefault(k, 0L)).limit(5).toList();
    }

    private static String key(Alert alert) {
        return alert.ruleId() + " " + String.join(",", alert.eventIds());
    }

    /** The bench stream, events shuffled within runs of 50 (a few ms): the sessions see them put back in order. */
    private static List<EcsEvent> stream() throws Exception {
        SyntheticStream stream = new SyntheticStream(7, 500, 20_000, 0.05);
        EcsEventDecoder decoder = new EcsEventDecoder();
        List<EcsEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(decoder.decode(stream.next()));
        }
        Random random = new Random(11);
        for (int i = 0; i < events.size(); i += 50) {
            Collections.shuffle(events.subList(i, Math.min(events.size(), i + 50)), random);
        }
        return events;
    }
}
