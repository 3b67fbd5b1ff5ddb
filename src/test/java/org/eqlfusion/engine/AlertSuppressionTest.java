package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.live.FolderBuild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kibana's alert suppression ({@code [rule.alert_suppression]}) on the stream: the first alert of a
 * group at once, the group's others within the window counted into it, the count sent once the
 * window has passed, with the same uuid.
 */
class AlertSuppressionTest {

    @TempDir
    Path dir;

    private static final String RULE = """
            [rule]
            name = "Shell started"
            rule_id = "5e1e5e1e-0000-4000-8000-000000000001"
            description = "cmd.exe started"
            risk_score = 21
            severity = "low"
            type = "eql"
            language = "eql"
            query = 'process where process.name : "cmd.exe"'

            [rule.alert_suppression]
            group_by = ["host.name"]
            %s
            [rule.alert_suppression.duration]
            value = 1
            unit = "m"
            """;

    private List<Alert> run(String strategy, String... events) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("shell.toml"), RULE.formatted(strategy));
        FolderBuild.Compiled compiled = FolderBuild.compile(rules);
        EcsEventDecoder decoder = new EcsEventDecoder();
        List<EcsEvent> decoded = new ArrayList<>();
        for (String e : events) {
            decoded.add(decoder.decode(e));
        }
        return EngineRun.alertsOf(RuleSet.of(compiled.kieBase(), "suppression"), Duration.ZERO, decoded);
    }

    private static String shell(String id, String time, String host) {
        return "{\"@timestamp\":\"2024-05-01T10:" + time + "Z\",\"event\":{\"id\":\"" + id + "\",\"category\":\"process\"},"
                + "\"process\":{\"name\":\"cmd.exe\"}" + (host == null ? "" : ",\"host\":{\"name\":\"" + host + "\"}") + "}";
    }

    @Test
    void aGroupsFirstAlertGoesAtOnceAndItsCountWhenTheWindowHasPassed() throws Exception {
        List<Alert> alerts = run("",
                shell("a1", "00:00", "WS6"), shell("a2", "00:10", "WS6"), shell("b1", "00:20", "WS7"),
                shell("a3", "00:30", "WS6"), shell("a4", "01:10", "WS6"),
                shell("n1", "01:20", null), shell("n2", "01:25", null));
        assertThat(alerts.stream().map(a -> a.eventIds().get(0) + "/" + a.document().get("kibana.alert.suppression.docs_count")))
                .containsExactly("a1/0", "b1/0", "a1/2", "a4/0", "n1/0", "n1/1");
        Alert first = alerts.get(0);
        Alert counted = alerts.get(2);
        assertThat(counted.uuid()).isEqualTo(first.uuid());
        assertThat(first.document()).containsEntry("kibana.alert.suppression.terms",
                List.of(Map.of("field", "host.name", "value", List.of("WS6"))));
        assertThat(first.document()).containsEntry("kibana.alert.suppression.start", "2024-05-01T10:00:00Z")
                .containsEntry("kibana.alert.suppression.end", "2024-05-01T10:00:00Z");
        assertThat(counted.document()).containsEntry("kibana.alert.suppression.start", "2024-05-01T10:00:00Z")
                .containsEntry("kibana.alert.suppression.end", "2024-05-01T10:00:30Z");
        // events without the field are a group of their own (Kibana's default, "suppress")
        Map<String, Object> missing = new java.util.HashMap<>();
        missing.put("field", "host.name");
        missing.put("value", null);
        assertThat(alerts.get(4).document()).containsEntry("kibana.alert.suppression.terms", List.of(missing));
    }

    @Test
    void doNotSuppressRaisesEveryAlertWhoseFieldIsMissing() throws Exception {
        List<Alert> alerts = run("missing_fields_strategy = \"doNotSuppress\"",
                shell("a1", "00:00", "WS6"), shell("a2", "00:10", "WS6"),
                shell("n1", "00:20", null), shell("n2", "00:25", null));
        assertThat(alerts.stream().map(a -> a.eventIds().get(0))).containsExactly("a1", "n1", "n2", "a1");
        assertThat(alerts.get(1).document()).doesNotContainKey("kibana.alert.suppression.docs_count");
    }

    @Test
    void theDrlSaysHowAlertsAreSuppressed() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("shell.toml"), RULE.formatted(""));
        String drl = FolderBuild.compile(rules).snapshot().sources().values().stream()
                .filter(s -> s.name().endsWith("shell.toml")).findFirst().orElseThrow().drl();
        assertThat(drl).contains("@suppressBy(\"host.name\")").contains("@suppressFor(\"1m\")")
                .contains("// Alert suppression (@suppressBy, @suppressFor)");
    }

    @Test
    void aBadSuppressionTableIsAnErrorNamingTheFileAndTheSetting() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path file = rules.resolve("shell.toml");
        Files.writeString(file, RULE.formatted("").replace("group_by = [\"host.name\"]",
                "group_by = [\"a\", \"b\", \"c\", \"d\"]"));
        assertThat(FolderBuild.validate(rules)).singleElement().asString()
                .contains(file.toString()).contains("[rule.alert_suppression] group_by must list one to three field names");
        Files.writeString(file, RULE.formatted("").replace("unit = \"m\"", "unit = \"w\""));
        assertThat(FolderBuild.validate(rules)).singleElement().asString()
                .contains("duration.unit must be \"s\", \"m\" or \"h\", not \"w\"");
        Files.writeString(file, RULE.formatted("missing_field_strategy = \"suppress\""));
        assertThat(FolderBuild.validate(rules)).singleElement().asString()
                .contains("has no setting missing_field_strategy");
    }

    /** The rule without a suppression table of its own, as Elastic's rules come. */
    private static final String PLAIN_RULE = RULE.formatted("").substring(0, RULE.formatted("").indexOf("[rule.alert_suppression]"));

    @Test
    void aTuningFileSuppressesARuleItDoesNotWriteAndAReloadSeesTheChange() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("shell.toml"), PLAIN_RULE);
        String before = org.eqlfusion.live.RuleFolder.read(rules).sources().get("shell.toml").version();
        Files.writeString(rules.resolve("ours.exceptions.toml"), """
                [[suppression]]
                rule_ids = ["5e1e5e1e-0000-4000-8000-000000000001"]
                group_by = ["host.name"]
                duration = { value = 90, unit = "s" }
                """);
        org.eqlfusion.live.RuleFolder.Snapshot tuned = org.eqlfusion.live.RuleFolder.read(rules);
        assertThat(tuned.errors()).isEmpty();
        assertThat(tuned.sources().get("shell.toml").version()).isNotEqualTo(before);
        assertThat(tuned.sources().get("shell.toml").drl()).contains("@suppressBy(\"host.name\")").contains("@suppressFor(\"1m30s\")");

        FolderBuild.Compiled compiled = FolderBuild.compile(rules);
        EcsEventDecoder decoder = new EcsEventDecoder();
        List<EcsEvent> events = new ArrayList<>();
        for (String e : List.of(shell("a1", "00:00", "WS6"), shell("a2", "01:20", "WS6"), shell("a3", "01:40", "WS6"))) {
            events.add(decoder.decode(e));
        }
        List<Alert> alerts = EngineRun.alertsOf(RuleSet.of(compiled.kieBase(), "tuned"), Duration.ZERO, events);
        // a2 is within 90 s of a1, a3 is not: a1 sent, counted again once a3 passes its window, a3 sent
        assertThat(alerts.stream().map(a -> a.eventIds().get(0) + "/" + a.document().get("kibana.alert.suppression.docs_count")))
                .containsExactly("a1/0", "a1/1", "a3/0");
    }

    @Test
    void aTuningFilesSuppressionTakesThePlaceOfTheRulesOwn() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("shell.toml"), RULE.formatted(""));
        Files.writeString(rules.resolve("ours.exceptions.toml"), """
                [[suppression]]
                rule_ids = ["5e1e5e1e-0000-4000-8000-000000000001"]
                group_by = ["user.name"]
                missing_fields_strategy = "doNotSuppress"
                """);
        String drl = org.eqlfusion.live.RuleFolder.read(rules).sources().get("shell.toml").drl();
        assertThat(drl).contains("@suppressBy(\"user.name\")").contains("@suppressFor(\"5m\")")
                .contains("@suppressMissing(\"doNotSuppress\")").doesNotContain("@suppressBy(\"host.name\")");
    }

    @Test
    void aBadSuppressionTableInATuningFileIsAnErrorAtItsLine() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("shell.toml"), PLAIN_RULE);
        Path tuning = rules.resolve("ours.exceptions.toml");
        Files.writeString(tuning, """
                [[suppression]]
                rule_ids = ["5e1e5e1e-0000-4000-8000-00000000000f"]
                group_by = ["host.name"]

                [[suppression]]
                rule_ids = ["5e1e5e1e-0000-4000-8000-000000000001"]
                group_by = ["host.name"]

                [[suppression]]
                rule_ids = ["5e1e5e1e-0000-4000-8000-000000000001"]
                group_by = ["user.name"]
                """);
        assertThat(FolderBuild.validate(rules)).containsExactly(
                tuning + ":1: [[suppression]]: no rule file here has rule_id 5e1e5e1e-0000-4000-8000-00000000000f",
                tuning + ":9: [[suppression]]: rule_id 5e1e5e1e-0000-4000-8000-000000000001 is suppressed already by"
                        + " ours.exceptions.toml:5; a rule has one suppression");
        Files.writeString(tuning, """
                [[suppression]]
                rule_ids = ["5e1e5e1e-0000-4000-8000-000000000001"]
                group_by = ["host.name"]
                window = "1h"
                """);
        assertThat(FolderBuild.validate(rules)).singleElement().asString().startsWith(tuning + ":1: [[suppression]] has no setting window");
    }
}
