package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.ancestorIds;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --scope-by-index}: a rule reads only the events sent to the indices its
 * {@code index} patterns name, as Elasticsearch searches only a rule's indices. The seed rule's are
 * winlogbeat-*, logs-endpoint.events.process-*, logs-endpoint.events.network-* and
 * logs-windows.sysmon_operational-*. Each scenario sends the sample DCOM events (one alert, of the
 * 2nd and 4th lines) at its own hour, so that no scenario's events are late for another's.
 */
class IndexScopeTest {

    @TempDir
    Path dir;

    @Test
    void aScopedServerReadsARulesIndicesOnly() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> c.scopeByIndex = true)) {
            // as Elastic Agent sends them: each event to its category's data stream
            assertThat(bulk(s, "10", "agent-", event -> event.contains("\"network\"")
                    ? "logs-endpoint.events.network-default" : "logs-endpoint.events.process-default")).isEqualTo(7);
            // the same events at a later hour, sent where the rule does not look
            assertThat(bulk(s, "11", "elsewhere-", event -> "logs-generic-default")).isEqualTo(7);
            // and sent to no index at all (POST /events): every rule reads them
            HttpResponse<String> r = s.post("/events", "application/x-ndjson", String.join("\n", atHour(sampleEvents(), "12")) + "\n");
            assertThat(r.statusCode()).isEqualTo(200);
            s.flush();

            List<Map<String, Object>> alerts = s.alertsInFile();
            assertThat(alerts).extracting(a -> a.get("kibana.alert.rule.rule_id")).containsOnly(SEED_RULE_ID);
            assertThat(alerts).extracting(RunningServer::ancestorIds)
                    .containsExactlyInAnyOrder(List.of("agent-2", "agent-4"), List.of("evt-0002", "evt-0005"));
            Map<String, Object> agent = alerts.stream().filter(a -> ancestorIds(a).get(0).equals("agent-2")).findFirst().orElseThrow();
            assertThat(ancestorIndices(agent)).containsExactly("logs-endpoint.events.network-default", "logs-endpoint.events.process-default");
        }
    }

    @Test
    void byDefaultEveryRuleReadsEveryEventWhereverItWasSent() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> { })) {
            assertThat(bulk(s, "11", "elsewhere-", event -> "logs-generic-default")).isEqualTo(7);
            s.flush();
            List<Map<String, Object>> alerts = s.alertsInFile();
            assertThat(alerts).extracting(RunningServer::ancestorIds).containsExactly(List.of("elsewhere-2", "elsewhere-4"));
            assertThat(ancestorIndices(alerts.get(0))).isEmpty();
        }
    }

    /** Sends the sample events at {@code hour} as a _bulk, each to the index {@code indexOf} gives it; the items accepted. */
    @SuppressWarnings("unchecked")
    private static long bulk(RunningServer s, String hour, String idPrefix, java.util.function.Function<String, String> indexOf)
            throws Exception {
        List<String> events = atHour(sampleEvents(), hour);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            body.append("{\"create\":{\"_index\":\"").append(indexOf.apply(events.get(i))).append("\",\"_id\":\"")
                    .append(idPrefix).append(i + 1).append("\"}}\n").append(events.get(i)).append('\n');
        }
        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", body.toString());
        assertThat(r.statusCode()).isEqualTo(200);
        return ((List<Map<String, Object>>) map(r.body()).get("items")).stream()
                .map(item -> (Map<String, Object>) item.get("create")).filter(item -> item.get("status").equals(201)).count();
    }

    private static List<String> atHour(List<String> events, String hour) {
        return events.stream().map(e -> e.replace("2024-05-01T10:", "2024-05-01T" + hour + ":")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ancestorIndices(Map<String, Object> alert) {
        return ((List<Map<String, Object>>) alert.get("kibana.alert.ancestors")).stream()
                .map(a -> a.get("index")).filter(java.util.Objects::nonNull).toList();
    }
}
