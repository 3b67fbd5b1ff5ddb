package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleFileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sequence without maxspan is bounded by the rule's look-back window ({@code from = "now-9m"}),
 * as it is in Elasticsearch: pending sequences expire after it, so memory stays bounded.
 */
class LookbackExpiryTest {

    @TempDir
    Path dir;

    @Test
    void aSequenceWithoutMaxspanCompletesWithinTheLookbackAndExpiresAfterIt() throws Exception {
        Path toml = dir.resolve("no_maxspan.toml");
        Files.writeString(toml, """
                [rule]
                rule_id = "r-1"
                name = "No maxspan"
                description = "test"
                risk_score = 21
                severity = "low"
                from = "now-9m"
                language = "eql"
                query = '''
                sequence by host.id [process where process.name == "a"] [process where process.name == "b"]
                '''
                """);
        RuleDefinition rule = RuleFileLoader.load(toml, dir);
        assertThat(rule.lookback()).isEqualTo(Duration.ofMinutes(9));
        String drl = RuleCompiler.compile(rule);
        assertThat(drl).contains("timer ( int: 9m )");
        DrlBuild.Result built = DrlBuild.build(Map.of("t/no_maxspan.drl", drl,
                DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl()));
        assertThat(built.errors()).isEmpty();
        RuleSet rules = RuleSet.of(built.kieBase(), "test");

        assertThat(run(rules, event("a", 0), event("b", 8))).hasSize(1);
        assertThat(run(rules, event("a", 0), event("c", 10), event("b", 10))).isEmpty();
    }

    private static EcsEvent event(String name, int minute) {
        return new EcsEvent(Map.of("event.category", "process", "process.name", name, "host.id", "h"),
                minute * 60_000_000_000L + name.hashCode(), name + minute);
    }

    private static List<Alert> run(RuleSet rules, EcsEvent... events) throws InterruptedException {
        List<Alert> alerts = new ArrayList<>();
        try (EqlEngine engine = EqlEngine.builder().rules(rules).lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(List.of(events));
        }
        return alerts;
    }
}
