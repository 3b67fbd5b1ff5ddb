package org.eqlfusion.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Splits rule files over several KieSessions that run side by side, one writer thread each: every
 * session gets every event in the same order and runs its share of the rules, so the alerts are
 * those of one session holding them all.
 *
 * <p>A file that raises alerts belongs to one session. A file that raises none — the sequence
 * state machine ({@code sequences.drl}), declarations, functions — goes to every session, since it
 * keeps each session's own state. The others are dealt out largest first, each to the session
 * with the least DRL so far: the length of a rule's DRL goes with how many constraints and
 * literals it tests, so the sessions get about the same work. (Dealt out in turn by name, the
 * catalogue's two halves took 2.6 and 3.4 s of CPU on the same events; by size, 3.2 and 3.0 s.)
 */
public final class RulePartition {

    private static final Pattern RAISES_ALERTS = Pattern.compile("\\balerts\\s*\\.\\s*raise\\s*\\(");

    private RulePartition() {
    }

    /** Whether a DRL file raises no alert, so that every session holds it. */
    public static boolean sharedByAll(String drl) {
        return !RAISES_ALERTS.matcher(drl).find();
    }

    /**
     * The files of each session, one map (file name to DRL text) per session, the shared files in
     * all of them. One session gets everything.
     */
    public static List<Map<String, String>> split(Map<String, String> sources, int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("at least one session: " + sessions);
        }
        List<Map<String, String>> parts = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            parts.add(new TreeMap<>());
        }
        List<String> own = new ArrayList<>();
        for (Map.Entry<String, String> file : new TreeMap<>(sources).entrySet()) {
            if (sessions == 1 || sharedByAll(file.getValue())) {
                parts.forEach(part -> part.put(file.getKey(), file.getValue()));
            } else {
                own.add(file.getKey());
            }
        }
        own.sort(Comparator.comparingInt((String name) -> -sources.get(name).length()).thenComparing(name -> name));
        long[] dealt = new long[sessions];
        for (String name : own) {
            int least = 0;
            for (int i = 1; i < sessions; i++) {
                least = dealt[i] < dealt[least] ? i : least;
            }
            dealt[least] += sources.get(name).length();
            parts.get(least).put(name, sources.get(name));
        }
        return parts;
    }
}
