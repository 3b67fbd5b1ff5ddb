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
        List<Set<String>> entryPoints = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            entryPoints.add(new HashSet<>());
        }
        for (LiveRules.Loaded loaded : running.values()) {
            if (loaded.session() != LiveRules.EVERY_SESSION && loaded.session() < sessions) {
                drl[loaded.session()] += loaded.source().drl().length();
                entryPoints.get(loaded.session()).addAll(RulePartition.entryPointsOf(loaded.source().drl()));
            }
        }
        long share = RulePartition.share(Arrays.stream(drl).sum() + source.drl().length(), sessions);
        return RulePartition.sessionFor(source.drl(), drl, entryPoints, share);
    }

    /** Whether a file placed {@code where} runs in session {@code session}. */
    static boolean runsIn(int where, int session) {
        return where == LiveRules.EVERY_SESSION || where == session;
    }
}
