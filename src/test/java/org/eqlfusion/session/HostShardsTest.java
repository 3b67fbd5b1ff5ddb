package org.eqlfusion.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

/** Events split by host over host shards: every event of a host in one shard, every key and alert once, time moving in all. */
class HostShardsTest {

    @TempDir
    Path dir;

    @Test
    void everyEventOfAHostGoesToOneShardAndOneWithoutAHostToTheFirst() {
        assertThat(HostShards.of(event("a", "h1", 0), 2)).isEqualTo(HostShards.of(event("b", "h1", 5), 2));
        assertThat(Long.bitCount(HostShards.of(event("a", "h1", 0), 2))).isEqualTo(1);
        assertThat(HostShards.of(event("a", 42L, 0), 2)).as("a number, as its digits")
                .isEqualTo(HostShards.of(event("a", "42", 0), 2));
        assertThat(HostShards.of(event("a", null, 0), 2)).isEqualTo(1L);
        assertThat(List.of("h1", "h2", "h3", "h4", "h5", "h6").stream().map(h -> HostShards.of(event("a", h, 0), 2)).distinct())
                .as("hosts spread over both").containsExactlyInAnyOrder(1L, 2L);
        String[] apart = hostsInTwoShards();
        assertThat(HostShards.of(event("a", List.of(apart[0], apart[1]), 0), 2)).as("hosts of both shards: both").isEqualTo(3L);
    }

    /**
     * An event listing hosts of both shards joins the sequences of each host in that host's shard,
     * and a rule without state alerts on it once: the alerts of one session.
     */
    @Test
    void anEventListingHostsOfTwoShardsJoinsBothHostsSequencesAndAlertsOnceAsOneEvent() throws Exception {
        Map<String, String> sources = new TreeMap<>(Map.of(
                "t/seq.drl", compile("s-1", "sequence by host.id [process where process.name == \"a\"] [process where process.name == \"b\"]"),
                "t/single.drl", compile("e-1", "process where process.name == \"b\""),
                DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl()));
        String[] hosts = hostsInTwoShards();
        List<EcsEvent> events = List.of(event("a", hosts[0], 0), event("a", hosts[1], 1), event("b", List.of(hosts[0], hosts[1]), 2));

        List<String> one = alerts(sources, 1, events);
        List<String> split = alerts(sources, 2, events);

        assertThat(one).containsExactlyInAnyOrder("e-1 b2", "s-1 a0,b2", "s-1 a1,b2");
        assertThat(split).containsExactlyInAnyOrderElementsOf(one);

        // both events list both hosts: one sequence per host, each found in its own shard only
        List<EcsEvent> both = List.of(event("a", List.of(hosts[0], hosts[1]), 0), event("b", List.of(hosts[1], hosts[0]), 1));
        assertThat(alerts(sources, 1, both)).containsExactlyInAnyOrder("e-1 b1", "s-1 a0,b1", "s-1 a0,b1");
        assertThat(alerts(sources, 2, both)).containsExactlyInAnyOrder("e-1 b1", "s-1 a0,b1", "s-1 a0,b1");
    }

    /**
     * A sequence waiting out a missing event ends when time passes its maxspan, though its host
     * sends nothing more: its shard's clock moves with the events of the other shard's hosts.
     */
    @Test
    void aShardWhoseHostsFallSilentStillSeesTimePassAndRaisesTheMissingEventAlert() throws Exception {
        String drl = compile("m-1", "sequence by host.id with maxspan=10s [process where process.name == \"a\"]"
                + " ![process where process.name == \"b\"]");
        assertThat(RulePartition.placementOf(drl)).isEqualTo(RulePartition.Placement.HOST_SHARDS);
        Map<String, String> sources = Map.of("t/missing.drl", drl, DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl());
        String[] hosts = hostsInTwoShards();
        List<EcsEvent> events = new ArrayList<>(List.of(event("a", hosts[0], 0)));
        for (int second = 1; second <= 30; second++) {
            events.add(event("c", hosts[1], second));
        }
        List<String> alerts = Collections.synchronizedList(new ArrayList<>());
        try (EqlEngine engine = EqlEngine.builder().rules(split(sources, 2)).lateness(Duration.ZERO)
                .onAlert(a -> alerts.add(a.ruleId())).build()) {
            assertThat(engine.sessions()).isEqualTo(3);
            engine.submit(events);
            engine.flush();
            // before close (which lets every timer run): time alone ended the window
            assertThat(alerts).containsExactly("m-1");
            assertThat(engine.stats().processed()).isEqualTo(events.size());
        }
    }

    private String compile(String id, String query) throws Exception {
        Path toml = dir.resolve(id + ".toml");
        Files.writeString(toml, String.join("\n", "[rule]", "rule_id = \"" + id + "\"", "name = \"" + id + "\"",
                "description = \"test\"", "risk_score = 21", "severity = \"low\"", "language = \"eql\"",
                "query = '''", query, "'''", ""));
        return RuleCompiler.compile(RuleFileLoader.load(toml, dir));
    }

    private static RuleSet split(Map<String, String> sources, int sessions) {
        List<DrlBuild.Result> built = DrlBuild.buildEach(RulePartition.split(sources, sessions), DrlBuild.Mode.DRL);
        built.forEach(b -> assertThat(b.errors()).isEmpty());
        return RuleSet.of(built.stream().map(DrlBuild.Result::kieBase).toList(), sessions, "test");
    }

    private static List<String> alerts(Map<String, String> sources, int sessions, List<EcsEvent> events) throws Exception {
        List<String> alerts = Collections.synchronizedList(new ArrayList<>());
        try (EqlEngine engine = EqlEngine.builder().rules(split(sources, sessions)).lateness(Duration.ZERO)
                .onAlert(a -> alerts.add(a.ruleId() + " " + String.join(",", a.eventIds()))).build()) {
            engine.submit(events);
        }
        return alerts;
    }

    /** Two host names that fall in different shards of two. */
    private static String[] hostsInTwoShards() {
        String first = "h1";
        String other = List.of("h2", "h3", "h4", "h5", "h6", "h7").stream()
                .filter(h -> HostShards.of(event("x", h, 0), 2) != HostShards.of(event("x", first, 0), 2)).findFirst().orElseThrow();
        return new String[] {first, other};
    }

    private static EcsEvent event(String name, Object host, int second) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("event.category", "process", "process.name", name));
        if (host != null) {
            fields.put("host.id", host);
        }
        return new EcsEvent(fields, second * 1_000_000_000L, name + second);
    }
}
