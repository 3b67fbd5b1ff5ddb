package org.eqlfusion.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.EntryPoint;

/**
 * Decides which entry points of a session an event is inserted into: only those with a pattern
 * the event could match, judged by each pattern's {@link RouteKey}s (its category, the values one
 * field must hold, or the end its value must have). With the whole catalogue loaded, a process start named cmd.exe then
 * reaches the few rules about cmd.exe and the rules on process events in general, not the
 * hundreds about other programs, other categories or other data sources.
 *
 * <p>The keys are necessary conditions read from the very constraints Drools evaluates, so routing
 * never changes what matches: every pattern an event reaches still tests all its constraints.
 * A pattern without any key gets every event, and so does its entry point.
 *
 * <p>Patterns are filed per category ({@link CategoryRoutes}): an event is looked up only among the
 * patterns of its own categories and those that name none, so a network event never walks the
 * keys of process rules.
 */
public final class EventRouter {

    /** What {@link #entryPointsFor} answers, one list used again for every event. */
    private final List<EntryPoint> targets = new ArrayList<>(8);

    private final List<EntryPoint> entryPoints = new ArrayList<>();
    /** The patterns an event of each category may match, found by its fields' values. */
    private final Map<String, CategoryRoutes> byCategory = new HashMap<>();
    /** Those of an event with a category no pattern names, or with none: the patterns that name no category. */
    private final CategoryRoutes anyCategory = new CategoryRoutes();
    private final int[] seen;
    private int epoch;
    private final CategoryRoutes.Taker taker = this::take;

    private EventRouter(KieSession session) {
        Map<String, List<List<String>>> patterns = EntryPointPatterns.read(session.getKieBase());
        List<Filed> filed = new ArrayList<>();
        for (Map.Entry<String, List<List<String>>> entry : patterns.entrySet()) {
            EntryPoint entryPoint = session.getEntryPoint(entry.getKey());
            if (entryPoint == null) {
                continue;
            }
            int id = entryPoints.size();
            entryPoints.add(entryPoint);
            for (List<String> path : entry.getValue()) {
                filed.add(file(id, path));
            }
        }
        // every category any pattern names has its table, which also holds the patterns that name none
        filed.stream().filter(f -> f.categories() != null)
                .forEach(f -> f.categories().forEach(c -> byCategory.computeIfAbsent(c, k -> new CategoryRoutes())));
        for (Filed f : filed) {
            if (f.categories() == null) {
                anyCategory.add(f.entryPoint(), f.key());
                byCategory.values().forEach(routes -> routes.add(f.entryPoint(), f.key()));
            } else {
                f.categories().forEach(c -> byCategory.get(c).add(f.entryPoint(), f.key()));
            }
        }
        anyCategory.seal();
        byCategory.values().forEach(CategoryRoutes::seal);
        seen = new int[entryPoints.size()];
    }

    /** The router for the session's KieBase as it is now (build it again after the KieBase changes). */
    public static EventRouter of(KieSession session) {
        return new EventRouter(session);
    }

    /**
     * The entry points {@code event} is to be inserted into, each once. Not thread-safe (the session
     * writer's); the list is the router's own, filled again by the next call (a list made per event
     * was 3 % of what the server allocated under load).
     */
    public List<EntryPoint> entryPointsFor(EcsEvent event) {
        if (++epoch == 0) {
            java.util.Arrays.fill(seen, 0);
            epoch = 1;
        }
        List<EntryPoint> out = targets;
        out.clear();
        Object categories = event.foldedValue(RouteKey.CATEGORY);
        if (categories instanceof String category) {
            byCategory.getOrDefault(category, anyCategory).route(event, taker, out);
        } else if (categories == null || ((List<?>) categories).isEmpty()) {
            anyCategory.route(event, taker, out);
        } else {
            for (Object category : (List<?>) categories) {
                byCategory.getOrDefault((String) category, anyCategory).route(event, taker, out);
            }
        }
        return out;
    }

    /** Adds the entry point to {@code out} unless this event has it already. */
    private void take(int entryPoint, List<EntryPoint> out) {
        if (seen[entryPoint] != epoch) {
            seen[entryPoint] = epoch;
            out.add(entryPoints.get(entryPoint));
        }
    }

    /**
     * How one pattern (one alpha path) is filed: under the narrowest key its constraints give
     * (null: none), among the patterns of the categories it requires (null: any). A pattern keyed
     * on its category alone gets every event of that category.
     */
    private static Filed file(int entryPoint, List<String> path) {
        RouteKey best = null;
        Set<String> categories = null;
        for (String constraint : path) {
            RouteKey key = RouteKey.parse(constraint);
            if (key == null) {
                continue;
            }
            if (categories == null) {
                categories = key.categories();
            }
            if (key.narrowerThan(best)) {
                best = key;
            }
        }
        if (best != null && best.categories() != null) {
            return new Filed(entryPoint, best.categories(), null);
        }
        return new Filed(entryPoint, categories, best);
    }

    private record Filed(int entryPoint, Set<String> categories, RouteKey key) {
    }
}
