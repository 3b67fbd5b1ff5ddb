package org.eqlfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay command as a user runs it: a file in, alerts on stdout, problems and a summary on stderr. */
class ReplayCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theSampleGivesOneAlertOnStdout() throws Exception {
        CommandRun out = replay("--events", "samples/dcom-mmc20.ndjson");
        assertThat(out.exit()).isZero();
        List<String> lines = out.stdout().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode alert = new ObjectMapper().readTree(lines.get(0));
        assertThat(alert.get("kibana.alert.rule.name").asText()).isEqualTo("Incoming DCOM Lateral Movement with MMC");
        assertThat(alert.get("host.name").asText()).isEqualTo("WORKSTATION6");
        assertThat(alert.get("kibana.alert.ancestors").findValuesAsText("id")).containsExactly("evt-0002", "evt-0005");
        assertThat(out.stderr()).contains("7 read, 0 rejected, 0 late", "alerts: 1");
    }

    @Test
    void anElasticsearchExportReplaysAsItsSourcesAndCanBeScopedByItsIndices() throws Exception {
        // elasticdump's format: one search hit per line, the event under _source, the document id as _id
        ObjectMapper json = new ObjectMapper();
        List<String> events = Files.readAllLines(Path.of("samples/dcom-mmc20.ndjson")).stream().filter(l -> !l.isBlank()).toList();
        StringBuilder agent = new StringBuilder();
        StringBuilder elsewhere = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            JsonNode source = json.readTree(events.get(i));
            String stream = source.path("event").path("category").get(0).asText();
            agent.append(hit(json, "logs-endpoint.events." + stream + "-default", "doc-" + (i + 1), source)).append('\n');
            elsewhere.append(hit(json, "logs-generic-default", "doc-" + (i + 1), source)).append('\n');
        }
        Path agentFile = Files.writeString(tmp.resolve("agent-export.ndjson"), agent);
        Path elsewhereFile = Files.writeString(tmp.resolve("elsewhere-export.ndjson"), elsewhere);

        CommandRun out = replay("--events", agentFile.toString(), "--scope-by-index");
        assertThat(out.exit()).isZero();
        assertThat(out.stderr()).contains("7 read, 0 rejected");
        List<String> alerts = out.stdout().lines().toList();
        assertThat(alerts).hasSize(1);
        JsonNode ancestors = json.readTree(alerts.get(0)).get("kibana.alert.ancestors");
        assertThat(ancestors.findValuesAsText("id")).containsExactly("doc-2", "doc-4");
        assertThat(ancestors.findValuesAsText("index"))
                .containsExactly("logs-endpoint.events.network-default", "logs-endpoint.events.process-default");

        // sent where the rule does not look: no alert when scoped, the alert when not
        assertThat(replay("--events", elsewhereFile.toString(), "--scope-by-index").stdout()).isEmpty();
        CommandRun unscoped = replay("--events", elsewhereFile.toString());
        assertThat(unscoped.stdout().lines().toList()).hasSize(1);
        assertThat(unscoped.stdout()).doesNotContain("\"index\"");
    }

    private static String hit(ObjectMapper json, String index, String id, JsonNode source) throws Exception {
        return json.writeValueAsString(java.util.Map.of("_index", index, "_id", id, "_score", 1, "_source", source));
    }

    @Test
    void theRulesSplitOverTwoSessionsGiveTheSameAlert() throws Exception {
        CommandRun out = replay("--events", "samples/dcom-mmc20.ndjson", "--sessions", "2");
        assertThat(out.exit()).isZero();
        List<String> lines = out.stdout().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(new ObjectMapper().readTree(lines.get(0)).get("kibana.alert.ancestors").findValuesAsText("id"))
                .containsExactly("evt-0002", "evt-0005");
        assertThat(out.stderr()).contains("in 2 host shards and a session of every event", "alerts: 1");

        CommandRun none = replay("--events", "samples/dcom-mmc20.ndjson", "--sessions", "0");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.stderr()).contains("--sessions must be at least 1");
    }

    @Test
    void badLinesAreReportedByNumberAndTheGoodOnesAroundThemStillAlert() throws Exception {
        List<String> sample = Files.readAllLines(Path.of("samples/dcom-mmc20.ndjson"));
        Path events = tmp.resolve("mixed.ndjson");
        Files.write(events, List.of(sample.get(0), "{not json", sample.get(1), "", "[1,2]",
                "{\"event\":{\"id\":\"x\"}}", sample.get(3), "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"source.port\":\"high\"}"));
        CommandRun out = replay("--events", events.toString());
        assertThat(out.exit()).isZero();
        assertThat(out.stdout().lines()).hasSize(1);
        assertThat(out.stderr())
                .contains("line 2: invalid JSON at column 2")
                .contains("line 5: expected a JSON object, found an array")
                .contains("line 6: missing @timestamp")
                .contains("line 8: field source.port: \"high\" is not a number")
                .contains("7 read, 4 rejected");
    }

    @Test
    void eventsLaterThanTheLatenessAreCountedAndReported() throws Exception {
        List<String> sample = Files.readAllLines(Path.of("samples/dcom-mmc20.ndjson"));
        // the process start (10:00:04.870) arrives after the 10:00:05.000 event was already
        // processed (a newer one moved the watermark past it): with 100 ms lateness it is late
        Path events = tmp.resolve("late.ndjson");
        Files.write(events, List.of(sample.get(1), sample.get(5), sample.get(6), sample.get(3)));
        CommandRun out = replay("--events", events.toString(), "--lateness", "100ms");
        assertThat(out.stderr()).contains("late: event evt-0005", "1 late (allowed lateness 100 ms)");
        // processed at its own time, it still completes the sequence started before it
        assertThat(out.stdout().lines()).hasSize(1);
    }

    @Test
    void aMissingFileOrABadDurationIsAClearError() throws Exception {
        CommandRun missing = replay("--events", tmp.resolve("nope.ndjson").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.stderr()).contains("no such events file");
        CommandRun badDuration = replay("--events", "samples/dcom-mmc20.ndjson", "--lateness", "ten");
        assertThat(badDuration.exit()).isEqualTo(2);
        assertThat(badDuration.stderr()).contains("'ten' is not a duration");
    }

    @Test
    void rulesThatDoNotCompileNameTheFileAndLine() throws Exception {
        Files.writeString(tmp.resolve("broken.drl"), "package x;\nrule \"r\"\nwhen\n  Nope( )\nthen\nend\n");
        CommandRun out = replay("--events", "samples/dcom-mmc20.ndjson", "--rules", tmp.toString());
        assertThat(out.exit()).isEqualTo(1);
        assertThat(out.stderr()).contains("broken.drl:").contains("Nope");
    }

    private static CommandRun replay(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "replay";
        System.arraycopy(args, 0, full, 1, args.length);
        return CommandRun.of(full);
    }
}
