package org.eqlfusion.session;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.event.EcsEvent;

/**
 * A {@link SessionShard} on a thread of its own: the session driver hands it runs of ordered
 * events, which it enters in the order given, then moves its clock to where the run ended (a host
 * shard is given only some of the run's events). A bounded queue: when this session falls behind,
 * the driver waits for it (and so, in turn, do the transports).
 */
final class ShardWorker {

    private static final Logger LOG = Logger.getLogger(ShardWorker.class.getName());
    /** Runs of events that may wait; with runs of up to {@link SessionSet#RUN_LENGTH} events. */
    private static final int QUEUE_RUNS = 256;

    private final SessionShard shard;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_RUNS);
    private final Thread thread;
    private volatile Throwable failure;

    /**
     * @param hostShard which host shard of {@code hostShards} this session is, or -1 when it is given every event
     */
    ShardWorker(SessionShard shard, String name, int hostShard, int hostShards) {
        this.shard = shard;
        this.thread = new Thread(() -> {
            if (hostShard >= 0) {
                org.eqlfusion.event.HostScope.enter(hostShard, hostShards);
            }
            run();
        }, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    Throwable failure() {
        return failure;
    }

    /**
     * Events of one run of the driver: those for this session, in order, out of {@code released};
     * the run ends at session time {@code sessionTime}, its last event at {@code lastMillis}.
     */
    record Run(List<EcsEvent> events, int released, long sessionTime, long lastMillis) {
    }

    /** Hands over a run of events in order; waits while the queue is full. */
    void enter(Run run) throws InterruptedException {
        put(run);
    }

    /** Completes once everything handed over before it is processed; with {@code stop}, settles the timers and ends. */
    CompletableFuture<Void> barrier(boolean stop) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        put(new Barrier(done, stop));
        return done;
    }

    /**
     * Stops this session after the events handed over before it, until {@link Pause#resume}: while
     * it waits, another thread may change the session or its KieBase.
     */
    Pause pause() throws InterruptedException {
        Pause pause = new Pause(this);
        put(pause);
        return pause;
    }

    /** A session stopped between two events, for a change made from another thread. */
    static final class Pause implements Awaited {
        private final ShardWorker worker;
        private final CompletableFuture<Void> stopped = new CompletableFuture<>();
        private final java.util.concurrent.CountDownLatch resumed = new java.util.concurrent.CountDownLatch(1);

        private Pause(ShardWorker worker) {
            this.worker = worker;
        }

        /** Waits until the session has stopped; throws when its thread failed instead. */
        void awaitStopped() throws InterruptedException {
            while (true) {
                try {
                    stopped.get(100, TimeUnit.MILLISECONDS);
                    return;
                } catch (java.util.concurrent.TimeoutException e) {
                    if (worker.failure != null) {
                        throw new IllegalStateException("a session writer stopped: " + worker.failure, worker.failure);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a session writer stopped: " + e.getCause(), e.getCause());
                }
            }
        }

        @Override
        public CompletableFuture<Void> done() {
            return stopped;
        }

        /** Lets the session go on with the events after the pause. */
        void resume() {
            resumed.countDown();
        }
    }

    /** After the driver failed: stop without settling anything. */
    void abandon() {
        thread.interrupt();
    }

    private void put(Object item) throws InterruptedException {
        do {
            if (failure != null) {
                throw new IllegalStateException("a session writer stopped: " + failure, failure);
            }
        } while (!queue.offer(item, 100, TimeUnit.MILLISECONDS));
        if (failure != null) {
            // it stopped meanwhile, perhaps after failing what it held: fail what it will never take
            Awaited.failAll(null, queue, failure);
        }
    }

    private void run() {
        Object item = null;
        try {
            while (true) {
                item = queue.take();
                if (item instanceof Barrier barrier) {
                    shard.countFacts();
                    if (barrier.stop()) {
                        shard.settleTimers();
                        shard.dispose();
                        barrier.done().complete(null);
                        return;
                    }
                    barrier.done().complete(null);
                } else if (item instanceof Pause pause) {
                    pause.stopped.complete(null);
                    pause.resumed.await();
                } else {
                    Run run = (Run) item;
                    for (EcsEvent event : run.events()) {
                        shard.process(event);
                    }
                    shard.reach(run.released() - run.events().size(), run.sessionTime(), run.lastMillis());
                    shard.countFacts();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(Level.SEVERE, "session writer " + thread.getName() + " stopped", e);
            Awaited.failAll(item, queue, e);
            shard.dispose();
        }
    }

    private record Barrier(CompletableFuture<Void> done, boolean stop) implements Awaited {
    }
}
