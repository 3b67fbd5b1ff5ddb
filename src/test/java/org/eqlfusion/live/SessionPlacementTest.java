package org.eqlfusion.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where a reloaded rule file runs when the rules are split over two sessions. */
class SessionPlacementTest {

    private static RuleSource file(String name, String entryPoint, int length) {
        String drl = "rule \"" + name + "\" when $e : EcsEvent( category(\"process\") ) from entry-point \"" + entryPoint
                + "\" then alerts.raise(kcontext, $e); end\n// " + "x".repeat(length) + "\n";
        return new RuleSource(name, name + ".drl", drl, "1");
    }

    private static Map<String, LiveRules.Loaded> running(Object... fileAndSession) {
        Map<String, LiveRules.Loaded> running = new LinkedHashMap<>();
        for (int i = 0; i < fileAndSession.length; i += 2) {
            RuleSource source = (RuleSource) fileAndSession[i];
            running.put(source.path(), new LiveRules.Loaded(source, Map.of(), Set.of(), Map.of(), Instant.EPOCH,
                    (Integer) fileAndSession[i + 1]));
        }
        return running;
    }

    @Test
    void aNewFileJoinsTheSessionReadingItsEntryPointWhenThatSessionIsWithinItsShare() {
        Map<String, LiveRules.Loaded> running = running(file("a", "process.name: cmd.exe", 10_000), 0,
                file("b", "process.name: mmc.exe", 10_100), 1);

        // session 1 holds more DRL, but already reads the entry point the new file reads (and stays
        // within 3 % of an even share with it)
        assertThat(new SessionPlacement(running, 2).place(file("c", "process.name: mmc.exe", 200), LiveRules.EVERY_SESSION))
                .isEqualTo(1);
        // a file reading an entry point neither reads goes to the session with the least DRL
        assertThat(new SessionPlacement(running, 2).place(file("d", "process.name: id", 200), LiveRules.EVERY_SESSION))
                .isEqualTo(0);
    }

    @Test
    void newFilesOfOneReloadSeeEachOther() {
        Map<String, LiveRules.Loaded> running = running(file("a", "process.name: cmd.exe", 10_000), 0,
                file("b", "process.name: mmc.exe", 10_000), 1);
        SessionPlacement placement = new SessionPlacement(running, 2);

        assertThat(placement.place(file("c", "process.name: id", 300), LiveRules.EVERY_SESSION)).as("a tie: the first").isEqualTo(0);
        assertThat(placement.place(file("d", "process.name: whoami", 200), LiveRules.EVERY_SESSION))
                .as("c's DRL counted: the other session has less").isEqualTo(1);
        assertThat(placement.place(file("e", "process.name: id", 100), LiveRules.EVERY_SESSION))
                .as("c's entry point counted: the session reading it, though it has more DRL").isEqualTo(0);
    }

    @Test
    void aNewFileGoesWhereTheBalanceAllowsEvenAwayFromItsEntryPoint() {
        Map<String, LiveRules.Loaded> running = running(file("a", "process.name: cmd.exe", 200), 0,
                file("b", "process.name: mmc.exe", 2000), 1);

        assertThat(new SessionPlacement(running, 2).place(file("c", "process.name: mmc.exe", 200), LiveRules.EVERY_SESSION))
                .isEqualTo(0);
    }

    @Test
    void aChangedFileStaysInItsSessionAndAFileRaisingNoAlertGoesToAll() {
        Map<String, LiveRules.Loaded> running = running(file("a", "process.name: cmd.exe", 200), 0,
                file("b", "process.name: mmc.exe", 2000), 1);

        assertThat(new SessionPlacement(running, 2).place(file("b", "process.name: mmc.exe", 2500), 1)).isEqualTo(1);
        RuleSource stateMachine = new RuleSource("sequences", "sequences.drl",
                "rule \"replace\" when $p : PartialSequence() then delete( $p ); end", "1");
        assertThat(new SessionPlacement(running, 2).place(stateMachine, LiveRules.EVERY_SESSION)).isEqualTo(LiveRules.EVERY_SESSION);
        assertThat(List.of(SessionPlacement.runsIn(LiveRules.EVERY_SESSION, 1), SessionPlacement.runsIn(0, 1)))
                .containsExactly(true, false);
    }
}
