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
    void alertsASuppressionCountedAreMetricsOfTheirOwn() throws Exception {
        Path rules = java.nio.file.Files.createDirectories(dir.resolve("rules"));
        java.nio.file.Files.copy(Path.of("src/test/resources/suppression/started-by-mmc.toml"), rules.resolve("started-by-mmc.toml"));
        try (RunningServer s = RunningServer.start(dir, c -> c.rules = rules)) {
            // WORKSTATION6 at 10:00:04.870 and 10:02:30 (counted), WORKSTATION7 at 10:00:05; then an event
            // of no rule at 10:06: once it is processed, event time is past WORKSTATION6's 5 minutes and
            // the server sends the count without waiting for another alert
            String later = "{\"@timestamp\":\"2024-05-01T10:06:00Z\",\"event\":{\"id\":\"evt-0008\",\"category\":"
                    + "[\"network\"]},\"host\":{\"name\":\"WORKSTATION8\"}}";
            java.util.List<String> events = new java.util.ArrayList<>(sampleEvents());
            events.add(later);
            s.post("/_bulk", "application/x-ndjson", bulk(events, null));
            s.flush();
            String suppressed = "eqlfusion_alerts_suppressed_total{rule_id=\"5e1e5e1e-0000-4000-8000-000000000002\"} 1.0";
            String metrics = s.get("/metrics").body();
            for (int i = 0; i < 100 && !metrics.contains(suppressed); i++, Thread.sleep(50)) {
                metrics = s.get("/metrics").body();
            }
            assertThat(metrics).contains("eqlfusion_alerts_total{rule_id=\"5e1e5e1e-0000-4000-8000-000000000002\"} 2.0")
                    .contains(suppressed);
            assertThat(s.get("/rules").body()).contains("\"suppression\":\"host.name for 5m\"");
            // GET /alerts holds WORKSTATION6's alert once, as sent again with its count
            assertThat(map(s.get("/alerts?host=WORKSTATION6").body())).containsEntry("count", 1);
            assertThat(s.get("/alerts?host=WORKSTATION6").body()).contains("\"kibana.alert.suppression.docs_count\":1");
        }
    }

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
            // the JVM's own figures, which explain a latency figure: heap, collector, JIT, CPU
            assertThat(metrics).contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_threads_live_threads ",
                    "process_cpu_usage ", "process_uptime_seconds ");
            assertThat(sample(metrics, "jvm_compilation_time_ms_total")).as("time the JIT has compiled, ms").isGreaterThan(0);
            System.gc();
            // the collector's notification comes on a thread of its own
            double pauses = 0;
            for (int i = 0; i < 100 && pauses == 0; i++, Thread.sleep(50)) {
                pauses = firstSample(s.get("/metrics").body(), "jvm_gc_pause_seconds_count");
            }
            assertThat(pauses).as("collector pauses seen").isGreaterThan(0);
        }
    }

    @Test
    void anEventDatedYearsAheadOfTheServersClockIsCountedAndLeavesTheOthersInOrder() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> { })) {
            // a host whose clock is three years ahead, its event processed (as the idle flush would)
            String future = java.time.Instant.now().plus(java.time.Duration.ofDays(3 * 365)).toString();
            s.post("/events", "application/json", "{\"@timestamp\":\"" + future + "\",\"event\":{\"category\":\"process\"},"
                    + "\"host\":{\"name\":\"BADCLOCK\"}}");
            s.flush();
            // the sample's events after it, the completing one sent before the one it completes
            java.util.List<String> events = new java.util.ArrayList<>(sampleEvents());
            java.util.Collections.swap(events, 1, 3);
            s.post("/_bulk", "application/x-ndjson", bulk(events, null));
            s.flush();

            assertThat(s.alertsInFile()).extracting(a -> a.get("kibana.alert.rule.rule_id")).containsExactly(SEED_RULE_ID);
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> counts = (java.util.Map<String, Object>) map(s.get("/health").body()).get("events");
            assertThat(counts).containsEntry("ahead", 1).containsEntry("late", 0);
            assertThat(s.get("/metrics").body()).contains("eqlfusion_events_ahead_total{transport=\"any\"} 1.0");
        }
    }

    @Test
    void metricsAreAnsweredOverHttp11ToClientsThatAskForAnUpgrade() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> { })) {
            // the JDK's client asks each new connection to upgrade to h2c; Elasticsearch, and so this
            // server, stays on HTTP/1.1. Over h2c, a /metrics answer (over 16 KB since it carries the
            // JVM's figures) now and then never came.
            for (int i = 0; i < 20; i++) {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient()
                        .sendAsync(java.net.http.HttpRequest.newBuilder(s.uri("/metrics")).GET().build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
                assertThat(r.body()).contains("jvm_compilation_time_ms_total");
            }
        }
    }

    /** The first sample of {@code name} (any labels), which must be there. */
    private static double sample(String metrics, String name) {
        assertThat(metrics).containsPattern("(?m)^" + name + "[{ ]");
        return firstSample(metrics, name);
    }

    /** The first sample of {@code name} (any labels), 0 when there is none yet. */
    private static double firstSample(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
