package org.eqlfusion.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.DrlGenerator;
import org.eqlfusion.drl.RuleCompileException;
import org.eqlfusion.drl.RuleCompiler;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.rules.QuerySettings;
import org.eqlfusion.rules.RuleDefinition;

/**
 * Runs every query of a suite through the compiler and the engine at once: each query becomes a
 * rule (its name as rule_id) in one KieBase, the suite's events go through one session in event
 * order, and each query's answer is the event ids of its alerts.
 */
final class ConformanceRunner {

    /** A query's outcome: the ids of each result (an event, a sequence, a sample), or why it could not run. */
    record Outcome(List<List<Long>> results, String failure) {

        /** The first {@code size} results, flattened, as Elasticsearch returns them for a request of that size. */
        List<Long> ids(int size) {
            return results.stream().limit(size).flatMap(List::stream).toList();
        }
    }

    private ConformanceRunner() {
    }

    /**
     * Elasticsearch returns samples in ascending join-key order (null first); the engine raises
     * them as they complete. Orders each sample query's alerts by the key of its first event.
     */
    private static void sortSamplesByJoinKey(ConformanceSuite suite, List<Alert> alerts) {
        Map<String, org.eqlfusion.event.EcsEvent> byId = new HashMap<>();
        suite.events().forEach(e -> byId.put(e.getId(), e));
        Map<String, List<String>> keyFields = new HashMap<>();
        for (ConformanceSuite.Spec spec : suite.specs()) {
            try {
                if (org.eqlfusion.eql.parser.EqlParsing.parse(spec.query()).query() instanceof org.eqlfusion.eql.ast.Query.Sample sample) {
                    List<String> fields = new ArrayList<>();
                    sample.by().forEach(k -> fields.add(((org.eqlfusion.eql.ast.Expr.Field) k).name()));
                    sample.stages().get(0).by().forEach(k -> fields.add(((org.eqlfusion.eql.ast.Expr.Field) k).name()));
                    keyFields.put(spec.name(), fields);
                }
            } catch (RuntimeException invalid) {
                // reported by the compile step
            }
        }
        java.util.Comparator<Alert> byKey = (a, b) -> {
            List<String> fields = keyFields.get(a.ruleId());
            org.eqlfusion.event.EcsEvent x = byId.get(a.eventIds().get(0));
            org.eqlfusion.event.EcsEvent y = byId.get(b.eventIds().get(0));
            for (String field : fields) {
                Object u = x.get(field);
                Object v = y.get(field);
                int c = u == null ? (v == null ? 0 : -1) : v == null ? 1 : u.toString().compareTo(v.toString());
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        Map<String, List<Alert>> samples = new java.util.LinkedHashMap<>();
        alerts.stream().filter(a -> keyFields.containsKey(a.ruleId()))
                .forEach(a -> samples.computeIfAbsent(a.ruleId(), k -> new ArrayList<>()).add(a));
        alerts.removeIf(a -> keyFields.containsKey(a.ruleId()));
        samples.values().forEach(list -> {
            list.sort(byKey);
            alerts.addAll(list);
        });
    }

    /** For a sequence, one entry per result slot: true where a missing-event stage puts a -1. Empty otherwise. */
    private static List<Boolean> slots(String query) {
        List<Boolean> slots = new ArrayList<>();
        try {
            if (org.eqlfusion.eql.parser.EqlParsing.parse(query).query() instanceof org.eqlfusion.eql.ast.Query.Sequence seq) {
                for (var stage : seq.stages()) {
                    for (int i = 0; i < stage.runs(); i++) {
                        slots.add(stage.missing());
                    }
                }
            }
        } catch (RuntimeException invalid) {
            // the compile step reports it
        }
        return slots;
    }

    static Map<String, Outcome> run(ConformanceSuite suite) throws InterruptedException {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, String> drl = new TreeMap<>();
        Map<String, String> specOfFile = new HashMap<>();
        for (ConformanceSuite.Spec spec : suite.specs()) {
            RuleDefinition rule = new RuleDefinition(spec.name(), spec.name(), "", 21, "low", List.of(), List.of(), List.of(),
                    List.of(), spec.query(), spec.suite() + "/" + spec.name(), 1, 1, "conformance", null,
                    QuerySettings.DEFAULT, null);
            try {
                String file = "conformance/q" + drl.size() + ".drl";
                drl.put(file, RuleCompiler.compile(rule));
                specOfFile.put(file, spec.name());
            } catch (RuleCompileException e) {
                outcomes.put(spec.name(), new Outcome(null, e.reason()));
            }
        }
        drl.put(DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl());
        DrlBuild.Result built = DrlBuild.build(drl);
        for (String refused : built.errors().keySet()) {
            drl.remove(refused);
            outcomes.put(specOfFile.get(refused), new Outcome(null, "Drools refused the DRL: "
                    + built.errors().get(refused).get(0)));
        }
        if (!built.errors().isEmpty()) {
            built = DrlBuild.build(drl);
        }
        Map<String, List<List<Long>>> ids = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), suite.name()))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(suite.events());
        }
        Map<String, List<Boolean>> layouts = new HashMap<>();
        suite.specs().forEach(spec -> layouts.put(spec.name(), slots(spec.query())));
        sortSamplesByJoinKey(suite, alerts);
        for (Alert alert : alerts) {
            List<Long> found = new ArrayList<>();
            ids.computeIfAbsent(alert.ruleId(), k -> new ArrayList<>()).add(found);
            List<Long> events = alert.eventIds().stream().map(Long::parseLong).toList();
            List<Boolean> layout = layouts.get(alert.ruleId());
            int next = 0;
            for (boolean missing : layout.isEmpty() ? java.util.Collections.nCopies(events.size(), false) : layout) {
                found.add(missing ? -1L : events.get(next++));
            }
        }
        for (ConformanceSuite.Spec spec : suite.specs()) {
            outcomes.putIfAbsent(spec.name(), new Outcome(ids.getOrDefault(spec.name(), List.of()), null));
        }
        return outcomes;
    }
}
