package org.eqlfusion.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.runtime.KieSession;

/**
 * Owns the stream-mode KieSessions of an engine and the thread that writes to them. Events are
 * taken in batches from a bounded queue, put back in event-time order by a {@link ReorderBuffer},
 * given their session time by the {@link SessionClock} (it never goes back: a late event takes the
 * time of the newest one before it), and handed to the sessions ({@link SessionSet}): one session
 * runs on this thread; several run each on a thread of its own, and this thread then only orders
 * the events, each host shard given those of its share of the hosts.
 *
 * <p>An event later than the allowed lateness is counted, reported, and still processed with its
 * own timestamp: it can start or extend only sequences whose events are older than it (rules
 * compare event times, not arrival), but it cannot undo what newer events already completed.
 */
public final class SessionDriver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SessionDriver.class.getName());
    /** Where ordered events go: one session on this thread, or several on threads of their own. */
    private final SessionSet sessions;
    private final ReorderBuffer buffer;
    private final LateEventListener lateListener;
    private final long idleFlushNanos;
    private final BlockingQueue<Object> queue;
    private final Thread writer;

    private final AtomicLong received = new AtomicLong();
    private volatile long late;
    private volatile long ahead;
    private volatile int buffered;
    private volatile long newestEventMillis = Long.MIN_VALUE;
    private volatile Throwable failure;
    private long nextSequenceNumber;
    /** The session time events go in at. */
    private final SessionClock clock;
    /** {@link #release}, made once: a method reference written at each call is an object per event. */
    private final Consumer<EcsEvent> toSessions = this::release;

    /**
     * @param session   a stream-mode session on a pseudo clock, with its globals set; the driver owns it from now on
     * @param lateness  how much later than the newest event an event may arrive and still be put in order
     * @param idleFlush when no event arrives for this long (wall time), everything buffered is processed; null never
     * @param queueCapacity how many batches may wait for the writer before {@link #submit} blocks
     */
    public SessionDriver(KieSession session, Duration lateness, Duration idleFlush, int queueCapacity,
                         LateEventListener lateListener) {
        this(List.of(session), 1, lateness, idleFlush, queueCapacity, Integer.MAX_VALUE, null, System::currentTimeMillis,
                lateListener);
    }

    /**
     * @param sessions    one or more sessions, each with its share of the rules
     * @param hostShards  how many of them, first in the list, are given the events of a share of the hosts
     *                    each; the others are given every event
     * @param maxBuffered the most events the reorder buffer holds; beyond it the earliest are processed early
     * @param maxFuture   an event dated further ahead of this machine's clock (its host's clock is wrong) is
     *                    processed as it comes, at the engine's time, without moving the watermark, nor the
     *                    clock beyond the machine's (see {@link SessionClock}); null: every event's time counts
     *                    (replays of any era)
     * @param machineMillis this machine's clock, epoch milliseconds ({@code System::currentTimeMillis})
     */
    public SessionDriver(List<KieSession> sessions, int hostShards, Duration lateness, Duration idleFlush,
                         int queueCapacity, int maxBuffered, Duration maxFuture, LongSupplier machineMillis,
                         LateEventListener lateListener) {
        this.sessions = new SessionSet(sessions, hostShards);
        this.buffer = new ReorderBuffer(lateness.toNanos(), maxBuffered);
        this.lateListener = lateListener;
        this.clock = new SessionClock(maxFuture, lateness, machineMillis);
        this.idleFlushNanos = idleFlush == null ? 0 : idleFlush.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::run, "eql-fusion-session-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** How many sessions the rules run in. */
    public int sessions() {
        return sessions.size();
    }

    /** Per session, the CPU time of the thread that runs it (see {@link SessionShard#cpuNanos()}). */
    public long[] sessionCpuNanos() {
        return sessions.shards().stream().mapToLong(SessionShard::cpuNanos).toArray();
    }

    /** Hands a batch to the writer, waiting while the queue is full. */
    public void submit(List<EcsEvent> batch) throws InterruptedException {
        checkRunning();
        received.addAndGet(batch.size());
        queue.put(batch);
    }

    /** Hands a batch to the writer if there is room now; false when the engine is behind (the caller should back off). */
    public boolean offer(List<EcsEvent> batch) {
        checkRunning();
        if (queue.offer(batch)) {
            received.addAndGet(batch.size());
            return true;
        }
        return false;
    }

    /** Whether a batch offered now would likely be taken (no promise: the writer's queue moves). */
    public boolean hasRoom() {
        return queue.remainingCapacity() > 0;
    }

    /** Processes everything submitted so far, buffered events included; completes once done. */
    public CompletableFuture<Void> flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!writer.isAlive()) {
            // closed (or failed): nothing is left to process
            done.complete(null);
            return done;
        }
        try {
            queue.put(new Flush(done, false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /**
     * Runs {@code task} on the sessions numbered {@code indexes} (from 0), all of them stopped after
     * the events handed over before it and before those after it — the one safe moment to change
     * them or their KieBase (a rule reload), even a KieBase they share. The task runs on the
     * writer's thread while the sessions wait; from then on events are routed by the rules as they are.
     */
    public CompletableFuture<Void> onSessions(List<Integer> indexes, java.util.function.Consumer<List<KieSession>> task) {
        for (int index : indexes) {
            if (index < 0 || index >= sessions()) {
                throw new IllegalArgumentException("no session " + index + " of " + sessions());
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!writer.isAlive()) {
            done.completeExceptionally(new IllegalStateException("the session writer has stopped"));
            return done;
        }
        try {
            queue.put(new Task(List.copyOf(indexes), task, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Flushes everything, stops the writer and disposes of the session. */
    @Override
    public void close() {
        if (!writer.isAlive()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            queue.put(new Flush(done, true));
            done.join();
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.CompletionException e) {
            LOG.log(Level.SEVERE, "a session failed while closing; its last alerts may be missing", e.getCause());
        }
    }

    /** The counters; over several sessions, processed and the watermark are those of the one furthest behind. */
    public DriverStats stats() {
        long processed = Long.MAX_VALUE;
        long ruleErrors = 0;
        long insertions = 0;
        long facts = 0;
        long watermark = Long.MAX_VALUE;
        for (SessionShard shard : sessions.shards()) {
            processed = Math.min(processed, shard.processed());
            ruleErrors += shard.ruleErrors();
            insertions += shard.insertions();
            facts += shard.facts();
            watermark = Math.min(watermark, shard.watermarkMillis());
        }
        return new DriverStats(received.get(), processed, late, ruleErrors, buffered, queue.size(), facts, watermark,
                insertions, newestEventMillis, ahead);
    }

    private void checkRunning() {
        Throwable failed = failure != null ? failure : sessions.failure();
        if (failed != null) {
            throw new IllegalStateException("the session writer stopped: " + failed, failed);
        }
    }

    private void run() {
        Object item = null;
        try {
            while (true) {
                item = idleFlushNanos > 0 ? queue.poll(idleFlushNanos, TimeUnit.NANOSECONDS) : queue.take();
                if (item == null) {
                    releaseAll();
                } else if (item instanceof Flush flush) {
                    releaseAll();
                    if (flush(flush)) {
                        return;
                    }
                } else if (item instanceof Task task) {
                    handOver();
                    runTask(task);
                } else {
                    takeIn(castBatch(item));
                    handOver();
                }
                updateGauges();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(Level.SEVERE, "session writer stopped", e);
            // the item in hand too: a flush or close waiting on it must not wait for ever
            Awaited.failAll(item, queue, e);
            sessions.abandon();
        }
    }

    /** Lets every held event go, in order, to the sessions (an idle feed, a flush). */
    private void releaseAll() {
        clock.readMachineClock();
        buffer.releaseAll(toSessions);
        handOver();
    }

    /** Completes {@code flush} once every session has processed what was released; true when the driver stops. */
    private boolean flush(Flush flush) throws InterruptedException {
        CompletableFuture<Void> all = sessions.caughtUp(flush.stop());
        updateGauges();
        if (flush.stop()) {
            // every session settles its timers (their last alerts) before close returns
            try {
                all.join();
                flush.done().complete(null);
            } catch (java.util.concurrent.CompletionException e) {
                flush.done().completeExceptionally(e.getCause());
            }
            return true;
        }
        all.whenComplete((ok, e) -> complete(flush.done(), e));
        return false;
    }

    private static void complete(CompletableFuture<Void> done, Throwable failure) {
        if (failure == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(failure);
        }
    }

    private void runTask(Task task) throws InterruptedException {
        try {
            sessions.whilePaused(task.indexes(), task.task());
            task.done().complete(null);
        } catch (RuntimeException e) {
            task.done().completeExceptionally(e);
        }
    }

    private void takeIn(List<EcsEvent> batch) {
        clock.readMachineClock();
        for (EcsEvent event : batch) {
            event.setSequenceNumber(nextSequenceNumber++);
            long aheadMillis = clock.aheadOfMachine(event);
            if (clock.mostlyAhead()) {
                LOG.warning("event=machine_clock_behind message=\"most of the last " + SessionClock.JUDGED + " events are dated"
                        + " beyond max-future ahead of this machine's clock: is its clock behind? They are processed as"
                        + " they come, not put in time order; set the clock right, or max-future=off\"");
            }
            if (aheadMillis > 0) {
                enterAhead(event, aheadMillis);
                continue;
            }
            if (!buffer.add(event)) {
                late++;
                long behindMillis = (buffer.maxSeenNanos() - event.getTimestampNanos()) / 1_000_000L;
                if (lateListener != null) {
                    lateListener.onLate(event, behindMillis);
                }
                release(event);
            } else {
                buffer.releaseReady(toSessions);
            }
        }
    }

    /**
     * An event dated more than {@code maxFuture} ahead of this machine's clock: its host's clock is
     * wrong, and were its time to count, the watermark and the clock would jump with it — every
     * other host's event late from then on, the sequences waiting expired at once, the later ones
     * never. It is counted, reported, and processed now at the engine's time, which it does not
     * drag along ({@link SessionClock#enterAhead}); rules still compare its own timestamp.
     */
    private void enterAhead(EcsEvent event, long aheadMillis) {
        ahead++;
        if (lateListener != null) {
            lateListener.onAhead(event, aheadMillis);
        }
        clock.enterAhead(event);
        enter(event, clock.time());
    }

    /** An event leaves the reorder buffer: it gets its session time and goes to its sessions. */
    private void release(EcsEvent event) {
        clock.enterInOrder(event);
        enter(event, event.getTimestamp());
    }

    private void enter(EcsEvent event, long eventMillis) {
        sessions.enter(event, eventMillis, clock.time());
    }

    /** Hands the events entered since the last time to the session threads. */
    private void handOver() {
        sessions.handOver(clock.time());
    }

    private void updateGauges() {
        buffered = buffer.size();
        long newest = buffer.maxSeenNanos();
        newestEventMillis = newest == Long.MIN_VALUE ? Long.MIN_VALUE : Math.floorDiv(newest, 1_000_000L);
        sessions.countFacts();
    }

    @SuppressWarnings("unchecked")
    private static List<EcsEvent> castBatch(Object item) {
        return (List<EcsEvent>) item;
    }

    private record Flush(CompletableFuture<Void> done, boolean stop) implements Awaited {
    }

    private record Task(List<Integer> indexes, java.util.function.Consumer<List<KieSession>> task,
                        CompletableFuture<Void> done) implements Awaited {
    }
}
