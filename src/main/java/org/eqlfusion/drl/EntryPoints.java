package org.eqlfusion.drl;

import java.util.List;
import org.eqlfusion.route.RouteKey;

/**
 * Which entry point a generated pattern reads its events from. The engine's router inserts an
 * event only into entry points with a pattern the event could match, judged from the patterns'
 * own {@code category(...)} and exact-value constraints ({@link RouteKey}). A pattern with a
 * selective key ({@code inIgnoreCase("process.name", "mmc.exe")}) reads an entry point named by
 * that key ({@code "process.name: mmc.exe"}, cut short when long), which only events holding such a
 * value reach, shared with the patterns of the same key; the other patterns of a category share
 * one entry point per category ("process events"), where Drools shares their common conditions; a
 * pattern keyed on several categories or an event type reads the entry point of that key
 * ({@code "event.category: file | process"}); patterns keyed on the platform only, or not at all,
 * read the default entry point, which every event reaches.
 */
final class EntryPoints {

    /** Longer key names are cut short: an entry point name is for reading. */
    private static final int MAX_NAME = 80;

    private EntryPoints() {
    }

    /**
     * The key as an entry point name ({@code process.name: cmd.exe}, {@code process.executable
     * ends with \\curl.exe}): patterns with the same key share the entry point, so an event that
     * has the value goes in once for all of them, and its name says which events reach them.
     */
    private static String name(RouteKey key) {
        List<String> alternatives = new java.util.ArrayList<>();
        for (RouteKey.FieldValues f : key.anyOf()) {
            alternatives.add(f.field() + (f.suffixes() ? " ends with " : ": ") + String.join(" | ", new java.util.TreeSet<>(f.values())));
        }
        return String.join(" or ", alternatives);
    }

    /** The entry point for a pattern with these constraints, or null for the default one. */
    static String of(List<String> constraints) {
        RouteKey best = null;
        String category = null;
        for (String constraint : constraints) {
            RouteKey key = RouteKey.parse(constraint);
            if (key == null) {
                continue;
            }
            if (category == null && key.categories() != null && key.categories().size() == 1) {
                category = key.categories().iterator().next();
            }
            if (key.narrowerThan(best)) {
                best = key;
            }
        }
        if (best != null && best.selective()) {
            return readable(best);
        }
        if (category != null) {
            return category + " events";
        }
        // keyed on several categories or an event type: an entry point of that key keeps it from
        // the events of other kinds; keyed on the platform only (host.os.type == "linux"), the
        // default entry point serves it as well, where one shared node rejects the other systems' events
        return best != null && !best.platformOnly() ? readable(best) : null;
    }

    /**
     * A key's name cut short for reading, when long (400 program names): its beginning, how many
     * values it has and a digest of the whole, so that patterns with the same long key still share
     * one entry point. (The name only groups patterns; the router reads each pattern's own
     * constraints, so two keys sharing a name would only share insertions, never change a match.)
     */
    private static String readable(RouteKey key) {
        String name = name(key);
        if (name.length() <= MAX_NAME) {
            return name;
        }
        int cut = Math.max(name.lastIndexOf(" | ", MAX_NAME - 30), name.lastIndexOf(" or ", MAX_NAME - 30));
        String head = name.substring(0, cut > 0 ? cut : MAX_NAME - 30);
        int values = key.anyOf().stream().mapToInt(f -> f.values().size()).sum();
        return head + " ... (" + values + " values, " + String.format("%08x", name.hashCode()) + ")";
    }
}
