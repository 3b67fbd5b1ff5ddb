package org.eqlfusion.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eqlfusion.engine.RulePartition;

/**
 * Which session a rule file joins on a reload, when the rules run split over several: every
 * session when it raises no alert, else the session it ran in (a changed file), else (a new file)
 * the one {@link RulePartition} would deal a new file to: where its entry points are read already
 * if that session is not over its share, else the one with the least DRL.
 */
final class SessionPlacement {

    private final int sessions;
    /** The length of the DRL each session holds, and the entry points its files read. */
    private final long[] drl;
    private final List<Set<String>> entryPoints = new ArrayList<>();

    /** The sessions as the {@code running} files fill them (read once: a reload places many files). */
    SessionPlacement(Map<String, LiveRules.Loaded> running, int sessions) {
        this.sessions = sessions;
        this.drl = new long[sessions];
        for (int i = 0; i < sessions; i++) {
            entryPoints.add(new HashSet<>());
        }
        if (sessions > 1) {
            running.values().forEach(loaded -> count(loaded.source(), loaded.session()));
        }
    }

    /**
     * Where {@code source} runs; a new file is counted in at once, so that the next one placed sees it.
     *
     * @param ranIn the session the file ran in, or {@link LiveRules#EVERY_SESSION} for a new file
     */
    int place(RuleSource source, int ranIn) {
        if (inEverySession(source, sessions)) {
            return LiveRules.EVERY_SESSION;
        }
        if (ranIn != LiveRules.EVERY_SESSION && ranIn < sessions) {
            return ranIn;
        }
        long share = RulePartition.share(Arrays.stream(drl).sum() + source.drl().length(), sessions);
        int session = RulePartition.sessionFor(source.drl(), drl, entryPoints, share);
        count(source, session);
        return session;
    }

    private void count(RuleSource source, int session) {
        if (session != LiveRules.EVERY_SESSION && session < sessions) {
            drl[session] += source.drl().length();
            entryPoints.get(session).addAll(RulePartition.entryPointsOf(source.drl()));
        }
    }

    /** Whether {@code source} runs in every one of {@code sessions}: one session holds all, and a file raising no alert is in all. */
    static boolean inEverySession(RuleSource source, int sessions) {
        return sessions == 1 || RulePartition.sharedByAll(source.drl());
    }

    /** Whether a file placed {@code where} runs in session {@code session}. */
    static boolean runsIn(int where, int session) {
        return where == LiveRules.EVERY_SESSION || where == session;
    }
}
