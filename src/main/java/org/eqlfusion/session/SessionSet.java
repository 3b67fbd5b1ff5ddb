package org.eqlfusion.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eqlfusion.event.EcsEvent;
import org.kie.api.runtime.KieSession;

/**
 * The sessions ordered events go to, as the {@link SessionDriver}'s writer thread hands them on.
 * One session runs inline, on the writer's thread. Several run each on a thread of its own
 * ({@link ShardWorker}), fed runs of up to {@link #RUN_LENGTH} events: the first
 * {@code hostShards} each the events of their share of the hosts ({@link HostShards}), the others
 * every event; with each run a session is told the session time and how far event time has moved,
 * so that its clock keeps up even when none of the run's events is its own.
 */
final class SessionSet {

    /** Events handed to the session threads at a time (fewer at the end of a batch). */
    static final int RUN_LENGTH = 256;

    /** The one session, on the writer's thread; null when there are several. */
    private final SessionShard inline;
    /** The sessions of several, each on its own thread. */
    private final List<ShardWorker> workers = new ArrayList<>();
    /** Every session. */
    private final List<SessionShard> shards = new ArrayList<>();
    private final int hostShards;
    /** Events entered and not yet handed to the session threads, per session thread. */
    private final List<List<EcsEvent>> runs = new ArrayList<>();
    /** How many events were entered since the last hand-over, and the latest one's event time. */
    private int entered;
    private long enteredMillis;

    SessionSet(List<KieSession> sessions, int hostShards) {
        if (hostShards < 1 || hostShards > sessions.size() || hostShards > HostShards.MAX_SHARDS) {
            throw new IllegalArgumentException(hostShards + " host shards of " + sessions.size() + " sessions (at most "
                    + HostShards.MAX_SHARDS + ")");
        }
        sessions.forEach(session -> shards.add(new SessionShard(session)));
        this.hostShards = hostShards;
        this.inline = shards.size() == 1 ? shards.get(0) : null;
        if (inline == null) {
            for (int i = 0; i < shards.size(); i++) {
                workers.add(new ShardWorker(shards.get(i), "eql-fusion-session-" + (i + 1),
                        hostShards > 1 && i < hostShards ? i : -1, hostShards));
                runs.add(new ArrayList<>(RUN_LENGTH));
            }
        }
    }

    int size() {
        return shards.size();
    }

    /** Every session, in order: their counters. */
    List<SessionShard> shards() {
        return shards;
    }

    /** Why a session thread stopped, or null while they all run. */
    Throwable failure() {
        for (ShardWorker worker : workers) {
            if (worker.failure() != null) {
                return worker.failure();
            }
        }
        return null;
    }

    /**
     * Hands the event to its sessions: at once to a session inline, else into the runs of its
     * sessions, handed over when full. {@code eventMillis} is how far it moves event time.
     */
    void enter(EcsEvent event, long eventMillis, long sessionTime) {
        if (inline != null) {
            inline.process(event);
            return;
        }
        for (long mask = HostShards.of(event, hostShards); mask != 0; mask &= mask - 1) {
            runs.get(Long.numberOfTrailingZeros(mask)).add(event);
        }
        for (int i = hostShards; i < runs.size(); i++) {
            runs.get(i).add(event);
        }
        entered++;
        enteredMillis = eventMillis;
        if (entered == RUN_LENGTH) {
            handOver(sessionTime);
        }
    }

    /** Hands the events entered since the last time to the session threads, with the time they reach. */
    void handOver(long sessionTime) {
        if (entered == 0) {
            return;
        }
        try {
            for (int i = 0; i < workers.size(); i++) {
                workers.get(i).enter(new ShardWorker.Run(runs.get(i), entered, sessionTime, enteredMillis));
                runs.set(i, new ArrayList<>(RUN_LENGTH));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing events to a session", e);
        }
        entered = 0;
    }

    /**
     * Completes once every session has processed what it was handed; with {@code stop}, each then
     * settles its timers (its last alerts) and is disposed of.
     */
    CompletableFuture<Void> caughtUp(boolean stop) throws InterruptedException {
        List<CompletableFuture<Void>> caughtUp = new ArrayList<>();
        for (ShardWorker worker : workers) {
            caughtUp.add(worker.barrier(stop));
        }
        if (stop && inline != null) {
            inline.settleTimers();
            inline.dispose();
        }
        return CompletableFuture.allOf(caughtUp.toArray(CompletableFuture[]::new));
    }

    /**
     * Runs {@code task} on the sessions numbered {@code indexes}, their threads paused after what
     * was handed to them; they are then told their rules changed.
     */
    void whilePaused(List<Integer> indexes, java.util.function.Consumer<List<KieSession>> task) throws InterruptedException {
        List<ShardWorker.Pause> pauses = new ArrayList<>();
        try {
            if (inline == null) {
                for (int index : indexes) {
                    pauses.add(workers.get(index).pause());
                }
            }
            for (ShardWorker.Pause pause : pauses) {
                pause.awaitStopped();
            }
            task.accept(indexes.stream().map(shards::get).map(SessionShard::session).toList());
        } finally {
            indexes.forEach(index -> shards.get(index).rulesChanged());
            pauses.forEach(ShardWorker.Pause::resume);
        }
    }

    /** After a failure of the writer: the session inline disposed of, the session threads stopped. */
    void abandon() {
        if (inline != null) {
            inline.dispose();
        }
        workers.forEach(ShardWorker::abandon);
    }

    /** Counts the facts of a session inline (the session threads count their own). */
    void countFacts() {
        if (inline != null) {
            inline.countFacts();
        }
    }
}
