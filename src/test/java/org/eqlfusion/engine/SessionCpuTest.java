package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.engine.SeedEvents.network;
import static org.eqlfusion.engine.SeedEvents.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.event.EcsEvent;
import org.junit.jupiter.api.Test;

/** With the engine split over sessions, each session's thread reports the CPU it spent. */
class SessionCpuTest {

    @Test
    void eachSessionReportsTheCpuOfItsOwnThreadOnceItHasRunEvents() throws InterruptedException {
        List<EcsEvent> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(SeedEvents.decode(network("a" + i, "h" + i, "m" + i, i * 10L)));
            events.add(SeedEvents.decode(process("b" + i, "h" + i, "m" + i, i * 10L + 5)));
        }
        try (EqlEngine engine = EqlEngine.builder().rules(RuleSet.bundled(2)).lateness(Duration.ZERO).build()) {
            // two host shards (the events of 2,000 hosts split between them) and a session of every event
            assertThat(engine.sessionCpuNanos()).as("before any event").containsExactly(0L, 0L, 0L);
            assertThat(engine.sessionRoles()).containsExactly("host shard", "host shard", "every event");

            engine.submit(events);
            engine.flush();

            long[] cpu = engine.sessionCpuNanos();
            assertThat(cpu).hasSize(3);
            assertThat(cpu[0]).as("session 1").isPositive();
            assertThat(cpu[1]).as("session 2").isPositive();
            assertThat(cpu[2]).as("session 3").isPositive();
        }
    }
}
