package org.eqlfusion.session;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.drools.core.common.InternalFactHandle;
import org.drools.core.time.TimerService;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.route.EventRouter;
import org.eqlfusion.sequence.EventTime;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * One stream-mode KieSession and what it takes to enter events into it, one at a time and in
 * order: its pseudo clock moves to the event's session time, the event goes into the entry points
 * whose patterns it could match (an {@link EventRouter} decides), the rules fire, and the event
 * leaves the session (what a sequence needs of it, its partial holds). As the clock moves, timers
 * fire and the {@link EventTime} fact follows (about once a second), so that expiry rules delete
 * what aged out. Used by one thread at a time; the counters are read by others.
 */
final class SessionShard {

    private static final Logger LOG = Logger.getLogger(SessionShard.class.getName());
    /** How far the clock moves at the end of input to let every pending timer run (longer than any maxspan). */
    private static final long END_OF_INPUT_DAYS = 3650;
    private static final long LOGGED_RULE_ERRORS = 10;
    /** How often, in event time, the EventTime fact moves on (state that aged out goes at most this late). */
    private static final long EVENT_TIME_STEP_MILLIS = 1_000;
    /** EventTime at the end of input: later than anything can be old. */
    private static final long END_OF_TIME_MILLIS = Long.MAX_VALUE / 4;

    private final KieSession session;
    private final SessionPseudoClock clock;
    private EventRouter router;
    /** The fact handles of the event being processed, one array used again for every event. */
    private FactHandle[] handles = new FactHandle[8];
    /** The EventTime fact ({@link EventTime}), once the clock has started, and when it moves next. */
    private FactHandle eventTime;
    private long nextEventTimeMillis;
    private boolean clockStarted;

    private volatile long processed;
    private volatile long ruleErrors;
    private volatile long insertions;
    private volatile long facts;
    private volatile long watermarkMillis = Long.MIN_VALUE;
    /** The thread that runs this session (its writer), once it has run an event; -1 before. */
    private volatile long threadId = -1;

    SessionShard(KieSession session) {
        this.session = session;
        this.clock = session.getSessionClock();
        this.router = EventRouter.of(session);
    }

    /** The session, for a change of it or its KieBase while its thread waits ({@link SessionDriver#onSessions}). */
    KieSession session() {
        return session;
    }

    /**
     * After its rules changed: events are routed by the rules as they are now, and the EventTime
     * fact is back in the session if Drools dropped it while no rule read it (rules new to the
     * session may).
     */
    void rulesChanged() {
        router = EventRouter.of(session);
        if (eventTime != null && dropped(eventTime)) {
            eventTime = session.insert(((InternalFactHandle) eventTime).getObject());
        }
    }

    /**
     * Whether Drools let go of a fact as it went in because no pattern took it: with the KieBase's
     * mutability off, such a fact never enters the session's store.
     */
    private static boolean dropped(FactHandle handle) {
        return ((InternalFactHandle) handle).isDisconnected();
    }

    /** Enters one event, its session time set (the driver's clock: never earlier than an event before it). */
    void process(EcsEvent event) {
        noteThread();
        // an event dated ahead of the machine's clock went in at the session's time, and moves no further
        long time = Math.min(event.getTimestamp(), event.getSessionTime());
        moveTo(event.getSessionTime(), time);
        List<EntryPoint> targets = router.entryPointsFor(event);
        int count = targets.size();
        if (handles.length < count) {
            handles = new FactHandle[count];
        }
        insertions += count;
        try {
            for (int i = 0; i < count; i++) {
                handles[i] = targets.get(i).insert(event);
            }
            session.fireAllRules();
        } catch (RuntimeException e) {
            // a rule that fails on one event (a condition or consequence throwing) must not stop
            // the session: the event is counted and logged, and the events after it go on
            ruleFailed("on event " + event.getId() + "; the event is skipped", e);
        } finally {
            for (int i = 0; i < count; i++) {
                // an event no pattern of the entry point took in is gone already (see DrlBuild)
                if (handles[i] != null && !dropped(handles[i])) {
                    targets.get(i).delete(handles[i]);
                }
                handles[i] = null;
            }
        }
        processed++;
        watermarkMillis = Math.max(watermarkMillis, time);
    }

    /**
     * The end of a run of the driver, of which {@code skipped} events went to other sessions (a host
     * shard's share of the hosts): they count as processed here, and the clock and the EventTime
     * fact move to where the run ended, so that what waits on time (expiry, a missing event's
     * window) goes when it would in a session given every event.
     */
    void reach(int skipped, long sessionTime, long lastMillis) {
        noteThread();
        if (moveTo(sessionTime, lastMillis)) {
            try {
                session.fireAllRules();
            } catch (RuntimeException e) {
                ruleFailed("as the clock moved to " + sessionTime, e);
            }
        }
        processed += skipped;
        watermarkMillis = Math.max(watermarkMillis, lastMillis);
    }

    /**
     * Moves the clock to {@code sessionTime} (never back) and, about once a second of event time,
     * the EventTime fact to {@code eventMillis}; true when either moved.
     */
    private boolean moveTo(long sessionTime, long eventMillis) {
        boolean moved = false;
        if (!clockStarted || sessionTime > clock.getCurrentTime()) {
            clock.advanceTime(sessionTime - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
            clockStarted = true;
            moved = true;
        }
        if (eventMillis >= nextEventTimeMillis) {
            moveEventTime(eventMillis);
            moved = true;
        }
        return moved;
    }

    /** Records the thread that runs this session, for {@link #cpuNanos()}. */
    private void noteThread() {
        if (threadId == -1) {
            threadId = Thread.currentThread().getId();
        }
    }

    /** Counts a rule that threw, and logs the first few. */
    private void ruleFailed(String where, RuntimeException e) {
        ruleErrors++;
        if (ruleErrors <= LOGGED_RULE_ERRORS) {
            LOG.log(Level.WARNING, "a rule failed " + where
                    + (ruleErrors == LOGGED_RULE_ERRORS ? " (further failures are only counted)" : ""), e);
        }
    }

    /** Moves the EventTime fact to {@code millis}; rules that let go of aged state see it at the next firing. */
    private void moveEventTime(long millis) {
        EventTime next = new EventTime(millis);
        if (eventTime == null || dropped(eventTime)) {
            eventTime = session.insert(next);
        } else {
            session.update(eventTime, next);
        }
        nextEventTimeMillis = millis >= Long.MAX_VALUE - EVENT_TIME_STEP_MILLIS ? Long.MAX_VALUE : millis + EVENT_TIME_STEP_MILLIS;
    }

    /**
     * At the end of input: no event can come any more, so every timer (sequences waiting out
     * their missing-event window, expiries) is let run, as if their time had passed.
     */
    void settleTimers() {
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

    /** Counts the session's facts now (the EventTime fact aside), for the gauges. */
    void countFacts() {
        facts = session.getFactCount() - (eventTime == null || dropped(eventTime) ? 0 : 1);
    }

    void dispose() {
        session.dispose();
    }

    long processed() {
        return processed;
    }

    /**
     * The CPU time of the thread that runs this session, in nanoseconds (0 before it has run):
     * with sessions split over threads, the busiest one bounds the engine.
     */
    long cpuNanos() {
        long id = threadId;
        long nanos = id == -1 ? 0 : java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(id);
        return Math.max(0, nanos);
    }

    long ruleErrors() {
        return ruleErrors;
    }

    long insertions() {
        return insertions;
    }

    long facts() {
        return facts;
    }

    long watermarkMillis() {
        return watermarkMillis;
    }
}
