package org.eqlfusion.session;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.runtime.KieSession;

/**
 * A {@link SessionShard} on a thread of its own: the session driver hands it runs of ordered
 * events, which it enters in the order given. A bounded queue: when this session falls behind, the
 * driver waits for it (and so, in turn, do the transports).
 */
final class ShardWorker {

    private static final Logger LOG = Logger.getLogger(ShardWorker.class.getName());
    /** Runs of events that may wait; with runs of up to {@link SessionDriver#RUN_LENGTH} events. */
    private static final int QUEUE_RUNS = 256;

    private final SessionShard shard;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_RUNS);
    private final Thread thread;
    private volatile Throwable failure;

    ShardWorker(SessionShard shard, String name) {
        this.shard = shard;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    Throwable failure() {
        return failure;
    }

    /** Hands over a run of events in order; waits while the queue is full. */
    void enter(List<EcsEvent> run) throws InterruptedException {
        put(run);
    }

    /** Completes once everything handed over before it is processed; with {@code stop}, settles the timers and ends. */
    CompletableFuture<Void> barrier(boolean stop) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        put(new Barrier(done, stop));
        return done;
    }

    /** Runs {@code task} on the session, between the events handed over before and after it. */
    CompletableFuture<Void> onSession(Consumer<KieSession> task) throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        put(new Task(task, done));
        return done;
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
                } else if (item instanceof Task task) {
                    shard.change(task.task(), task.done());
                } else {
                    for (EcsEvent event : castRun(item)) {
                        shard.process(event);
                    }
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

    @SuppressWarnings("unchecked")
    private static List<EcsEvent> castRun(Object item) {
        return (List<EcsEvent>) item;
    }

    private record Barrier(CompletableFuture<Void> done, boolean stop) implements Awaited {
    }

    private record Task(Consumer<KieSession> task, CompletableFuture<Void> done) implements Awaited {
    }
}
