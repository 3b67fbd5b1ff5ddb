package org.eqlfusion.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.route.EventRouter;
import org.eqlfusion.sequence.EventTime;
import org.drools.core.time.TimerService;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * Owns one stream-mode KieSession and the one thread that writes to it. Events are taken in
 * batches from a bounded queue, put back in event-time order by a {@link ReorderBuffer}, and
 * entered one at a time: the pseudo clock moves to the event's time, the event is inserted into
 * the entry points whose patterns it could match (an {@link EventRouter} decides), the rules fire,
 * and the event leaves the session (what a sequence needs of it, its partial holds). As the clock
 * moves, timers fire and the {@link EventTime} fact follows (about once a second), so that expiry
 * rules delete what aged out: the session holds only the open windows.
 *
 * <p>An event later than the allowed lateness is counted, reported, and still processed with its
 * own timestamp: it can start or extend only sequences whose events are older than it (rules
 * compare event times, not arrival), but it cannot undo what newer events already completed.
 */
public final class SessionDriver implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SessionDriver.class.getName());
    /** How far the clock moves at the end of input to let every pending timer run (longer than any maxspan). */
    private static final long END_OF_INPUT_DAYS = 3650;
    private static final long LOGGED_RULE_ERRORS = 10;
    /** How often, in event time, the EventTime fact moves on (state that aged out goes at most this late). */
    private static final long EVENT_TIME_STEP_MILLIS = 1_000;
    /** EventTime at the end of input: later than anything can be old. */
    private static final long END_OF_TIME_MILLIS = Long.MAX_VALUE / 4;

    private final KieSession session;
    private final SessionPseudoClock clock;
    private final ReorderBuffer buffer;
    private final LateEventListener lateListener;
    private final long idleFlushNanos;
    private final BlockingQueue<Object> queue;
    private final Thread writer;

    private final AtomicLong received = new AtomicLong();
    private volatile long processed;
    private volatile long late;
    private volatile long ruleErrors;
    private volatile long insertions;
    private volatile long facts;
    private volatile int buffered;
    private volatile long watermarkMillis = Long.MIN_VALUE;
    private volatile Throwable failure;
    private EventRouter router;
    /** The EventTime fact ({@link EventTime}), once the clock has started, and when it moves next. */
    private FactHandle eventTime;
    private long nextEventTimeMillis;
    private long nextSequenceNumber;
    private boolean clockStarted;

    /**
     * @param session   a stream-mode session on a pseudo clock, with its globals set; the driver owns it from now on
     * @param lateness  how much later than the newest event an event may arrive and still be put in order
     * @param idleFlush when no event arrives for this long (wall time), everything buffered is processed; null never
     * @param queueCapacity how many batches may wait for the writer before {@link #submit} blocks
     */
    public SessionDriver(KieSession session, Duration lateness, Duration idleFlush, int queueCapacity,
                         LateEventListener lateListener) {
        this(session, lateness, idleFlush, queueCapacity, Integer.MAX_VALUE, lateListener);
    }

    /** @param maxBuffered the most events the reorder buffer holds; beyond it the earliest are processed early */
    public SessionDriver(KieSession session, Duration lateness, Duration idleFlush, int queueCapacity,
                         int maxBuffered, LateEventListener lateListener) {
        this.session = session;
        this.clock = session.getSessionClock();
        this.buffer = new ReorderBuffer(lateness.toNanos(), maxBuffered);
        this.lateListener = lateListener;
        this.idleFlushNanos = idleFlush == null ? 0 : idleFlush.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.router = EventRouter.of(session);
        this.writer = new Thread(this::run, "eql-fusion-session-writer");
        this.writer.setDaemon(true);
        this.writer.start();
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
     * Runs {@code task} on the writer thread, after the batches handed over before it and before
     * those after it — the one safe moment to change the session or its KieBase (a rule reload).
     */
    public CompletableFuture<Void> onWriter(java.util.function.Consumer<KieSession> task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!writer.isAlive()) {
            done.completeExceptionally(new IllegalStateException("the session writer has stopped"));
            return done;
        }
        try {
            queue.put(new Task(task, done));
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
        }
    }

    public DriverStats stats() {
        return new DriverStats(received.get(), processed, late, ruleErrors, buffered, queue.size(), facts, watermarkMillis,
                insertions);
    }

    private void checkRunning() {
        if (failure != null) {
            throw new IllegalStateException("the session writer stopped: " + failure, failure);
        }
    }

    private void run() {
        try {
            while (true) {
                Object item = idleFlushNanos > 0 ? queue.poll(idleFlushNanos, TimeUnit.NANOSECONDS) : queue.take();
                if (item == null) {
                    buffer.releaseAll(this::process);
                } else if (item instanceof Flush flush) {
                    buffer.releaseAll(this::process);
                    updateGauges();
                    if (flush.stop()) {
                        settleTimers();
                        session.dispose();
                        flush.done().complete(null);
                        return;
                    }
                    flush.done().complete(null);
                    continue;
                } else if (item instanceof Task task) {
                    try {
                        task.task().accept(session);
                        task.done().complete(null);
                    } catch (RuntimeException e) {
                        task.done().completeExceptionally(e);
                    } finally {
                        // the task may have changed the rules: route by the KieBase as it is now
                        router = EventRouter.of(session);
                    }
                } else {
                    takeIn(castBatch(item));
                }
                updateGauges();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(Level.SEVERE, "session writer stopped", e);
            failPending(e);
            session.dispose();
        }
    }

    private void takeIn(List<EcsEvent> batch) {
        for (EcsEvent event : batch) {
            event.setSequenceNumber(nextSequenceNumber++);
            if (!buffer.add(event)) {
                late++;
                long behindMillis = (buffer.maxSeenNanos() - event.getTimestampNanos()) / 1_000_000L;
                if (lateListener != null) {
                    lateListener.onLate(event, behindMillis);
                }
                process(event);
            } else {
                buffer.releaseReady(this::process);
            }
        }
    }

    private void process(EcsEvent event) {
        long time = event.getTimestamp();
        if (!clockStarted) {
            clock.advanceTime(time - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
            clockStarted = true;
        } else if (time > clock.getCurrentTime()) {
            clock.advanceTime(time - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
        }
        if (time >= nextEventTimeMillis) {
            moveEventTime(time);
        }
        event.setSessionTime(clock.getCurrentTime());
        List<EntryPoint> targets = router.entryPointsFor(event);
        FactHandle[] handles = new FactHandle[targets.size()];
        insertions += handles.length;
        try {
            for (int i = 0; i < handles.length; i++) {
                handles[i] = targets.get(i).insert(event);
            }
            session.fireAllRules();
        } catch (RuntimeException e) {
            // a rule that fails on one event (a condition or consequence throwing) must not stop
            // the session: the event is counted and logged, and the events after it go on
            ruleErrors++;
            if (ruleErrors <= LOGGED_RULE_ERRORS) {
                LOG.log(Level.WARNING, "a rule failed on event " + event.getId() + "; the event is skipped"
                        + (ruleErrors == LOGGED_RULE_ERRORS ? " (further failures are only counted)" : ""), e);
            }
        } finally {
            for (int i = 0; i < handles.length; i++) {
                if (handles[i] != null) {
                    targets.get(i).delete(handles[i]);
                }
            }
        }
        processed++;
        watermarkMillis = Math.max(watermarkMillis, time);
    }

    /** Moves the EventTime fact to {@code millis}; rules that let go of aged state see it at the next firing. */
    private void moveEventTime(long millis) {
        EventTime now = new EventTime(millis);
        if (eventTime == null) {
            eventTime = session.insert(now);
        } else {
            session.update(eventTime, now);
        }
        nextEventTimeMillis = millis >= Long.MAX_VALUE - EVENT_TIME_STEP_MILLIS ? Long.MAX_VALUE : millis + EVENT_TIME_STEP_MILLIS;
    }

    /**
     * At the end of input: no event can come any more, so every timer (sequences waiting out
     * their missing-event window, expiries) is let run, as if their time had passed.
     */
    private void settleTimers() {
        if (!clockStarted) {
            return;
        }
        // whatever waits to age out goes now
        moveEventTime(END_OF_TIME_MILLIS);
        session.fireAllRules();
        if (clock instanceof TimerService timers) {
            // one timer at a time, in time order, so alerts that wait come out in their order
            long next;
            while ((next = timers.getTimeToNextJob()) >= 0) {
                clock.advanceTime(Math.max(next, 0), TimeUnit.MILLISECONDS);
                session.fireAllRules();
                if (next == 0 && timers.getTimeToNextJob() == 0) {
                    break;
                }
            }
        } else {
            clock.advanceTime(END_OF_INPUT_DAYS, TimeUnit.DAYS);
            session.fireAllRules();
        }
    }

    private void updateGauges() {
        buffered = buffer.size();
        facts = session.getFactCount() - (eventTime == null ? 0 : 1);
    }

    private void failPending(Throwable e) {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof Flush flush) {
                flush.done().completeExceptionally(e);
            } else if (item instanceof Task task) {
                task.done().completeExceptionally(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<EcsEvent> castBatch(Object item) {
        return (List<EcsEvent>) item;
    }

    private record Flush(CompletableFuture<Void> done, boolean stop) {
    }

    private record Task(java.util.function.Consumer<KieSession> task, CompletableFuture<Void> done) {
    }
}
