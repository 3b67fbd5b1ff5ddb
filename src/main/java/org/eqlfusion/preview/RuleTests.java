package org.eqlfusion.preview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.drl.RuleExceptions;
import org.eqlfusion.engine.RuleSetException;
import org.eqlfusion.event.JsonErrors;

/**
 * Rule tests: beside a rule file {@code x.toml} or {@code x.drl}, a file {@code x.test.json}
 * holds sample events and the alerts they must give, exactly:
 * <pre>
 *   { "events": [ {ECS event}, ... ],
 *     "expect": [ { "rule_id": "51ce96fb-...", "events": ["evt-0002", "evt-0005"] } ] }
 * </pre>
 * An alert is its rule_id and the ids of its events in sequence order; the test passes when the
 * rule raises exactly the expected alerts (as many times as listed, in any order; a suppressed rule's
 * alert once per group and window, as Kibana shows it, however many it counted).
 */
public final class RuleTests {

    /** One test file's outcome; {@code problems} says what differed. */
    public record Outcome(Path test, Path rule, List<String> problems) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    public static final String SUFFIX = ".test.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuleTests() {
    }

    /**
     * Runs every {@code *.test.json} under {@code dir} (or the one test file {@code dir} names), each
     * rule with the exceptions of the folder's {@code *.exceptions.toml} files, as the folder's rules
     * run when it is compiled or served.
     */
    public static List<Outcome> run(Path dir) throws IOException {
        return run(dir, null);
    }

    /** As {@link #run(Path)}, with the exceptions files under {@code tuning} as well (null: none). */
    public static List<Outcome> run(Path dir, Path tuning) throws IOException {
        List<Path> tests;
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                tests = walk.filter(p -> p.toString().endsWith(SUFFIX)).sorted().toList();
            }
        } else {
            tests = List.of(dir);
        }
        List<Path> exceptions = RuleExceptions.filesUnder(dir, tuning);
        List<Outcome> outcomes = new ArrayList<>();
        for (Path test : tests) {
            outcomes.add(runOne(test, exceptions));
        }
        return outcomes;
    }

    static Outcome runOne(Path test, List<Path> exceptions) throws IOException {
        String base = test.getFileName().toString();
        base = base.substring(0, base.length() - SUFFIX.length());
        Path toml = test.resolveSibling(base + ".toml");
        Path drl = test.resolveSibling(base + ".drl");
        Path rule = Files.exists(toml) ? toml : drl;
        if (!Files.exists(rule)) {
            return new Outcome(test, null, List.of(test + ": no rule file " + base + ".toml or " + base + ".drl beside it"));
        }
        JsonNode spec;
        try {
            spec = JSON.readTree(test.toFile());
        } catch (IOException e) {
            return new Outcome(test, rule, List.of(test + ": not valid JSON" + JsonErrors.atLineAndColumn(e) + ": " + JsonErrors.reason(e)));
        }
        if (!spec.path("events").isArray() || !spec.path("expect").isArray()) {
            return new Outcome(test, rule, List.of(test + ": needs an \"events\" array and an \"expect\" array"));
        }
        List<String> badExpectations = new ArrayList<>();
        int n = 0;
        for (JsonNode e : spec.get("expect")) {
            n++;
            if (!e.path("rule_id").isTextual() || !e.path("events").isArray()
                    || !StreamSupport.stream(e.path("events").spliterator(), false).allMatch(JsonNode::isTextual)) {
                badExpectations.add(test + ": expect " + n + " must be {\"rule_id\": \"...\", \"events\": [\"id\", ...]}, not " + e);
            }
        }
        if (!badExpectations.isEmpty()) {
            return new Outcome(test, rule, badExpectations);
        }
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        for (JsonNode event : spec.get("events")) {
            ndjson.write(JSON.writeValueAsBytes(event));
            ndjson.write('\n');
        }
        RulePreview.Result result;
        try {
            result = RulePreview.run(rule, exceptions, ndjson.toByteArray(), Set.of());
        } catch (RuleSetException e) {
            return new Outcome(test, rule, List.of(e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        result.rejects().forEach(r -> problems.add(test + ": event " + r));
        List<String> actual = new ArrayList<>();
        for (Alert alert : result.alerts()) {
            // a suppressed group's alert sent again with its count is the same alert, as Kibana shows it once
            if (alert.suppressedCount() == 0) {
                actual.add(describe(alert.ruleId(), alert.eventIds()));
            }
        }
        List<String> expected = new ArrayList<>();
        for (JsonNode e : spec.get("expect")) {
            List<String> ids = new ArrayList<>();
            e.path("events").forEach(id -> ids.add(id.asText()));
            expected.add(describe(e.path("rule_id").asText(), ids));
        }
        List<String> unexpected = new ArrayList<>(actual);
        for (String e : expected) {
            if (!unexpected.remove(e)) {
                problems.add("expected, not raised: " + e);
            }
        }
        unexpected.forEach(u -> problems.add("raised, not expected: " + u));
        return new Outcome(test, rule, problems);
    }

    private static String describe(String ruleId, List<String> eventIds) {
        return ruleId + " " + eventIds;
    }
}
