package org.eqlfusion.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.DrlGenerator;
import org.eqlfusion.drl.UnsupportedQueryException;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.eql.parser.EqlException;
import org.eqlfusion.hunt.HuntMatch;
import org.eqlfusion.hunt.HuntQuery;
import org.eqlfusion.hunt.HuntResults;

/**
 * Runs every query of a suite as {@code hunt} runs one, all at once: each query is compiled as a
 * hunt (its name as rule_id) into one KieBase, the suite's events go through one session in event
 * order, and each query's matches are put in Elasticsearch's order and cut by its pipes.
 */
final class ConformanceRunner {

    /**
     * A query's outcome: the ids of each result (an event, a sequence, a sample) and its join keys
     * as hunt prints them, or why it could not run.
     */
    record Outcome(List<List<Long>> results, List<List<Object>> joinKeys, String failure) {

        Outcome(String failure) {
            this(null, null, failure);
        }

        /** The first {@code size} results, flattened, as Elasticsearch returns them for a request of that size. */
        List<Long> ids(int size) {
            return results.stream().limit(size).flatMap(List::stream).toList();
        }

        /** The join keys of the first {@code size} results, flattened. */
        List<Object> keys(int size) {
            return joinKeys.stream().limit(size).flatMap(List::stream).toList();
        }
    }

    private ConformanceRunner() {
    }

    static Map<String, Outcome> run(ConformanceSuite suite) throws InterruptedException {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, String> drl = new TreeMap<>();
        Map<String, HuntQuery> queryOfFile = new HashMap<>();
        for (ConformanceSuite.Spec spec : suite.specs()) {
            try {
                HuntQuery query = HuntQuery.of(spec.name(), spec.query(), spec.maxSamplesPerKey());
                for (String text : query.drl()) {
                    String file = "conformance/q" + drl.size() + ".drl";
                    drl.put(file, text);
                    queryOfFile.put(file, query);
                }
            } catch (EqlException e) {
                outcomes.put(spec.name(), new Outcome("invalid EQL"));
            } catch (UnsupportedQueryException e) {
                outcomes.put(spec.name(), new Outcome("unsupported: " + e.reason()));
            }
        }
        drl.put(DrlGenerator.SEQUENCES_DRL, CatalogueCompiler.sequencesDrl());
        DrlBuild.Result built = DrlBuild.build(drl);
        for (String refused : built.errors().keySet()) {
            HuntQuery query = queryOfFile.get(refused);
            drl.keySet().removeIf(file -> queryOfFile.get(file) == query);
            queryOfFile.values().removeIf(q -> q == query);
            outcomes.put(query.name(), new Outcome("Drools refused the DRL: "
                    + built.errors().get(refused).get(0)));
        }
        if (!built.errors().isEmpty()) {
            built = DrlBuild.build(drl);
        }
        Map<String, HuntResults> resultsOfRule = new HashMap<>();
        Map<HuntQuery, HuntResults> results = new java.util.LinkedHashMap<>();
        for (HuntQuery query : new java.util.LinkedHashSet<>(queryOfFile.values())) {
            HuntResults r = query.results();
            results.put(query, r);
            query.ruleIds().forEach(id -> resultsOfRule.put(id, r));
        }
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), suite.name()))
                .lateness(Duration.ZERO)
                .onMatch((rule, events, joinKeys) -> resultsOfRule.get(rule.ruleId()).add(rule.ruleId(), events, joinKeys))
                .build()) {
            engine.submit(suite.events());
        }
        for (Map.Entry<HuntQuery, HuntResults> entry : results.entrySet()) {
            HuntQuery query = entry.getKey();
            List<List<Long>> ids = new ArrayList<>();
            List<List<Object>> keys = new ArrayList<>();
            for (HuntMatch match : query.window().select(entry.getValue().ordered())) {
                ids.add(match.events().stream().map(e -> e == null ? -1L : Long.parseLong(e.getId())).toList());
                keys.add(match.joinKeys());
            }
            outcomes.put(query.name(), new Outcome(ids, keys, null));
        }
        return outcomes;
    }
}
