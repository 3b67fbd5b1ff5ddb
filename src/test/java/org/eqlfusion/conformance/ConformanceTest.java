package org.eqlfusion.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eqlfusion.drl.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch's EQL conformance suite (../shared/eql-conformance) through the compiler and the
 * engine: each query passes, or it is listed with its reason in known-gaps.txt.
 */
class ConformanceTest {

    private static final Map<String, String> FAILURES = new TreeMap<>();
    private static int total;
    private static int withoutPipes;
    private static int passedWithoutPipes;

    @BeforeAll
    static void runAllSuites() throws Exception {
        Path dir = SharedData.root().resolve("eql-conformance");
        List<ConformanceSuite> suites = List.of(
                ConformanceSuite.load(dir, "default",
                        List.of("test_queries.toml", "additional_test_queries.toml", "test_queries_date.toml"),
                        List.of("test_data.json"), List.of("data/endgame-140.mapping"), "serial_event_id", "serial_event_id", ConformanceSuite.Timestamps.FILETIME_MILLIS),
                ConformanceSuite.load(dir, "date-nanos", List.of("test_queries_date_nanos.toml", "test_queries.toml"),
                        List.of("test_data.json"), List.of("data/endgame-140-nanos.mapping"), "serial_event_id", "serial_event_id",
                        ConformanceSuite.Timestamps.FILETIME_DIGITS_AS_NANOS),
                ConformanceSuite.load(dir, "extra", List.of("test_extra.toml"), List.of("data/extra.data"),
                        List.of("data/extra.mapping"), "sequence", "sequence", ConformanceSuite.Timestamps.AS_IS),
                ConformanceSuite.load(dir, "missing-events", List.of("test_missing_events.toml"),
                        List.of("data/missing-events.data"), List.of("data/missing-events.mapping"), "sequence", "sequence", ConformanceSuite.Timestamps.AS_IS),
                ConformanceSuite.load(dir, "sample", List.of("test_sample.toml"),
                        List.of("data/sample1.data", "data/sample2.data", "data/sample3.data"),
                        List.of("data/sample1.mapping", "data/sample2.mapping", "data/sample3.mapping"), null, "id",
                        ConformanceSuite.Timestamps.NONE),
                ConformanceSuite.load(dir, "sample-multi", List.of("test_sample_multi.toml"), List.of("data/sample-multi.data"),
                        List.of("data/sample-multi.mapping"), null, "id", ConformanceSuite.Timestamps.NONE));
        for (ConformanceSuite suite : suites) {
            Map<String, ConformanceRunner.Outcome> outcomes = ConformanceRunner.run(suite);
            for (ConformanceSuite.Spec spec : suite.specs()) {
                total++;
                boolean pipes = spec.query().matches("(?s).*\\|\\s*(head|tail|filter|unique|count)\\b.*");
                ConformanceRunner.Outcome outcome = outcomes.get(spec.name());
                String failure = failure(spec, outcome);
                if (!pipes) {
                    withoutPipes++;
                    if (failure == null) {
                        passedWithoutPipes++;
                    }
                }
                if (failure != null) {
                    FAILURES.put(suite.name() + "/" + spec.name(), failure);
                }
            }
        }
    }

    private static String failure(ConformanceSuite.Spec spec, ConformanceRunner.Outcome outcome) {
        if (outcome.failure() != null) {
            return outcome.failure();
        }
        List<Long> ids = outcome.ids(spec.size());
        if (spec.expected().stream().noneMatch(ids::equals)) {
            return "wrong answer" + (System.getenv("CONFORMANCE_DEBUG") != null ? " " + ids + " expected " + spec.expected() : "");
        }
        if (!spec.joinKeys().isEmpty()) {
            List<String> keys = outcome.keys(spec.size()).stream().map(k -> k == null ? "null" : k.toString()).toList();
            if (!keys.equals(spec.joinKeys())) {
                return "wrong join keys" + (System.getenv("CONFORMANCE_DEBUG") != null ? " " + keys + " expected " + spec.joinKeys() : "");
            }
        }
        return null;
    }

    @Test
    void everyQueryPassesOrIsAKnownGap() throws Exception {
        List<String> report = new ArrayList<>();
        FAILURES.forEach((name, reason) -> report.add(name + ": " + reason));
        System.out.println("conformance: " + (total - FAILURES.size()) + " of " + total + " queries pass; "
                + passedWithoutPipes + " of " + withoutPipes + " without pipes\n  " + String.join("\n  ", report));
        assertThat(FAILURES).isEqualTo(KnownGapsAccess.conformance());
    }
}
