package org.eqlfusion.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.eqlfusion.alert.AlertSuppressor;
import org.eqlfusion.alert.AlertListener;
import org.eqlfusion.alert.Alerts;
import org.eqlfusion.alert.MatchListener;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.session.DriverStats;
import org.eqlfusion.session.LateEventListener;
import org.eqlfusion.session.SessionDriver;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.conf.ThreadSafeOption;

/**
 * The engine a rules server embeds: a rule set running in a stream-mode KieSession (or, when the
 * rule set was split, several side by side: host shards each given a share of the hosts' events,
 * and a session given every event for the rules that join hosts — see {@link RulePartition}), fed
 * ECS events, raising alerts to a listener.
 *
 * <pre>
 *   try (EqlEngine engine = EqlEngine.builder()
 *           .rules(RuleSet.fromContainer(KieServices.get().newKieContainer(releaseId)))
 *           .onAlert(alert -&gt; ...)
 *           .build()) {
 *       engine.submit(events);   // any order within the allowed lateness
 *   }                            // close() processes what is buffered, then stops
 * </pre>
 */
public final class EqlEngine implements AutoCloseable {

    /** The allowed lateness when none is configured: events may arrive up to 10 s out of order. */
    public static final Duration DEFAULT_LATENESS = Duration.ofSeconds(10);
    /** The most events the reorder buffer holds when none is configured. */
    public static final int DEFAULT_MAX_BUFFERED = 1_000_000;

    private final RuleSet rules;
    private final Alerts alerts;
    private final SessionDriver driver;
    /** Alerts of rules with {@code @suppressBy} go through it; null when matches go to a match listener. */
    private final AlertSuppressor suppressor;
    private final AlertListener alertListener;

    private EqlEngine(Builder b) {
        this.rules = b.rules != null ? b.rules : RuleSet.bundled();
        this.alertListener = b.alertListener;
        this.suppressor = b.matchListener != null ? null : new AlertSuppressor();
        MatchListener listener = b.matchListener != null ? b.matchListener
                : (rule, events, joinKeys) -> suppressor.accept(rule, events, alertListener);
        if (rules.sessions() > 1) {
            // sessions raise alerts from their own threads; the listener hears one at a time
            MatchListener unsynchronized = listener;
            listener = (rule, events, joinKeys) -> {
                synchronized (this) {
                    unsynchronized.onMatch(rule, events, joinKeys);
                }
            };
        }
        this.alerts = new Alerts(listener);
        List<KieSession> sessions = new ArrayList<>();
        for (int i = 0; i < rules.sessions(); i++) {
            sessions.add(newSession(rules.kieBases().get(rules.kieBaseOf(i)), alerts));
        }
        this.driver = new SessionDriver(sessions, rules.hostShards(), b.lateness, b.idleFlush, b.queueCapacity,
                b.maxBuffered, b.maxFuture, b.machineMillis, b.lateListener);
    }

    private static KieSession newSession(KieBase kieBase, Alerts alerts) {
        TimestampReaders.install(kieBase);
        KieSessionConfiguration conf = KieServices.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        // one thread drives each session (its writer; a reload only while that thread is parked): the
        // agenda's locking state machine guarded against threads that never come
        conf.setOption(ThreadSafeOption.NO);
        KieSession session = kieBase.newKieSession(conf, null);
        bindAlerts(session, alerts);
        return session;
    }

    /**
     * Gives the session the {@code alerts} global once its rules declare it: at the start, or when a
     * change brings the first rule that raises alerts (a KieBase that held only the state machine).
     */
    private static void bindAlerts(KieSession session, Alerts alerts) {
        boolean usesAlerts = session.getKieBase().getKiePackages().stream()
                .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals("alerts")));
        if (usesAlerts && session.getGlobal("alerts") == null) {
            session.setGlobal("alerts", alerts);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Hands events over in any order (within the allowed lateness); waits while the engine is behind. */
    public void submit(List<EcsEvent> events) throws InterruptedException {
        driver.submit(events);
    }

    /** Hands events over if the engine has room now; false when it is behind. */
    public boolean offer(List<EcsEvent> events) {
        return driver.offer(events);
    }

    /** Whether events offered now would likely be taken: a transport can refuse them before decoding. */
    public boolean hasRoom() {
        return driver.hasRoom();
    }

    /** Processes everything handed over so far, the reorder buffer included, and waits until done. */
    public void flush() {
        try {
            driver.flush().join();
        } catch (java.util.concurrent.CompletionException e) {
            // a session writer stopped (a rule threw an Error): said as submit says it
            throw new IllegalStateException("the session writer stopped: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Changes every KieBase and its running sessions, between two events, and waits until done
     * (rule reloads: see {@code live.LiveRules}): {@code change} is given each KieBase once, with
     * the sessions that run it, all of them stopped meanwhile.
     */
    public void change(BiConsumer<KieBase, List<KieSession>> change) {
        for (int i = 0; i < rules.kieBases().size(); i++) {
            change(i, change);
        }
    }

    /** Changes KieBase {@code index} (from 0; see {@link RuleSet#kieBases()}) and its sessions the same way. */
    public void change(int index, BiConsumer<KieBase, List<KieSession>> change) {
        List<Integer> sessions = new ArrayList<>();
        for (int i = 0; i < rules.sessions(); i++) {
            if (rules.kieBaseOf(i) == index) {
                sessions.add(i);
            }
        }
        driver.onSessions(sessions, running -> {
            KieBase kieBase = running.get(0).getKieBase();
            change.accept(kieBase, running);
            // rules added to it may bring back Drools' own timestamp reader, or the first alerting rule
            TimestampReaders.install(kieBase);
            running.forEach(session -> bindAlerts(session, alerts));
        }).join();
    }

    /**
     * Per session, the CPU time in nanoseconds of the thread that runs it: with the rules split
     * over sessions, the busiest bounds the engine, and a wide spread says the split is uneven.
     */
    public long[] sessionCpuNanos() {
        return driver.sessionCpuNanos();
    }

    /**
     * What each session is given, in the order of {@link #sessionCpuNanos()}: {@code "host shard"}
     * (the events of a share of the hosts) or {@code "every event"}.
     */
    public List<String> sessionRoles() {
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < rules.sessions(); i++) {
            roles.add(rules.sessions() > 1 && rules.kieBaseOf(i) == 0 ? "host shard" : "every event");
        }
        return roles;
    }

    /** How many sessions the rules run in: one, or the host shards and the session of every event. */
    public int sessions() {
        return driver.sessions();
    }

    public DriverStats stats() {
        return driver.stats();
    }

    /** Alerts raised so far, by rule_id. */
    public Map<String, Long> alertCounts() {
        return alerts.countsByRule();
    }

    public String rulesDescription() {
        return rules.description();
    }

    /** Processes what is buffered, raises the last alerts, and stops. */
    /**
     * Sends the counts of the suppression windows (see {@link AlertSuppressor}) whose end every
     * session has processed events beyond: a live server calls it now and then, so that a count
     * does not wait for the next alert. The alert listener is then called on the caller's thread.
     */
    public void sendPassedSuppressionCounts() {
        long watermark = driver.stats().watermarkMillis();
        if (suppressor != null && watermark != Long.MIN_VALUE) {
            suppressor.closePassed(watermark, alertListener);
        }
    }

    @Override
    public void close() {
        driver.close();
        if (suppressor != null) {
            // the counts of suppression windows still open: no later alert will close them
            suppressor.closeAll(alertListener);
        }
    }

    public static final class Builder {
        private RuleSet rules;
        private AlertListener alertListener = alert -> { };
        private MatchListener matchListener;
        private LateEventListener lateListener;
        private Duration lateness = DEFAULT_LATENESS;
        private Duration idleFlush;
        private Duration maxFuture;
        private LongSupplier machineMillis = System::currentTimeMillis;
        private int queueCapacity = 64;
        private int maxBuffered = DEFAULT_MAX_BUFFERED;

        private Builder() {
        }

        /** The rules to run; the bundled rule set when not given. */
        public Builder rules(RuleSet rules) {
            this.rules = Objects.requireNonNull(rules);
            return this;
        }

        public Builder onAlert(AlertListener listener) {
            this.alertListener = Objects.requireNonNull(listener);
            return this;
        }

        /** Instead of alerts, each match with its events (a hunt); {@link #onAlert} is then not called. */
        public Builder onMatch(MatchListener listener) {
            this.matchListener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder onLateEvent(LateEventListener listener) {
            this.lateListener = listener;
            return this;
        }

        /** How far behind the newest event an event may arrive and still be put in order (default 10 s). */
        public Builder lateness(Duration lateness) {
            if (lateness.isNegative()) {
                throw new IllegalArgumentException("lateness must not be negative: " + lateness);
            }
            this.lateness = lateness;
            return this;
        }

        /**
         * For live feeds: when no event arrives for this long (wall time), process what is buffered
         * rather than wait for newer events to move the watermark. Off by default (replays).
         */
        public Builder idleFlush(Duration idleFlush) {
            this.idleFlush = idleFlush;
            return this;
        }

        /**
         * For live feeds: an event dated more than this ahead of this machine's clock (its host's
         * clock is wrong) is processed as it comes, at the engine's time, without moving the
         * watermark or dragging the clock along, and reported ({@link LateEventListener#onAhead});
         * its rules still compare its own timestamp. Should every event come ahead (this machine's
         * clock is behind), time follows the machine's clock. Off by default (replays, whose events
         * may be of any era).
         */
        public Builder maxFuture(Duration maxFuture) {
            if (maxFuture != null && maxFuture.isNegative()) {
                throw new IllegalArgumentException("max future must not be negative: " + maxFuture);
            }
            this.maxFuture = maxFuture;
            return this;
        }

        /** This machine's clock as {@link #maxFuture} reads it (tests set one of their own). */
        Builder machineClock(LongSupplier epochMillis) {
            this.machineMillis = Objects.requireNonNull(epochMillis);
            return this;
        }

        /** How many submitted batches may wait for the session before submit blocks and offer refuses. */
        public Builder queueCapacity(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("queue capacity must be at least 1");
            }
            this.queueCapacity = batches;
            return this;
        }

        /**
         * The most events held for the allowed lateness; beyond it the earliest are processed before
         * their time (a bound on memory when a flood of events shares one moment).
         */
        public Builder maxBufferedEvents(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("max buffered events must be at least 1");
            }
            this.maxBuffered = events;
            return this;
        }

        public EqlEngine build() {
            return new EqlEngine(this);
        }
    }
}
