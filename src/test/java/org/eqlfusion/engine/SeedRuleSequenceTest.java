package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.engine.SeedEvents.network;
import static org.eqlfusion.engine.SeedEvents.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed rule's sequence state machine: time, order, keys, and which partial a stage-2 event completes. */
class SeedRuleSequenceTest {

    private static final Duration NO_LATENESS = Duration.ZERO;
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void maxspanIsInclusiveFromTheFirstEvent() {
        assertThat(sequences(NO_LATENESS, network("a", "h1", "m", 0), process("b", "h1", "m", 59_999))).containsExactly("a+b");
        assertThat(sequences(NO_LATENESS, network("a", "h1", "m", 0), process("b", "h1", "m", 60_000))).containsExactly("a+b");
        assertThat(sequences(NO_LATENESS, network("a", "h1", "m", 0), process("b", "h1", "m", 60_001))).isEmpty();
    }

    @Test
    void bothEventsAtTheSameMillisecondInArrivalOrderMatch() {
        assertThat(sequences(NO_LATENESS, network("a", "h1", "m", 0), process("b", "h1", "m", 0))).containsExactly("a+b");
    }

    @Test
    void eventTimeNotArrivalDecides() {
        // the process start arrives first but happened 2 s after the connection: within the lateness, it matches
        assertThat(sequences(TEN_SECONDS, process("b", "h1", "m", 2_000), network("a", "h1", "m", 0))).containsExactly("a+b");
        // the process start arrives second but happened before the connection: no sequence
        assertThat(sequences(TEN_SECONDS, network("a", "h1", "m", 2_000), process("b", "h1", "m", 0))).isEmpty();
        assertThat(sequences(NO_LATENESS, network("a", "h1", "m", 2_000), process("b", "h1", "m", 0))).isEmpty();
    }

    @Test
    void outOfOrderArrivalWithinTheLatenessGivesTheTimeOrderedAnswer() {
        // time order: a1(0) a2(1s) b3(3s) b4(4s) -> (a2,b3); arrival shuffled within 10 s
        assertThat(sequences(TEN_SECONDS,
                process("b4", "h1", "m", 4_000), network("a2", "h1", "m", 1_000),
                process("b3", "h1", "m", 3_000), network("a1", "h1", "m", 0)))
                .containsExactly("a2+b3");
    }

    @Test
    void hostsInterleavedKeepTheirOwnSequences() {
        assertThat(sequences(NO_LATENESS,
                network("a1", "h1", "m", 0), network("a2", "h2", "m", 100),
                process("b3", "h2", "m", 200), process("b4", "h1", "m", 300)))
                .containsExactly("a2+b3", "a1+b4");
    }

    @Test
    void aProcessOfAnotherMmcDoesNotComplete() {
        assertThat(sequences(NO_LATENESS, network("a", "h1", "mmc-1", 0), process("b", "h1", "mmc-2", 500))).isEmpty();
    }

    @Test
    void aCompletedSequenceIsConsumed_ABB_alertsOnce() {
        assertThat(sequences(NO_LATENESS,
                network("a1", "h1", "m", 0), process("b2", "h1", "m", 1_000), process("b3", "h1", "m", 2_000)))
                .containsExactly("a1+b2");
    }

    @Test
    void theNewestPartialWins_AAB() {
        assertThat(sequences(NO_LATENESS,
                network("a1", "h1", "m", 0), network("a2", "h1", "m", 1_000), process("b3", "h1", "m", 2_000)))
                .containsExactly("a2+b3");
    }

    @Test
    void abab_givesTwoAlerts() {
        assertThat(sequences(NO_LATENESS,
                network("a1", "h1", "m", 0), process("b2", "h1", "m", 1_000),
                network("a3", "h1", "m", 2_000), process("b4", "h1", "m", 3_000)))
                .containsExactly("a1+b2", "a3+b4");
    }

    @Test
    void anExpiredPartialIsGoneAndAFreshOneMatches() {
        assertThat(sequences(NO_LATENESS,
                network("a1", "h1", "m", 0), process("b2", "h1", "m", 70_000),
                network("a3", "h1", "m", 80_000), process("b4", "h1", "m", 90_000)))
                .containsExactly("a3+b4");
    }

    @Test
    void aNewerPartialThatIsTooOldStillReplacesTheOlderOne() {
        // a1 at 0 is replaced by a2 at 30 s; b3 at 95 s is 65 s after a2: nothing, and a1 does not come back
        assertThat(sequences(NO_LATENESS,
                network("a1", "h1", "m", 0), network("a2", "h1", "m", 30_000), process("b3", "h1", "m", 95_000)))
                .isEmpty();
    }

    @Test
    void nullJoinKeysNeverJoin() {
        Map<String, Object> a = network("a", "h1", "m", 0);
        Map<String, Object> b = process("b", "h1", "m", 1_000);
        a.remove("process.entity_id");
        b.remove("process.parent.entity_id");
        assertThat(sequences(NO_LATENESS, a, b)).isEmpty();
    }

    @Test
    void theAlertCarriesTheRuleTheEventsAndWhatTheyShare() {
        var alerts = EngineRun.alerts(NO_LATENESS, List.of(network("a", "h1", "m", 0), process("b", "h1", "m", 1_500)));
        assertThat(alerts).hasSize(1);
        Map<String, Object> doc = alerts.get(0).document();
        assertThat(doc).containsEntry("event.kind", "signal")
                .containsEntry("kibana.alert.rule.rule_id", "51ce96fb-9e52-4dad-b0ba-99b54440fc9a")
                .containsEntry("kibana.alert.rule.name", "Incoming DCOM Lateral Movement with MMC")
                // derived from the rule_id: the same in every release and restart, so a SIEM can group by it
                .containsEntry("kibana.alert.rule.uuid", "5e9f61ec-a664-3879-b9d9-185feff44c79")
                .containsEntry("kibana.alert.rule.type", "eql")
                .containsEntry("kibana.alert.severity", "high")
                .containsEntry("kibana.alert.risk_score", 73)
                .containsEntry("kibana.alert.original_time", "2024-05-01T10:00:00Z")
                .containsEntry("@timestamp", "2024-05-01T10:00:01.500Z")
                .containsEntry("host.id", "h1")
                .containsEntry("host.name", "name-h1")
                .doesNotContainKey("process.name");
        assertThat((String) doc.get("kibana.alert.rule.description")).startsWith("Identifies the use of Distributed Component Object Model");
        assertThat(doc.get("kibana.alert.rule.tags").toString()).contains("Tactic: Lateral Movement");
        assertThat(doc.get("kibana.alert.rule.threat").toString()).contains("T1021.003", "TA0005", "T1218.014");
        assertThat(doc.get("kibana.alert.ancestors")).isEqualTo(List.of(
                Map.of("id", "a", "type", "event", "depth", 0), Map.of("id", "b", "type", "event", "depth", 0)));
        // deterministic uuid: the same events and rule give the same alert
        var again = EngineRun.alerts(TEN_SECONDS, List.of(process("b", "h1", "m", 1_500), network("a", "h1", "m", 0)));
        assertThat(again.get(0).uuid()).isEqualTo(alerts.get(0).uuid()).hasSize(64);
    }

    @SafeVarargs
    private static List<String> sequences(Duration lateness, Map<String, Object>... events) {
        return EngineRun.sequences(EngineRun.alerts(lateness, List.of(events)));
    }
}
