package org.eqlfusion.live;

import org.eqlfusion.engine.RulePartition;

/**
 * Which KieBase a rule file joins on a reload when the rules run split ({@link RulePartition}):
 * both when it raises no alert; else the host shards' when it needs only one host's events at a
 * time, else that of the session given every event. Decided by what the file holds now, so a
 * changed file that starts joining hosts moves.
 */
final class SessionPlacement {

    private SessionPlacement() {
    }

    /**
     * Where {@code source} runs among {@code kieBases} (1, or 2 when split): {@link LiveRules#EVERY_SESSION}
     * or a KieBase's index.
     */
    static int place(RuleSource source, int kieBases) {
        RulePartition.Placement placement = RulePartition.placementOf(source.drl());
        if (placement == RulePartition.Placement.EVERY_SESSION || kieBases == 1) {
            return LiveRules.EVERY_SESSION;
        }
        return placement == RulePartition.Placement.HOST_SHARDS
                ? RulePartition.HOST_SHARDS_KIEBASE : RulePartition.ALL_EVENTS_KIEBASE;
    }

    /** Whether a file placed {@code where} runs in KieBase {@code kieBase}. */
    static boolean runsIn(int where, int kieBase) {
        return where == LiveRules.EVERY_SESSION || where == kieBase;
    }
}
