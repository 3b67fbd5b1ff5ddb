package org.eqlfusion.hunt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.sequence.SequenceKey;

/**
 * Several samples per join key, as Elasticsearch's {@code max_samples_per_key} asks: each filter's
 * matches are compiled and found by the engine as event queries; here, per key, the first
 * combinations of them that take a different event for each filter are the samples, tried filter
 * by filter in time order (a depth-first walk, as Elasticsearch's), at most {@code perKey} of them.
 */
final class SampleCombinations {

    private final Query.Sample sample;
    private final int perKey;
    /** Per join key, per filter (0-based), the events that matched it, in time order. */
    private final Map<SequenceKey, List<List<EcsEvent>>> byKey = new LinkedHashMap<>();

    SampleCombinations(Query.Sample sample, int perKey) {
        this.sample = sample;
        this.perKey = perKey;
    }

    /** {@code event} matched filter {@code filter} (0-based): it counts for each of its join keys. */
    void add(int filter, EcsEvent event) {
        List<String> fields = new ArrayList<>();
        for (List<Expr> keys : List.of(sample.by(), sample.stages().get(filter).by())) {
            keys.forEach(k -> fields.add((((Expr.Field) k).optional() ? "?" : "") + ((Expr.Field) k).name()));
        }
        for (SequenceKey key : event.keys(fields.toArray(String[]::new))) {
            List<List<EcsEvent>> filters = byKey.computeIfAbsent(key, k -> {
                List<List<EcsEvent>> lists = new ArrayList<>();
                sample.stages().forEach(s -> lists.add(new ArrayList<>()));
                return lists;
            });
            filters.get(filter).add(event);
        }
    }

    /** The samples, key by key (in no order: the caller orders them). */
    List<HuntMatch> samples() {
        List<HuntMatch> out = new ArrayList<>();
        for (Map.Entry<SequenceKey, List<List<EcsEvent>>> key : byKey.entrySet()) {
            List<List<EcsEvent>> combos = new ArrayList<>();
            for (List<EcsEvent> events : key.getValue()) {
                events.sort(HuntMatch.TIME_ORDER);
            }
            walk(key.getValue(), new ArrayList<>(), combos);
            combos.forEach(c -> out.add(new HuntMatch(c, key.getKey().values(), false)));
        }
        return out;
    }

    private void walk(List<List<EcsEvent>> filters, List<EcsEvent> chosen, List<List<EcsEvent>> combos) {
        for (EcsEvent event : filters.get(chosen.size())) {
            if (combos.size() == perKey) {
                return;
            }
            if (chosen.contains(event)) {
                continue;
            }
            chosen.add(event);
            if (chosen.size() == filters.size()) {
                combos.add(List.copyOf(chosen));
            } else {
                walk(filters, chosen, combos);
            }
            chosen.remove(chosen.size() - 1);
        }
    }
}
