package org.eqlfusion.live;

import java.util.Map;
import org.eqlfusion.engine.RulePartition;

/**
 * Which session a rule file joins on a reload, when the rules run split over several: every
 * session when it raises no alert, else the session it ran in (a changed file), else the one with
 * the least DRL (a new file), as {@link RulePartition} deals them out at start.
 */
final class SessionPlacement {

    private SessionPlacement() {
    }

    /** @param ranIn the session the file ran in, or {@link LiveRules#EVERY_SESSION} for a new file */
    static int place(RuleSource source, int ranIn, Map<String, LiveRules.Loaded> running, int sessions) {
        if (sessions == 1 || RulePartition.sharedByAll(source.drl())) {
            return LiveRules.EVERY_SESSION;
        }
        if (ranIn != LiveRules.EVERY_SESSION && ranIn < sessions) {
            return ranIn;
        }
        long[] drl = new long[sessions];
        running.values().stream().filter(l -> l.session() != LiveRules.EVERY_SESSION && l.session() < sessions)
                .forEach(l -> drl[l.session()] += l.source().drl().length());
        int least = 0;
        for (int i = 1; i < sessions; i++) {
            least = drl[i] < drl[least] ? i : least;
        }
        return least;
    }

    /** Whether a file placed {@code where} runs in session {@code session}. */
    static boolean runsIn(int where, int session) {
        return where == LiveRules.EVERY_SESSION || where == session;
    }
}
