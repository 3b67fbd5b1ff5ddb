package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.bulk;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator watches: readiness, and the Prometheus figures the issue lists. */
class HealthAndMetricsTest {

    @TempDir
    Path dir;

    @Test
    void healthIsReadyWithRulesAndMetricsCountEventsAlertsAndTheEngine() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> { })) {
            var health = s.get("/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(map(health.body())).containsEntry("status", "ready").containsEntry("rules", "bundled rules");

            s.post("/_bulk", "application/x-ndjson", bulk(sampleEvents(), null) + "{\"index\":{}}\n{\"bad\":1}\n");
            s.flush();
            String metrics = s.get("/metrics").body();
            assertThat(metrics)
                    .contains("eqlfusion_events_received_total{transport=\"http\"} 7.0")
                    .contains("eqlfusion_events_rejected_total{transport=\"http\"} 1.0")
                    .contains("eqlfusion_events_processed_total 7.0")
                    .contains("eqlfusion_alerts_total{rule_id=\"" + SEED_RULE_ID + "\"} 1.0")
                    .contains("eqlfusion_engine_queue_batches ")
                    .contains("eqlfusion_engine_buffered_events ")
                    .contains("eqlfusion_session_facts ")
                    .contains("eqlfusion_watermark_lag_seconds ")
                    .contains("eqlfusion_alerts_pending 0.0")
                    .contains("eqlfusion_alert_latency_seconds_count 1")
                    .contains("vertx_http_server_requests_total");
            Matcher cpu = Pattern.compile("(?m)^eqlfusion_session_cpu_seconds_total\\{role=\"every event\",session=\"1\"} (\\S+)$").matcher(metrics);
            assertThat(cpu.find()).as("the session's CPU counter").isTrue();
            assertThat(Double.parseDouble(cpu.group(1))).as("CPU seconds of the thread that ran the events").isGreaterThan(0);
        }
    }
}
