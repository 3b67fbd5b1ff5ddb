package org.eqlfusion.session;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/** An item on a writer's queue that someone waits on: a flush, a barrier, a change of the session. */
interface Awaited {

    CompletableFuture<Void> done();

    /** A writer stopped: {@code inHand} (if awaited) and every awaited item left in {@code queue} fail with {@code cause}. */
    static void failAll(Object inHand, Queue<Object> queue, Throwable cause) {
        Object item = inHand;
        do {
            if (item instanceof Awaited awaited) {
                awaited.done().completeExceptionally(cause);
            }
        } while ((item = queue.poll()) != null);
    }
}
