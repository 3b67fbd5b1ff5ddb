package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void ab() {
        var alerts = EngineRun.alerts(Duration.ZERO, List.of(
                SeedEvents.network("a1", "h1", "mmc-1", 0),
                SeedEvents.process("b2", "h1", "mmc-1", 1000)));
        System.out.println(alerts);
        assertThat(EngineRun.sequences(alerts)).containsExactly("a1+b2");
    }
}
