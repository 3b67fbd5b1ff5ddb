package org.eqlfusion.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.DrlGenerator;
import org.eqlfusion.drl.RuleCompiler;
import org.eqlfusion.drl.SharedData;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.rules.RuleDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Elasticsearch's sequence state-machine cases (eql-conformance/sequences.series-spec): each
 * line of a case lists the events that match one stage, as label+time with an optional key
 * ({@code r|W2}); the expected lines list the sequences, by event time. Each case runs as
 * {@code sequence by key [any where stage == 1] [any where stage == 2] ...}.
 */
class SequenceSeriesSpecTest {

    private static final Pattern TOKEN = Pattern.compile("(?:(\\w+)\\|)?[A-Za-z]+(\\d+)");

    record Case(String name, List<List<String>> stages, List<List<Long>> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.root().resolve("eql-conformance/sequences.series-spec"))) {
            int comment = line.indexOf("//");
            String text = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (!text.isEmpty()) {
                lines.add(text);
            }
        }
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); ) {
            String name = lines.get(i++);
            List<List<String>> stages = new ArrayList<>();
            while (!lines.get(i).equals(";")) {
                stages.add(List.of(lines.get(i++).split("\\s+")));
            }
            i++;
            List<List<Long>> expected = new ArrayList<>();
            while (!lines.get(i).equals(";")) {
                List<Long> sequence = new ArrayList<>();
                for (String token : lines.get(i++).split("\\s+")) {
                    Matcher m = TOKEN.matcher(token);
                    assertThat(m.matches()).as(token).isTrue();
                    sequence.add(Long.parseLong(m.group(2)));
                }
                expected.add(sequence);
            }
            i++;
            cases.add(Arguments.of(new Case(name, stages, expected)));
        }
        assertThat(cases).hasSize(25);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theStateMachineGivesElasticsearchsSequences(Case c) throws Exception {
        StringBuilder query = new StringBuilder("sequence by key");
        List<EcsEvent> events = new ArrayList<>();
        for (int stage = 1; stage <= c.stages().size(); stage++) {
            query.append(" [any where stage == ").append(stage).append(']');
            for (String token : c.stages().get(stage - 1)) {
                Matcher m = TOKEN.matcher(token);
                assertThat(m.matches()).as(token).isTrue();
                long time = Long.parseLong(m.group(2));
                Map<String, Object> fields = new HashMap<>();
                fields.put("stage", (long) stage);
                fields.put("key", m.group(1) == null ? "none" : m.group(1));
                events.add(new EcsEvent(fields, time * 1_000_000L, String.valueOf(time)));
            }
        }
        events.sort((a, b) -> Long.compare(a.getTimestampNanos(), b.getTimestampNanos()));

        RuleDefinition rule = RuleDefinition.ofQuery(c.name(), query.toString());
        DrlBuild.Result built = DrlBuild.build(Map.of("spec.drl", RuleCompiler.compile(rule),
                DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl()));
        assertThat(built.errors()).isEmpty();
        List<Alert> alerts = new ArrayList<>();
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), c.name()))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(events);
        }
        List<List<Long>> sequences = alerts.stream()
                .map(a -> a.eventIds().stream().map(Long::parseLong).toList()).toList();
        assertThat(sequences).isEqualTo(c.expected());
    }
}
