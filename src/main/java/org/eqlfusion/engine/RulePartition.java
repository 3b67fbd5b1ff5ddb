package org.eqlfusion.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits rule files over several KieSessions that run side by side, one writer thread each: every
 * session gets every event in the same order and runs its share of the rules, so the alerts are
 * those of one session holding them all.
 *
 * <p>A file that raises alerts belongs to one session. A file that raises none — the sequence
 * state machine ({@code sequences.drl}), declarations, functions — goes to every session, since it
 * keeps each session's own state. The others are dealt out largest first: the length of a rule's
 * DRL goes with how many constraints and literals it tests, so each session is given about the
 * same length. Among the sessions that can take a file without going more than
 * {@value #BALANCE_SLACK_PERCENT} % over an even share, the file goes to the one that already reads
 * most of its narrow entry points (those named by a specific key, not {@link #broad}), else to the
 * one with the least DRL. An entry point in two sessions costs an event two insertions, and the
 * conditions its patterns share are tested twice. (The catalogue, dealt out in turn by name: 2.6
 * and 3.4 s of CPU on the same events; by size alone: 3.2 and 3.0 s, 11.2 insertions per event; by
 * size and narrow entry point, its entry points named by key: 10.3, against 8.8 in one session.)
 */
public final class RulePartition {

    /** How far over an even share of DRL a session may go to take a file whose entry points it already has. */
    static final long BALANCE_SLACK_PERCENT = 3;

    private static final Pattern RAISES_ALERTS = Pattern.compile("\\balerts\\s*\\.\\s*raise\\s*\\(");
    private static final Pattern ENTRY_POINT = Pattern.compile("from\\s+entry-point\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RulePartition() {
    }

    /** Whether a DRL file raises no alert, so that every session holds it. */
    public static boolean sharedByAll(String drl) {
        return !RAISES_ALERTS.matcher(drl).find();
    }

    /** The named entry points a file's patterns read, as written in the DRL. */
    public static Set<String> entryPointsOf(String drl) {
        Set<String> names = new HashSet<>();
        Matcher m = ENTRY_POINT.matcher(drl);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
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
        deal(own, sources, parts);
        return parts;
    }

    /** Deals {@code files}, largest first, over {@code parts} (see the class comment). */
    private static void deal(List<String> files, Map<String, String> sources, List<Map<String, String>> parts) {
        int sessions = parts.size();
        long share = share(files.stream().mapToLong(name -> sources.get(name).length()).sum(), sessions);
        long[] dealt = new long[sessions];
        List<Set<String>> entryPoints = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            entryPoints.add(new HashSet<>());
        }
        for (String name : files) {
            String drl = sources.get(name);
            int chosen = sessionFor(drl, dealt, entryPoints, share);
            dealt[chosen] += drl.length();
            entryPoints.get(chosen).addAll(entryPointsOf(drl));
            parts.get(chosen).put(name, drl);
        }
    }

    /** The most DRL a session should hold when {@code total} is dealt out over {@code sessions}. */
    public static long share(long total, int sessions) {
        return (total + total * BALANCE_SLACK_PERCENT / 100) / sessions;
    }

    /**
     * The session for one more file: of those that stay within {@code share} with it, the one
     * already reading most of its narrow entry points (the least DRL on a tie), else the one with
     * the least DRL.
     *
     * @param dealt       the length of the DRL each session holds
     * @param entryPoints the entry points each session's files read
     */
    public static int sessionFor(String drl, long[] dealt, List<Set<String>> entryPoints, long share) {
        List<String> narrow = entryPointsOf(drl).stream().filter(ep -> !broad(ep)).toList();
        int chosen = leastDealt(dealt);
        int mostShared = -1;
        for (int i = 0; i < dealt.length; i++) {
            if (dealt[i] + drl.length() > share) {
                continue;
            }
            int shared = (int) narrow.stream().filter(entryPoints.get(i)::contains).count();
            if (shared > mostShared || shared == mostShared && dealt[i] < dealt[chosen]) {
                chosen = i;
                mostShared = shared;
            }
        }
        return chosen;
    }

    /**
     * Whether an entry point takes a large share of all events, as the compiler names them: a
     * category's ({@code "process events"}) or one keyed by an {@code event.*} field, which names a
     * kind of activity many events share ({@code "event.category: file | process"},
     * {@code "event.action: exec"}). Files are not drawn together by these: every event there is
     * tested by all their patterns, work the length of the DRL does not show. (The catalogue on
     * 300,000 events: drawn together by every entry point, one session took 4.0 s of CPU and the
     * other 2.4; by all but these, 2.9 and 3.0.)
     */
    static boolean broad(String entryPoint) {
        return entryPoint.endsWith(" events") || entryPoint.startsWith("event.");
    }

    private static int leastDealt(long[] dealt) {
        int least = 0;
        for (int i = 1; i < dealt.length; i++) {
            least = dealt[i] < dealt[least] ? i : least;
        }
        return least;
    }
}
