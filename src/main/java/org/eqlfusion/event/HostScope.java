package org.eqlfusion.event;

import java.util.ArrayList;
import java.util.List;

/**
 * The share of the hosts that the session on the current thread holds, when the engine splits the
 * events by host over host shards ({@code session.HostShards}); none on any other thread. An event
 * of one host goes to one shard. An event listing hosts of several shards goes to each of them,
 * and there it joins sequences only by the hosts that shard holds ({@link EcsEvent#keys}), and a
 * rule without state alerts on it only in the shard of its first host
 * ({@link #alertsHere(EcsEvent)}): every key and every alert once, as in one session.
 */
public final class HostScope {

    /** The field the events are split by. */
    public static final String HOST_FIELD = "host.id";

    private static final ThreadLocal<HostScope> CURRENT = new ThreadLocal<>();

    private final int shard;
    private final int shards;

    private HostScope(int shard, int shards) {
        this.shard = shard;
        this.shards = shards;
    }

    /** The thread running host shard {@code shard} of {@code shards} says so, once, before its first event. */
    public static void enter(int shard, int shards) {
        if (shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("no shard " + shard + " of " + shards);
        }
        CURRENT.set(new HostScope(shard, shards));
    }

    /** The shard, from 0, of one {@code host.id} value; by its text, so that 42 and "42" go together. */
    public static int shardOf(Object host, int shards) {
        return host == null ? 0 : Math.floorMod(host.toString().hashCode(), shards);
    }

    /** The shard of an event: that of its host, or of its first host when it lists several; 0 without one. */
    public static int shardOf(EcsEvent event, int shards) {
        Object host = event.get(HOST_FIELD);
        if (host instanceof List<?> values) {
            host = values.isEmpty() ? null : values.get(0);
        }
        return shards == 1 ? 0 : shardOf(host, shards);
    }

    /** Whether a rule without state should alert on {@code event} on this thread: not in a shard it was only copied to. */
    public static boolean alertsHere(EcsEvent event) {
        HostScope scope = CURRENT.get();
        return scope == null || !(event.get(HOST_FIELD) instanceof List<?>) || shardOf(event, scope.shards) == scope.shard;
    }

    /** Of several {@code host.id} values, those this thread's shard holds (all of them on other threads). */
    static List<?> held(List<?> hosts) {
        HostScope scope = CURRENT.get();
        if (scope == null) {
            return hosts;
        }
        List<Object> held = new ArrayList<>(hosts.size());
        for (Object host : hosts) {
            if (shardOf(host, scope.shards) == scope.shard) {
                held.add(host);
            }
        }
        return held;
    }
}
