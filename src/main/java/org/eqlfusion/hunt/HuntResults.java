package org.eqlfusion.hunt;

import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.event.EcsEvent;

/**
 * A hunt's matches as the engine reports them, made into its results in Elasticsearch's order:
 * each match a result, or, for a sample with several samples per key, each filter's matches
 * combined into samples at the end ({@link SampleCombinations}).
 */
public final class HuntResults {

    private final HuntQuery query;
    private final SampleCombinations combinations;
    private final List<HuntMatch> matches = new ArrayList<>();

    HuntResults(HuntQuery query, SampleCombinations combinations) {
        this.query = query;
        this.combinations = combinations;
    }

    /** A match of the rule {@code ruleId} (one of the query's) with its events and join keys. */
    public void add(String ruleId, List<EcsEvent> events, List<Object> joinKeys) {
        if (combinations != null) {
            combinations.add(query.ruleIds().indexOf(ruleId), events.get(0));
        } else {
            matches.add(query.result(events, joinKeys));
        }
    }

    /** Every result, in Elasticsearch's order, before the query's pipes pick among them. */
    public List<HuntMatch> ordered() {
        List<HuntMatch> all = new ArrayList<>();
        for (HuntMatch match : combinations != null ? combinations.samples() : matches) {
            all.add(query.presented(match));
        }
        all.sort(query.order());
        return all;
    }
}
