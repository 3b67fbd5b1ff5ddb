package org.eqlfusion.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eqlfusion.engine.RulePartition;
import org.junit.jupiter.api.Test;

/** Where a reloaded rule file runs when the rules run split: by what it holds now. */
class SessionPlacementTest {

    private static RuleSource file(String name, String keys) {
        String drl = "rule \"" + name + "\" when $e : EcsEvent( category(\"process\") ) $k : SequenceKey() from $e.keys("
                + keys + ") $p : PartialSequence( key == $k ) then alerts.raise(kcontext, $p); end\n";
        return new RuleSource(name, name + ".drl", drl, "1");
    }

    @Test
    void aFileJoinedByHostGoesToTheHostShardsAndOneJoiningHostsToTheSessionOfEveryEvent() {
        assertThat(SessionPlacement.place(file("a", "\"host.id\""), 2)).isEqualTo(RulePartition.HOST_SHARDS_KIEBASE);
        assertThat(SessionPlacement.place(file("a", "\"user.name\""), 2)).as("the same file, changed to join by user")
                .isEqualTo(RulePartition.ALL_EVENTS_KIEBASE);
    }

    @Test
    void aFileRaisingNoAlertAndEveryFileOfOneSessionGoToAll() {
        RuleSource stateMachine = new RuleSource("sequences", "sequences.drl",
                "rule \"replace\" when $p : PartialSequence() then delete( $p ); end", "1");
        assertThat(SessionPlacement.place(stateMachine, 2)).isEqualTo(LiveRules.EVERY_SESSION);
        assertThat(SessionPlacement.place(file("a", "\"user.name\""), 1)).isEqualTo(LiveRules.EVERY_SESSION);
        assertThat(List.of(SessionPlacement.runsIn(LiveRules.EVERY_SESSION, 1), SessionPlacement.runsIn(0, 1)))
                .containsExactly(true, false);
    }
}
