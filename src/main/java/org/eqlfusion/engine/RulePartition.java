package org.eqlfusion.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How rule files run when the engine runs several sessions side by side, one writer thread each.
 * The events are split by host, not the rules: the {@link Placement#HOST_SHARDS host shards} are
 * sessions of one KieBase, each given the events of its share of the hosts ({@code host.id}), and
 * hold every rule whose answer for an event depends only on events of the same host. One more
 * session, of a KieBase of its own, is given every event and holds the rules that join events of
 * different hosts ({@link Placement#ALL_EVENTS}). An event is so run once by most rules, where
 * splitting the rules ran every event through every session's routing and shared patterns.
 *
 * <p>Which rules need only their host's events, read from the DRL (analysts edit it): a file that
 * keeps no state — no sequence or sample key ({@code keys(...)}), no {@code PartialSequence} or
 * {@code Sample}, inserts nothing — since an event leaves the session once its rules have fired;
 * and a file whose every {@code keys(...)} has {@code "host.id"} at the same place, since two
 * events then join only when their hosts are equal. An optional {@code "?host.id"} joins a missing
 * host with a missing host across hosts, so it does not count. A file raising no alert (the state
 * machine's {@code sequences.drl}, declarations, functions) is in every session
 * ({@link Placement#EVERY_SESSION}).
 */
public final class RulePartition {

    /** Where a rule file runs. */
    public enum Placement {
        /** Raises no alert: keeps each session's own state, so every session holds it. */
        EVERY_SESSION,
        /** Needs only the events of one host at a time: runs in the host shards. */
        HOST_SHARDS,
        /** May join events of different hosts: runs in the session given every event. */
        ALL_EVENTS
    }

    /** The index of the host shards' KieBase in a split. */
    public static final int HOST_SHARDS_KIEBASE = 0;
    /** The index of the KieBase of the session given every event in a split. */
    public static final int ALL_EVENTS_KIEBASE = 1;

    private static final Pattern RAISES_ALERTS = Pattern.compile("\\balerts\\s*\\.\\s*raise\\s*\\(");
    private static final Pattern KEYS = Pattern.compile("\\.\\s*keys\\s*\\(([^)]*)\\)");
    private static final Pattern STATE = Pattern.compile("\\b(PartialSequence|Sample|CompletedSequence|RecentEvent)\\b"
            + "|\\binsert(Logical)?\\s*\\(");
    private static final String HOST_KEY = "\"host.id\"";

    private RulePartition() {
    }

    /** Whether a DRL file raises no alert, so that every session holds it. */
    public static boolean sharedByAll(String drl) {
        return !RAISES_ALERTS.matcher(drl).find();
    }

    /** Where a DRL file runs when the engine runs several sessions (see the class comment). */
    public static Placement placementOf(String drl) {
        if (sharedByAll(drl)) {
            return Placement.EVERY_SESSION;
        }
        Matcher keys = KEYS.matcher(drl);
        int hostAt = -1;
        boolean keyed = false;
        while (keys.find()) {
            List<String> fields = Arrays.stream(keys.group(1).split(",")).map(String::strip).toList();
            int at = fields.indexOf(HOST_KEY);
            if (at < 0 || keyed && at != hostAt) {
                return Placement.ALL_EVENTS;
            }
            keyed = true;
            hostAt = at;
        }
        return keyed || !STATE.matcher(drl).find() ? Placement.HOST_SHARDS : Placement.ALL_EVENTS;
    }

    /**
     * The files of each KieBase (file name to DRL text): for one session, everything in one; for
     * more, the host shards' files ({@link #HOST_SHARDS_KIEBASE}) and those of the session given
     * every event ({@link #ALL_EVENTS_KIEBASE}), the files raising no alert in both.
     */
    public static List<Map<String, String>> split(Map<String, String> sources, int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("at least one session: " + sessions);
        }
        if (sessions == 1) {
            return List.of(new TreeMap<>(sources));
        }
        Map<String, String> hostShards = new TreeMap<>();
        Map<String, String> allEvents = new TreeMap<>();
        sources.forEach((name, drl) -> {
            Placement placement = placementOf(drl);
            if (placement != Placement.ALL_EVENTS) {
                hostShards.put(name, drl);
            }
            if (placement != Placement.HOST_SHARDS) {
                allEvents.put(name, drl);
            }
        });
        return new ArrayList<>(List.of(hostShards, allEvents));
    }

    /** How many KieBases {@link #split} makes for {@code sessions} host shards. */
    public static int kieBases(int sessions) {
        return sessions == 1 ? 1 : 2;
    }
}
