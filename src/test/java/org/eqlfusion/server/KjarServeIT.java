package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on the KJAR this build made from kjar/ (kie-maven-plugin, executable model), by GAV,
 * upgraded between the two stages of a sequence to another version of the same artifact (built
 * with the executable model too); a version built as run-time DRL is refused, and the running one stays.
 */
class KjarServeIT {

    private static final String VERSION = System.getProperty("eqlfusion.version", "0.1.0-SNAPSHOT");

    @TempDir
    Path dir;

    @Test
    void theBuiltKjarServesAndUpgradesInPlaceKeepingTheSequence() throws Exception {
        String next = VERSION + "-upgrade";
        KjarUpgradeTest.kjar("org.eqlfusion", "eql-fusion-rules", next,
                List.of("sequences.drl", "windows/lateral_movement_dcom_mmc20.drl"), true);
        String other = VERSION + "-drl";
        KjarUpgradeTest.kjar("org.eqlfusion", "eql-fusion-rules", other,
                List.of("sequences.drl", "windows/lateral_movement_dcom_mmc20.drl"), false);
        try (RunningServer s = RunningServer.start(dir, c -> {
            c.kjar = "org.eqlfusion:eql-fusion-rules:" + VERSION;
            c.lateness = Duration.ZERO;
        })) {
            assertThat(map(s.get("/rules").body())).containsEntry("gav", "org.eqlfusion:eql-fusion-rules:" + VERSION);
            s.post("/events", "application/json", sampleEvents().get(1));
            s.flush();
            HttpResponse<String> refused = s.post("/rules/_upgrade?version=" + other, null, new byte[0]);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(refused.body()).contains("Drools cannot update");
            HttpResponse<String> upgraded = s.post("/rules/_upgrade?version=" + next, null, new byte[0]);
            assertThat(upgraded.statusCode()).as(upgraded.body()).isEqualTo(200);
            s.post("/events", "application/json", sampleEvents().get(3));
            s.flush();
            assertThat(s.alertsInFile()).singleElement()
                    .satisfies(a -> assertThat(a).containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID));
        }
    }
}
