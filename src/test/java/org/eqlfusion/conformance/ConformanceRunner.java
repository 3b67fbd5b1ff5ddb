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
import org.eqlfusion.rules.RuleDefinition;

/**
 * Runs every query of a suite through the compiler and the engine at once: each query becomes a
 * rule (its name as rule_id) in one KieBase, the suite's events go through one session in event
 * order, and each query's answer is the event ids of its alerts.
 */
final class ConformanceRunner {

    /** A query's outcome: the ids it gave, or why it could not run. */
    record Outcome(List<Long> ids, String failure) {
    }

    private ConformanceRunner() {
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
                    List.of(), spec.query(), spec.suite() + "/" + spec.name(), 1, 1, "conformance", null);
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
        Map<String, List<Long>> ids = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), suite.name()))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(suite.events());
        }
        Map<String, List<Boolean>> layouts = new HashMap<>();
        suite.specs().forEach(spec -> layouts.put(spec.name(), slots(spec.query())));
        for (Alert alert : alerts) {
            List<Long> found = ids.computeIfAbsent(alert.ruleId(), k -> new ArrayList<>());
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
