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
        // both kinds spread: no session without a sequence rule, sizes within one of each other
        assertThat(parts).allSatisfy(part -> assertThat(part.keySet()).anyMatch(n -> n.startsWith("seq")));
        assertThat(parts.stream().mapToInt(Map::size).max().getAsInt()
                - parts.stream().mapToInt(Map::size).min().getAsInt()).isLessThanOrEqualTo(1);
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
