package org.eqlfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hunt}: an ad hoc query over a file, results in Elasticsearch's order and shape, pipes applied. */
class HuntCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SEED_SEQUENCE = "sequence by host.id with maxspan=1m"
            + " [network where process.name : \"mmc.exe\"] by process.entity_id"
            + " [process where true] by process.parent.entity_id";

    @TempDir
    Path dir;

    /** The sample's events, last line first: the file is not in time order. */
    private Path shuffledSample() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("samples/dcom-mmc20.ndjson")));
        Collections.reverse(lines);
        return Files.write(dir.resolve("events.ndjson"), lines);
    }

    private static List<JsonNode> results(CommandRun run) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (!line.isBlank()) {
                results.add(JSON.readTree(line));
            }
        }
        return results;
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("_id").asText()).toList();
    }

    @Test
    void eventsComeInTimeOrderAsTheFileWroteThem() throws Exception {
        CommandRun run = CommandRun.of("hunt", "process where process.parent.name : \"mmc.exe\"", "--events",
                shuffledSample().toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        List<JsonNode> hits = results(run);
        assertThat(ids(hits)).containsExactly("evt-0005", "evt-0006", "evt-0007");
        // the event as its line has it: a one-value array stays an array, an IPv6 address as written
        assertThat(hits.get(0).at("/_source/event/category").isArray()).isTrue();
        assertThat(run.stderr()).contains("3 results, 7 events searched, 0 lines rejected");

        CommandRun network = CommandRun.of("hunt", "network where destination.port > 49151 | tail 1", "--events",
                shuffledSample().toString());
        assertThat(results(network).get(0).at("/_source/source/ip").asText()).isEqualTo("::1");
    }

    @Test
    void headAndTailPickAmongTheResultsInOrder() throws Exception {
        String events = shuffledSample().toString();
        assertThat(ids(results(CommandRun.of("hunt", "process where true | head 2", "--events", events))))
                .containsExactly("evt-0001", "evt-0005");
        assertThat(ids(results(CommandRun.of("hunt", "process where true | tail 2", "--events", events))))
                .containsExactly("evt-0006", "evt-0007");
        assertThat(ids(results(CommandRun.of("hunt", "process where true | tail 3 | head 1", "--events", events))))
                .containsExactly("evt-0005");
        CommandRun sized = CommandRun.of("hunt", "process where true", "--events", events, "--size", "1");
        assertThat(ids(results(sized))).containsExactly("evt-0007");
        assertThat(sized.stderr()).contains("1 result (4 matches, size 1 from the tail)");
        assertThat(ids(results(CommandRun.of("hunt", "process where true", "--events", events, "--size", "1",
                "--result-position", "head")))).containsExactly("evt-0001");
        assertThat(results(CommandRun.of("hunt", "process where true | head 0", "--events", events))).isEmpty();
    }

    @Test
    void aSequenceComesWithItsJoinKeysAndItsMissingEvents() throws Exception {
        CommandRun run = CommandRun.of("hunt", SEED_SEQUENCE, "--events", shuffledSample().toString());
        List<JsonNode> sequences = results(run);
        // ordered by the event that completed each: WORKSTATION6's at 10:00:04.870, WORKSTATION7's at 10:00:05
        assertThat(sequences).hasSize(2);
        assertThat(ids(list(sequences.get(0).get("events")))).containsExactly("evt-0002", "evt-0005");
        assertThat(sequences.get(0).get("join_keys").toString()).isEqualTo("[\"7c0b6a1e-ws06\",\"{mmc-4242}\"]");
        assertThat(ids(list(sequences.get(1).get("events")))).containsExactly("evt-0003", "evt-0006");

        // no file event between: only WORKSTATION7's sequence (WORKSTATION6's mmc.exe wrote a file)
        String missing = "sequence by host.id with maxspan=1m"
                + " [network where process.name : \"mmc.exe\"] by process.entity_id"
                + " ![file where true] by process.entity_id"
                + " [process where true] by process.parent.entity_id";
        List<JsonNode> found = results(CommandRun.of("hunt", missing, "--events", shuffledSample().toString()));
        assertThat(found).hasSize(1);
        JsonNode events = found.get(0).get("events");
        assertThat(events.get(0).get("_id").asText()).isEqualTo("evt-0003");
        assertThat(events.get(1).toString()).isEqualTo("{\"missing\":true}");
        assertThat(events.get(2).get("_id").asText()).isEqualTo("evt-0006");
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void searchHitsKeepTheirIndexIdAndSourceAndBadLinesAreNamedNotFatal() throws Exception {
        Path file = Files.writeString(dir.resolve("hits.ndjson"), """
                {"_index":"logs-endpoint.events.process-default","_id":"Xy1","_score":1,"_source":{"@timestamp":"2024-05-01T10:00:00Z","event":{"category":"process"},"process":{"name":"cmd.exe"}}}
                {"@timestamp": "2024-05-01T10:00:01Z", "event": {"category": "process"
                {"event":{"category":"process"},"process":{"name":"cmd.exe"}}
                {"@timestamp":"2024-05-01T10:00:02Z","event":{"id":"e3","category":"process"},"process":{"name":"CMD.EXE"}}
                """);
        CommandRun run = CommandRun.of("hunt", "process where process.name : \"cmd.exe\"", "--events", file.toString());
        assertThat(run.exit()).isZero();
        List<JsonNode> hits = results(run);
        assertThat(ids(hits)).containsExactly("Xy1", "e3");
        assertThat(hits.get(0).get("_index").asText()).isEqualTo("logs-endpoint.events.process-default");
        assertThat(hits.get(0).at("/_source/process/name").asText()).isEqualTo("cmd.exe");
        assertThat(hits.get(0).has("_score")).isFalse();
        assertThat(run.stderr()).contains(file + ": line 2: invalid JSON").contains(file + ": line 3: ")
                .contains("2 results, 2 events searched, 2 lines rejected");
    }

    @Test
    void eventsLaterThanTheLatenessAllowsAreSearchedAndTheSummarySaysResultsMayBeMissing() throws Exception {
        String events = shuffledSample().toString();
        // reversed, the file's first event (10:02:30) is 2.5 minutes after the others: the second
        // (10:00:05) is searched at once, and the five before it in time come after it: late
        CommandRun tight = CommandRun.of("hunt", HuntCommandTest.SEED_SEQUENCE, "--events", events, "--lateness", "1s");
        assertThat(tight.exit()).isZero();
        assertThat(results(tight)).isEmpty();
        assertThat(tight.stderr()).contains("5 events came further out of time order than --lateness allows")
                .contains("search again with a larger --lateness, or without it");
        CommandRun wide = CommandRun.of("hunt", HuntCommandTest.SEED_SEQUENCE, "--events", events, "--lateness", "5m");
        assertThat(results(wide)).hasSize(2);
        assertThat(wide.stderr()).doesNotContain("out of time order");
    }

    @Test
    void aSampleGivesUpToMaxSamplesPerKeyEachTakingDistinctEvents() throws Exception {
        String events = shuffledSample().toString();
        String sample = "sample by host.id [process where true] [network where true]";
        List<List<String>> one = results(CommandRun.of("hunt", sample, "--events", events)).stream()
                .map(r -> ids(list(r.get("events")))).toList();
        assertThat(one).containsExactly(List.of("evt-0001", "evt-0002"), List.of("evt-0006", "evt-0003"));
        // WORKSTATION6 has three process events and one network event: three samples share the network event
        CommandRun three = CommandRun.of("hunt", sample, "--events", events, "--max-samples-per-key", "3");
        assertThat(results(three).stream().map(r -> ids(list(r.get("events")))).toList()).containsExactly(
                List.of("evt-0001", "evt-0002"), List.of("evt-0005", "evt-0002"), List.of("evt-0007", "evt-0002"),
                List.of("evt-0006", "evt-0003"));
        assertThat(results(three).get(3).get("join_keys").toString()).isEqualTo("[\"9d1e33aa-ws07\"]");
        List<JsonNode> last = results(CommandRun.of("hunt", sample + " | tail 1", "--events", events, "--max-samples-per-key", "3"));
        assertThat(ids(list(last.get(0).get("events")))).containsExactly("evt-0006", "evt-0003");
        CommandRun zero = CommandRun.of("hunt", sample, "--events", events, "--max-samples-per-key", "0");
        assertThat(zero.exit()).isEqualTo(1);
        assertThat(zero.stderr()).contains("--max-samples-per-key must be at least 1: 0");
    }

    @Test
    void aFileStartingWithAByteOrderMarkIsSearchedAndPrinted() throws Exception {
        Path file = dir.resolve("bom.ndjson");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        Files.write(file, Files.readAllBytes(Path.of("samples/dcom-mmc20.ndjson")), java.nio.file.StandardOpenOption.APPEND);
        CommandRun run = CommandRun.of("hunt", "process where true | head 1", "--events", file.toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(ids(results(run))).containsExactly("evt-0001");
    }

    @Test
    void standardInputCanBeSearched() throws Exception {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(shuffledSample())));
            CommandRun run = CommandRun.of("hunt", "file where true", "--events", "-");
            assertThat(ids(results(run))).containsExactly("evt-0004");
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void aQueryThatIsNotValidIsShownWhereAndWhy() throws Exception {
        String events = shuffledSample().toString();
        CommandRun unknownPipe = CommandRun.of("hunt", "process where true | unique process.name", "--events", events);
        assertThat(unknownPipe.exit()).isEqualTo(1);
        assertThat(unknownPipe.stderr()).contains("1:20: unknown pipe | unique; Elasticsearch's EQL has | head N and | tail N")
                .contains("                   ^");
        assertThat(CommandRun.of("hunt", "process where true | head", "--events", events).stderr())
                .contains("| head takes one number, how many results to keep; found 0");
        assertThat(CommandRun.of("hunt", "process where true | tail 2.5", "--events", events).stderr())
                .contains("1:27: | tail takes a whole number from 0 to 2147483647");
        assertThat(CommandRun.of("hunt", "process where lenght(process.name) > 2", "--events", events).stderr())
                .contains("1:15: unknown function lenght()");
        CommandRun negative = CommandRun.of("hunt", "process where true", "--events", events, "--size", "-1");
        assertThat(negative.exit()).isEqualTo(1);
        assertThat(negative.stderr()).contains("--size must not be negative: -1");
        CommandRun noFile = CommandRun.of("hunt", "process where true", "--events", dir.resolve("nosuch.ndjson").toString());
        assertThat(noFile.exit()).isEqualTo(1);
        assertThat(noFile.stderr()).contains("nosuch.ndjson");
    }

    @Test
    void showDrlPrintsTheRuleTheQueryBecame() throws Exception {
        CommandRun run = CommandRun.of("hunt", "process where process.name == \"cmd.exe\" | head 1", "--events",
                shuffledSample().toString(), "--show-drl");
        assertThat(run.exit()).isZero();
        assertThat(run.stderr()).contains("rule \"").contains("eq(\"process.name\", \"cmd.exe\")");
        assertThat(ids(results(run))).containsExactly("evt-0005");
    }

    @Test
    void aRuleWithAPipeIsRefusedAndToldToHunt() throws Exception {
        Path rule = dir.resolve("piped.toml");
        Files.writeString(rule, Files.readString(AnalystCommandsTest.SEED_TOML)
                .replace("] by process.parent.entity_id\n'''", "] by process.parent.entity_id\n| head 5\n'''"), StandardCharsets.UTF_8);
        assertThat(Files.readString(rule)).contains("| head 5");
        CommandRun validate = CommandRun.of("validate", rule.toString());
        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.stdout()).contains("| head picks among a search's results, and a rule alerts on every match")
                .contains("run the query with `hunt`");
    }
}
