package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eqlfusion.engine.RulePartition.Placement;
import org.junit.jupiter.api.Test;

/**
 * Which rule files the host shards run (they need one host's events at a time), which the session
 * given every event runs, and which both (the state machine).
 */
class RulePartitionTest {

    private static final String STATE_MACHINE = """
            rule "Sequences: newer replaces older"
            when $p : PartialSequence() then delete( $p ); end
            """;

    private static String eventRule(String name) {
        return "rule \"" + name + "\" when $e : EcsEvent( eq(\"event.type\", \"start\") ) then alerts.raise(kcontext, $e); end\n";
    }

    /** A two-stage sequence as the compiler writes it, joined by {@code stage1Keys} and {@code stage2Keys}. */
    private static String sequence(String stage1Keys, String stage2Keys) {
        return """
                rule "s: stage 2 of 2"
                when
                    $event : EcsEvent( category("process") )
                    $key : SequenceKey() from $event.keys(%s)
                    $partial : PartialSequence( rule == "s", stage == 1, key == $key )
                then
                    delete( $partial );
                    alerts.raise( kcontext, $partial.then( $event ) );
                end
                rule "s: stage 1 of 2"
                when
                    $event : EcsEvent( category("network") )
                    $key : SequenceKey() from $event.keys(%s)
                then
                    insert( PartialSequence.start( "s", $key, $event ) );
                end
                """.formatted(stage2Keys, stage1Keys);
    }

    @Test
    void aSequenceJoinedByHostRunsInTheHostShards() {
        assertThat(RulePartition.placementOf(sequence("\"host.id\"", "\"host.id\""))).isEqualTo(Placement.HOST_SHARDS);
        assertThat(RulePartition.placementOf(sequence("\"host.id\", \"process.entity_id\"", "\"host.id\", \"process.parent.entity_id\"")))
                .isEqualTo(Placement.HOST_SHARDS);
        assertThat(RulePartition.placementOf(sequence("\"process.entity_id\", \"host.id\"", "\"process.pid\", \"host.id\"")))
                .as("host.id second in every stage").isEqualTo(Placement.HOST_SHARDS);
    }

    @Test
    void aSequenceThatMayJoinTwoHostsRunsInTheSessionOfEveryEvent() {
        assertThat(RulePartition.placementOf(sequence("\"process.entity_id\"", "\"process.parent.entity_id\"")))
                .as("entity ids are not compared with the host").isEqualTo(Placement.ALL_EVENTS);
        assertThat(RulePartition.placementOf(sequence("\"host.id\", \"user.name\"", "\"user.name\", \"host.id\"")))
                .as("host.id compared with user.name").isEqualTo(Placement.ALL_EVENTS);
        assertThat(RulePartition.placementOf(sequence("\"?host.id\"", "\"?host.id\"")))
                .as("an optional host joins missing with missing").isEqualTo(Placement.ALL_EVENTS);
        assertThat(RulePartition.placementOf(sequence("\"host.id\"", "\"user.name\""))).isEqualTo(Placement.ALL_EVENTS);
    }

    @Test
    void aRuleWithoutStateRunsInTheHostShardsAndOneThatKeepsStateUnkeyedDoesNot() {
        assertThat(RulePartition.placementOf(eventRule("a"))).isEqualTo(Placement.HOST_SHARDS);
        assertThat(RulePartition.placementOf("rule \"x\" when $e : EcsEvent() then insert( new Marker() ); alerts.raise(kcontext, $e); end"))
                .isEqualTo(Placement.ALL_EVENTS);
        assertThat(RulePartition.placementOf("rule \"x\" when $s : Sample( closed ) then alerts.raise(kcontext, $s); end"))
                .isEqualTo(Placement.ALL_EVENTS);
    }

    @Test
    void splitGivesTheHostShardsAndTheSessionOfEveryEventEachTheirFilesAndBothTheStateMachine() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("sequences.drl", STATE_MACHINE);
        sources.put("by-host.drl", sequence("\"host.id\"", "\"host.id\""));
        sources.put("by-user.drl", sequence("\"user.name\"", "\"user.name\""));
        sources.put("single.drl", eventRule("single"));

        List<Map<String, String>> parts = RulePartition.split(sources, 3);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(RulePartition.HOST_SHARDS_KIEBASE)).containsOnlyKeys("sequences.drl", "by-host.drl", "single.drl");
        assertThat(parts.get(RulePartition.ALL_EVENTS_KIEBASE)).containsOnlyKeys("sequences.drl", "by-user.drl");
    }

    @Test
    void oneSessionGetsEverythingAsItIs() {
        Map<String, String> sources = Map.of("a.drl", eventRule("a"), "sequences.drl", STATE_MACHINE);

        assertThat(RulePartition.split(sources, 1)).containsExactly(new TreeMap<>(sources));
    }

    @Test
    void aFileIsSharedOnlyWhenItRaisesNoAlert() {
        assertThat(RulePartition.sharedByAll(STATE_MACHINE)).isTrue();
        assertThat(RulePartition.placementOf(STATE_MACHINE)).isEqualTo(Placement.EVERY_SESSION);
        assertThat(RulePartition.sharedByAll("declare Marker end\nfunction int one() { return 1; }")).isTrue();
        assertThat(RulePartition.sharedByAll(eventRule("x"))).isFalse();
        assertThat(RulePartition.sharedByAll("then\n  alerts . raise (kcontext, $e);")).isFalse();
    }
}
