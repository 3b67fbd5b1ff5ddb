package org.eqlfusion.session;

import java.util.List;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.HostScope;

/**
 * Which host shards an event goes to: the shard of its {@code host.id}, the same for every event
 * of a host; an event without one, to the first (no sequence keyed by {@code host.id} takes it, and
 * a rule without state needs it once, anywhere). An event listing several hosts goes to the shard
 * of each, where it joins sequences by that shard's hosts only and alerts as a single event only
 * in its first host's shard ({@link HostScope}).
 */
final class HostShards {

    /** The most host shards: their set is a bit mask. */
    static final int MAX_SHARDS = 64;

    private HostShards() {
    }

    /** The shards of {@code event} among {@code shards}, as a bit mask (bit i: shard i). */
    static long of(EcsEvent event, int shards) {
        if (shards == 1) {
            return 1L;
        }
        Object host = event.get(HostScope.HOST_FIELD);
        if (!(host instanceof List<?> hosts)) {
            return 1L << HostScope.shardOf(host, shards);
        }
        // the first host's shard is among them; no host at all: the first shard
        long mask = hosts.isEmpty() ? 1L : 0L;
        for (Object each : hosts) {
            mask |= 1L << HostScope.shardOf(each, shards);
        }
        return mask;
    }
}
