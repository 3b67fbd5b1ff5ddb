package org.eqlfusion.engine;

import java.util.ArrayList;
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
 * keeps each session's own state. Rules that keep state (partial sequences, samples) and rules on
 * single events are dealt out in turn each, in file-name order, so that both kinds are spread.
 */
public final class RulePartition {

    private static final Pattern RAISES_ALERTS = Pattern.compile("\\balerts\\s*\\.\\s*raise\\s*\\(");
    private static final Pattern KEEPS_STATE = Pattern.compile("\\b(PartialSequence|Sample)\\b");

    private RulePartition() {
    }

    /** Whether a DRL file raises no alert, so that every session holds it. */
    public static boolean sharedByAll(String drl) {
        return !RAISES_ALERTS.matcher(drl).find();
    }

    /**
     * The files of each session: {@code sessions} maps from file name to DRL text, the shared files
     * in all of them. One session gets everything.
     */
    public static List<Map<String, String>> split(Map<String, String> sources, int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("at least one session: " + sessions);
        }
        List<Map<String, String>> parts = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            parts.add(new TreeMap<>());
        }
        List<String> stateful = new ArrayList<>();
        List<String> single = new ArrayList<>();
        for (Map.Entry<String, String> file : new TreeMap<>(sources).entrySet()) {
            if (sessions == 1 || sharedByAll(file.getValue())) {
                parts.forEach(part -> part.put(file.getKey(), file.getValue()));
            } else {
                (KEEPS_STATE.matcher(file.getValue()).find() ? stateful : single).add(file.getKey());
            }
        }
        int next = 0;
        for (List<String> kind : List.of(stateful, single)) {
            for (String name : kind) {
                parts.get(next++ % sessions).put(name, sources.get(name));
            }
        }
        return parts;
    }
}
