package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How rule files are dealt out over sessions: each alerting file once, the state machine everywhere. */
class RulePartitionTest {

    private static final String STATE_MACHINE = """
            rule "Sequences: newer replaces older"
            when $p : PartialSequence() then delete( $p ); end
            """;

    private static String sequenceRule(String name) {
        return "rule \"" + name + "\" when $p : PartialSequence() then alerts.raise( kcontext, $p ); end\n";
    }

    private static String eventRule(String name) {
        return "rule \"" + name + "\" when $e : EcsEvent() then alerts.raise(kcontext, $e); end\n";
    }

    @Test
    void everyAlertingFileRunsInExactlyOneSessionAndTheStateMachineInAll() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("sequences.drl", STATE_MACHINE);
        for (int i = 0; i < 5; i++) {
            sources.put("seq" + i + ".drl", sequenceRule("s" + i));
            sources.put("event" + i + ".drl", eventRule("e" + i));
        }

        List<Map<String, String>> parts = RulePartition.split(sources, 3);

        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(part -> assertThat(part).containsEntry("sequences.drl", STATE_MACHINE));
        for (String name : sources.keySet()) {
            if (!name.equals("sequences.drl")) {
                assertThat(parts.stream().filter(p -> p.containsKey(name)).count()).as(name).isEqualTo(1);
            }
        }
        // the work spread: the sessions' own DRL differs by no more than one file's
        long[] drl = parts.stream().mapToLong(part -> part.entrySet().stream().filter(e -> !e.getKey().equals("sequences.drl"))
                .mapToLong(e -> e.getValue().length()).sum()).toArray();
        long longest = sources.values().stream().mapToLong(String::length).max().getAsLong();
        assertThat(java.util.Arrays.stream(drl).max().getAsLong() - java.util.Arrays.stream(drl).min().getAsLong())
                .isLessThanOrEqualTo(longest);
    }

    @Test
    void theLongestFilesAreDealtOutFirstEachToTheSessionWithTheLeastDrl() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("a.drl", eventRule("a".repeat(1000)));
        sources.put("b.drl", eventRule("b".repeat(300)));
        sources.put("c.drl", eventRule("c".repeat(300)));
        sources.put("d.drl", eventRule("d".repeat(300)));

        List<Map<String, String>> parts = RulePartition.split(sources, 2);

        // in turn by name, a and c would share a session: 1,300 characters against 600
        assertThat(parts.get(0).keySet()).containsExactly("a.drl");
        assertThat(parts.get(1).keySet()).containsExactly("b.drl", "c.drl", "d.drl");
    }

    private static String routedRule(String name, String entryPoint) {
        return "rule \"" + name + "\" when $e : EcsEvent( category(\"process\") ) from entry-point \"" + entryPoint
                + "\" then alerts.raise(kcontext, $e); end\n";
    }

    @Test
    void filesReadingTheSameEntryPointShareASessionWhenTheBalanceAllows() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("a.drl", routedRule("a".repeat(1000), "process.name: cmd.exe"));
        sources.put("b.drl", routedRule("b".repeat(1000), "process.name: mmc.exe"));
        sources.put("c.drl", routedRule("c".repeat(300), "process.name: mmc.exe"));
        sources.put("d.drl", routedRule("d".repeat(300), "process.name: cmd.exe"));

        List<Map<String, String>> parts = RulePartition.split(sources, 2);

        // by size alone c would join a (both sessions equal after a and b) and d would join b:
        // then an mmc.exe or cmd.exe event would go into both sessions
        assertThat(parts.get(0).keySet()).containsExactly("a.drl", "d.drl");
        assertThat(parts.get(1).keySet()).containsExactly("b.drl", "c.drl");
    }

    @Test
    void broadEntryPointsDoNotDrawFilesTogether() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("a.drl", routedRule("a".repeat(5000), "process events"));
        sources.put("b.drl", routedRule("b".repeat(5000), "event.category: file | process"));
        sources.put("c.drl", routedRule("c".repeat(100), "event.category: file | process"));
        sources.put("d.drl", routedRule("d".repeat(100), "process events"));

        List<Map<String, String>> parts = RulePartition.split(sources, 2);

        // dealt by size alone (b is the longest, c longer than d): every event of these entry points
        // is tested by all their patterns, so gathering them would load one session with work the
        // DRL's length does not show; drawn together, c would join b and d join a
        assertThat(parts.get(0).keySet()).containsExactly("b.drl", "d.drl");
        assertThat(parts.get(1).keySet()).containsExactly("a.drl", "c.drl");
        assertThat(RulePartition.broad("event.action: exec")).isTrue();
        assertThat(RulePartition.broad("process.name: cmd.exe")).isFalse();
    }

    @Test
    void balanceComesBeforeSharingAnEntryPoint() {
        Map<String, String> sources = new TreeMap<>();
        for (String name : List.of("a", "b", "c", "d")) {
            sources.put(name + ".drl", routedRule(name.repeat(500), "process.name: cmd.exe"));
        }

        List<Map<String, String>> parts = RulePartition.split(sources, 2);

        assertThat(parts).allSatisfy(part -> assertThat(part).hasSize(2));
    }

    @Test
    void entryPointsAreReadAsWritten() {
        assertThat(RulePartition.entryPointsOf(routedRule("x", "process.name: cmd.exe") + routedRule("y", "a \\\"quoted\\\" name")
                + "rule \"z\" when $e : EcsEvent() then end"))
                .containsExactlyInAnyOrder("process.name: cmd.exe", "a \\\"quoted\\\" name");
    }

    @Test
    void oneSessionGetsEverythingAsItIs() {
        Map<String, String> sources = Map.of("a.drl", eventRule("a"), "sequences.drl", STATE_MACHINE);

        assertThat(RulePartition.split(sources, 1)).containsExactly(new TreeMap<>(sources));
    }

    @Test
    void aFileIsSharedOnlyWhenItRaisesNoAlert() {
        assertThat(RulePartition.sharedByAll(STATE_MACHINE)).isTrue();
        assertThat(RulePartition.sharedByAll("declare Marker end\nfunction int one() { return 1; }")).isTrue();
        assertThat(RulePartition.sharedByAll(eventRule("x"))).isFalse();
        assertThat(RulePartition.sharedByAll("then\n  alerts . raise (kcontext, $e);")).isFalse();
    }
}
