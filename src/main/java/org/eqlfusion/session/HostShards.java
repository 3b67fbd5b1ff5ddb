package org.eqlfusion.session;

import java.util.List;
import org.eqlfusion.event.EcsEvent;

/**
 * Which host shard an event goes to: by its {@code host.id} (the first value when it has several),
 * the same shard for every event of a host. An event without one goes to the first shard: no
 * sequence keyed by {@code host.id} takes it, and a rule without state needs it once, anywhere.
 *
 * <p>An event listing several hosts is given to the shard of the first only: a sequence that
 * would join it with an event of another of its hosts is found when that host falls in the same
 * shard (always, with one session). ECS has one {@code host.id} per event.
 */
final class HostShards {

    static final String HOST_FIELD = "host.id";

    private HostShards() {
    }

    /** The shard, from 0, of {@code event} among {@code shards}. */
    static int of(EcsEvent event, int shards) {
        if (shards == 1) {
            return 0;
        }
        Object host = event.get(HOST_FIELD);
        if (host instanceof List<?> values) {
            host = values.isEmpty() ? null : values.get(0);
        }
        // by the text, so that a number and the same digits as a string go to the same shard
        return host == null ? 0 : Math.floorMod(host.toString().hashCode(), shards);
    }
}
