package org.eqlfusion.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.junit.jupiter.api.Test;

/**
 * A sequence rule added to a running session whose rules had no sequence: its partial sequences
 * still go once their maxspan has passed. Until then no rule read the EventTime fact that moves
 * expiry, and Drools lets go of a fact no rule reads (the KieBase's mutability is off).
 */
class SequenceRuleAddedWhileRunningTest {

    private static final String HOST = "\"host\":{\"id\":\"h1\",\"name\":\"WS1\",\"os\":{\"type\":\"windows\"}}";

    @Test
    void itsPendingSequencesExpireAfterTheMaxspan() throws Exception {
        DrlBuild.Result built = DrlBuild.build(Map.of("notepad.drl", RoutingAcrossRuleChangesTest.RULE.formatted("notepad")));
        assertThat(built.errors()).isEmpty();
        List<Alert> alerts = Collections.synchronizedList(new ArrayList<>());
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.of(built.kieBase(), "notepad"))
                .lateness(Duration.ZERO).onAlert(alerts::add).build()) {
            engine.submit(List.of(process(1, "00", "notepad.exe"), process(2, "03", "cmd.exe")));
            engine.flush();
            assertThat(alerts).hasSize(1);

            String seed = Files.readString(Path.of("rules-drl/windows/lateral_movement_dcom_mmc20.drl"));
            engine.change((kieBase, sessions) -> RoutingAcrossRuleChangesTest.addRules(kieBase, "seed.drl", seed));
            engine.submit(List.of(mmcAccepts(3, "10")));
            engine.flush();
            assertThat(engine.stats().facts()).as("the partial sequence stage 1 started").isEqualTo(1);

            engine.submit(List.of(process(4, "40", "cmd.exe")));
            engine.flush();
            assertThat(engine.stats().facts()).as("30 s later, within the 1m maxspan").isEqualTo(1);

            engine.submit(List.of(process(5, "02:05", "cmd.exe")));
            engine.flush();
            assertThat(engine.stats().facts()).as("past the maxspan").isZero();
            assertThat(alerts).hasSize(1);
        }
    }

    /** A process start at 10:00:{@code at} (or 10:{@code at} when it holds a colon). */
    private static EcsEvent process(int n, String at, String name) throws Exception {
        return decode("{\"@timestamp\":\"" + time(at) + "\",\"event\":{\"id\":\"e" + n
                + "\",\"category\":[\"process\"],\"type\":[\"start\"]}," + HOST
                + ",\"process\":{\"name\":\"" + name + "\",\"entity_id\":\"p" + n + "\"}}");
    }

    /** mmc.exe accepting a high-port TCP connection: stage 1 of the seed rule. */
    private static EcsEvent mmcAccepts(int n, String at) throws Exception {
        return decode("{\"@timestamp\":\"" + time(at) + "\",\"event\":{\"id\":\"e" + n
                + "\",\"category\":[\"network\"],\"type\":[\"start\"]}," + HOST
                + ",\"process\":{\"name\":\"mmc.exe\",\"entity_id\":\"mmc\"},\"source\":{\"ip\":\"10.0.1.23\",\"port\":50123},"
                + "\"destination\":{\"ip\":\"10.0.1.6\",\"port\":49666},\"network\":{\"direction\":\"ingress\",\"transport\":\"tcp\"}}");
    }

    private static String time(String at) {
        return "2024-05-01T10:" + (at.contains(":") ? at : "00:" + at) + ".000Z";
    }

    private static EcsEvent decode(String json) throws Exception {
        return new EcsEventDecoder().decode(json);
    }
}
