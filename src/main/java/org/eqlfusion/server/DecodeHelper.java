package org.eqlfusion.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A second pair of hands for decoding one request: the request's batches are claimed one at a
 * time, in order, by the request's own thread and by this one, each decoding the next unclaimed
 * batch as soon as it is free, and the request's thread offers them to the engine in order as
 * they are done. Decoding is most of what the last events of a 1,000-event {@code _bulk} request
 * wait for when the engine keeps up.
 *
 * <p>Never slower than decoding alone: the helper only takes batches nobody has begun (under load
 * it is busy with other requests', and by the time it comes to this one the request's thread has
 * claimed them all), and a stopped request (the engine is behind) has none claimed after it.
 */
final class DecodeHelper implements AutoCloseable {

    /** The batches of one request: claimed in order by either thread, each decoded once. */
    static final class Batches<T> implements Runnable {
        private final IntFunction<T> decode;
        private final CompletableFuture<T>[] done;
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean stopped;

        @SuppressWarnings("unchecked")
        Batches(int count, IntFunction<T> decode) {
            this.decode = decode;
            this.done = new CompletableFuture[count];
            for (int i = 0; i < count; i++) {
                done[i] = new CompletableFuture<>();
            }
        }

        /** The helper's share: batches nobody has claimed, until none is left. */
        @Override
        public void run() {
            while (claimAndDecode()) {
                // the next one
            }
        }

        /** Batch {@code index} decoded, decoding unclaimed ones (in order) while it is not done yet. */
        T get(int index) {
            while (!done[index].isDone() && claimAndDecode()) {
                // the helper has it, or had it first: decode the next one meanwhile
            }
            return done[index].join();
        }

        /** No batch is claimed after this (what is under way finishes; nobody waits for it). */
        void stop() {
            stopped = true;
        }

        private boolean claimAndDecode() {
            if (stopped) {
                return false;
            }
            int i = next.getAndIncrement();
            if (i >= done.length) {
                return false;
            }
            try {
                done[i].complete(decode.apply(i));
            } catch (RuntimeException | Error e) {
                done[i].completeExceptionally(e);
            }
            return true;
        }
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "eql-fusion-decode-helper");
        t.setDaemon(true);
        return t;
    });

    /** The {@code count} batches of a request, the helper joining in on them; the caller collects each with {@link Batches#get}. */
    <T> Batches<T> share(int count, IntFunction<T> decode) {
        Batches<T> batches = new Batches<>(count, decode);
        if (count > 1) {
            try {
                thread.execute(batches);
            } catch (RejectedExecutionException closed) {
                // closing: the caller decodes them all itself
            }
        }
        return batches;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
