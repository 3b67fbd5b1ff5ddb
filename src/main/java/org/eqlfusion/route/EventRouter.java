package org.eqlfusion.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.IpAddresses;
import org.eqlfusion.event.Schema;
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
 */
public final class EventRouter {

    private final List<Target> always = new ArrayList<>();
    private final Map<String, FieldIndex> byField = new HashMap<>();
    private final List<EntryPoint> entryPoints = new ArrayList<>();
    /** byField as arrays, to walk when the event has more fields than are indexed. */
    private final String[] indexedFields;
    private final FieldIndex[] indexes;
    private final int[] seen;
    private int epoch;

    private EventRouter(KieSession session) {
        Map<String, List<List<String>>> patterns = EntryPointPatterns.read(session.getKieBase());
        for (Map.Entry<String, List<List<String>>> entry : patterns.entrySet()) {
            EntryPoint entryPoint = session.getEntryPoint(entry.getKey());
            if (entryPoint == null) {
                continue;
            }
            int id = entryPoints.size();
            entryPoints.add(entryPoint);
            for (List<String> path : entry.getValue()) {
                add(id, path);
            }
        }
        seen = new int[entryPoints.size()];
        indexedFields = byField.keySet().toArray(String[]::new);
        indexes = java.util.Arrays.stream(indexedFields).map(byField::get).toArray(FieldIndex[]::new);
    }

    /** The router for the session's KieBase as it is now (build it again after the KieBase changes). */
    public static EventRouter of(KieSession session) {
        return new EventRouter(session);
    }

    /** The entry points {@code event} is to be inserted into, each once. Not thread-safe (the session writer's). */
    public List<EntryPoint> entryPointsFor(EcsEvent event) {
        if (++epoch == 0) {
            java.util.Arrays.fill(seen, 0);
            epoch = 1;
        }
        List<EntryPoint> out = new ArrayList<>(4);
        for (Target t : always) {
            take(t, out);
        }
        List<String> categories = foldedValues(event, RouteKey.CATEGORY);
        Map<String, Object> fields = event.getFields();
        if (indexedFields.length <= fields.size()) {
            // few indexed fields (a handful of rules): look each up in the event
            for (int i = 0; i < indexedFields.length; i++) {
                if (fields.get(indexedFields[i]) != null) {
                    route(event, indexedFields[i], indexes[i], categories, out);
                }
            }
        } else {
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                FieldIndex index = byField.get(field.getKey());
                if (index != null && field.getValue() != null) {
                    route(event, field.getKey(), index, categories, out);
                }
            }
        }
        return out;
    }

    /** Takes the entry points whose key on {@code field} the event's value meets. */
    private void route(EcsEvent event, String field, FieldIndex index, List<String> categories, List<EntryPoint> out) {
        Schema.Type type = event.schemaTypeOf(field);
        if (type == Schema.Type.DATE) {
            // equality there is by instant, not text: every pattern keyed on it may match
            for (Target t : index.all) {
                takeIfCategory(t, categories, out);
            }
            return;
        }
        if (type == Schema.Type.IP) {
            // the event holds the address's canonical text: patterns keyed on that address, and
            // those keyed on a CIDR block (or anything not an address), may match
            for (Target t : index.notAddresses) {
                takeIfCategory(t, categories, out);
            }
            for (String value : foldedValues(event, field)) {
                List<Target> targets = index.byAddress.get(value);
                if (targets != null) {
                    for (Target t : targets) {
                        takeIfCategory(t, categories, out);
                    }
                }
            }
            return;
        }
        for (String value : foldedValues(event, field)) {
            List<Target> targets = index.byValue.get(value);
            if (targets != null) {
                for (Target t : targets) {
                    takeIfCategory(t, categories, out);
                }
            }
            if (!index.byEnd.isEmpty() && value.length() >= RouteKey.MIN_SUFFIX) {
                List<Ending> endings = index.byEnd.get(value.substring(value.length() - RouteKey.MIN_SUFFIX));
                if (endings != null) {
                    for (Ending e : endings) {
                        if (value.endsWith(e.suffix)) {
                            takeIfCategory(e.target, categories, out);
                        }
                    }
                }
            }
        }
    }

    private void takeIfCategory(Target t, List<String> categories, List<EntryPoint> out) {
        if (t.categories == null) {
            take(t, out);
            return;
        }
        for (String category : categories) {
            if (t.categories.contains(category)) {
                take(t, out);
                return;
            }
        }
    }

    private void take(Target t, List<EntryPoint> out) {
        if (seen[t.entryPoint] != epoch) {
            seen[t.entryPoint] = epoch;
            out.add(entryPoints.get(t.entryPoint));
        }
    }

    /** The field's values folded for case, from the event's own memo: the patterns it reaches read the same. */
    @SuppressWarnings("unchecked")
    private static List<String> foldedValues(EcsEvent event, String field) {
        Object folded = event.foldedValue(field);
        return folded == null ? List.of() : folded instanceof List<?> many ? (List<String>) many : List.of((String) folded);
    }

    /** Files one pattern (one alpha path) under the narrowest key its constraints give. */
    private void add(int entryPoint, List<String> path) {
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
        if (best == null) {
            always.add(new Target(entryPoint, null));
            return;
        }
        // the category, when the key is about something else, is one more thing the event must have
        Target target = new Target(entryPoint, best.categories() == null ? categories : null);
        for (RouteKey.FieldValues alternative : best.anyOf()) {
            FieldIndex index = byField.computeIfAbsent(alternative.field(), f -> new FieldIndex());
            index.all.add(target);
            boolean notAllAddresses = false;
            for (String value : alternative.values()) {
                // on an IP field, the value as an address (events hold the canonical text)
                String address = alternative.suffixes() ? null : IpAddresses.canonical(value);
                if (address == null) {
                    notAllAddresses = true;
                } else {
                    index.byAddress.computeIfAbsent(RouteKey.fold(address), v -> new ArrayList<>()).add(target);
                }
                if (alternative.suffixes()) {
                    // filed under its last characters: a value's own last characters find it
                    String last = value.substring(value.length() - RouteKey.MIN_SUFFIX);
                    index.byEnd.computeIfAbsent(last, v -> new ArrayList<>()).add(new Ending(value, target));
                } else {
                    index.byValue.computeIfAbsent(value, v -> new ArrayList<>()).add(target);
                }
            }
            if (notAllAddresses) {
                index.notAddresses.add(target);
            }
        }
    }

    /** @param categories the event must have one of these categories (folded) too, or null */
    private record Target(int entryPoint, Set<String> categories) {
    }

    /** A pattern that requires the field's value to end with {@code suffix} (folded). */
    private record Ending(String suffix, Target target) {
    }

    private static final class FieldIndex {
        final Map<String, List<Target>> byValue = new HashMap<>();
        /** Endings, by their last {@link RouteKey#MIN_SUFFIX} characters. */
        final Map<String, List<Ending>> byEnd = new HashMap<>();
        final List<Target> all = new ArrayList<>();
        /** For an IP field: by the canonical address of each value, and the patterns with a value that is no address (a CIDR block). */
        final Map<String, List<Target>> byAddress = new HashMap<>();
        final List<Target> notAddresses = new ArrayList<>();
    }
}
