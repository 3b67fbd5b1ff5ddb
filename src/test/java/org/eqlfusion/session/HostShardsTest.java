package org.eqlfusion.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.DrlGenerator;
import org.eqlfusion.drl.RuleCompiler;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RulePartition;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.rules.RuleFileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events split by host over host shards: every event of a host in one shard, and time moving in all. */
class HostShardsTest {

    @TempDir
    Path dir;

    @Test
    void everyEventOfAHostGoesToOneShardAndOneWithoutAHostToTheFirst() {
        assertThat(HostShards.of(event("a", "h1", 0), 2)).isEqualTo(HostShards.of(event("b", "h1", 5), 2));
        assertThat(HostShards.of(event("a", List.of("h1", "h2"), 0), 2)).as("several hosts: the first")
                .isEqualTo(HostShards.of(event("a", "h1", 0), 2));
        assertThat(HostShards.of(event("a", 42L, 0), 2)).as("a number, as its digits")
                .isEqualTo(HostShards.of(event("a", "42", 0), 2));
        assertThat(HostShards.of(event("a", null, 0), 2)).isZero();
        assertThat(List.of("h1", "h2", "h3", "h4", "h5", "h6").stream().map(h -> HostShards.of(event("a", h, 0), 2)).distinct())
                .as("hosts spread over both").containsExactlyInAnyOrder(0, 1);
    }

    /**
     * A sequence waiting out a missing event ends when time passes its maxspan, though its host
     * sends nothing more: its shard's clock moves with the events of the other shard's hosts.
     */
    @Test
    void aShardWhoseHostsFallSilentStillSeesTimePassAndRaisesTheMissingEventAlert() throws Exception {
        Path toml = dir.resolve("missing.toml");
        Files.writeString(toml, """
                [rule]
                rule_id = "m-1"
                name = "A without B"
                description = "test"
                risk_score = 21
                severity = "low"
                language = "eql"
                query = '''
                sequence by host.id with maxspan=10s [process where process.name == "a"] ![process where process.name == "b"]
                '''
                """);
        String drl = RuleCompiler.compile(RuleFileLoader.load(toml, dir));
        assertThat(RulePartition.placementOf(drl)).isEqualTo(RulePartition.Placement.HOST_SHARDS);
        Map<String, String> sources = Map.of("t/missing.drl", drl, DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl());
        List<DrlBuild.Result> built = DrlBuild.buildEach(RulePartition.split(sources, 2), DrlBuild.Mode.DRL);
        built.forEach(b -> assertThat(b.errors()).isEmpty());
        RuleSet rules = RuleSet.of(built.stream().map(DrlBuild.Result::kieBase).toList(), 2, "test");

        String quiet = "h1";
        String other = List.of("h2", "h3", "h4", "h5", "h6", "h7").stream()
                .filter(h -> HostShards.of(event("x", h, 0), 2) != HostShards.of(event("x", quiet, 0), 2)).findFirst().orElseThrow();
        List<EcsEvent> events = new ArrayList<>(List.of(event("a", quiet, 0)));
        for (int second = 1; second <= 30; second++) {
            events.add(event("c", other, second));
        }
        List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        try (EqlEngine engine = EqlEngine.builder().rules(rules).lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            assertThat(engine.sessions()).isEqualTo(3);
            engine.submit(events);
            engine.flush();
            // before close (which lets every timer run): time alone ended the window
            assertThat(alerts).extracting(Alert::ruleId).containsExactly("m-1");
            assertThat(engine.stats().processed()).isEqualTo(events.size());
        }
    }

    private static EcsEvent event(String name, Object host, int second) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("event.category", "process", "process.name", name));
        if (host != null) {
            fields.put("host.id", host);
        }
        return new EcsEvent(fields, second * 1_000_000_000L, name + second);
    }
}
