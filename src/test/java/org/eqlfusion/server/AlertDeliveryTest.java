package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.bulk;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts out: the file, GET /alerts with filters, the SSE stream, and a webhook that is down for a while. */
class AlertDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void anAlertReachesTheFileTheRecentListAndALiveStreamSubscriber() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> { })) {
            HttpRequest subscribe = HttpRequest.newBuilder(s.uri("/alerts/stream?host=workstation6")).GET().build();
            HttpResponse<InputStream> stream = s.http.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            CompletableFuture<String> firstAlert = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    boolean alertEvent = false;
                    while ((line = lines.readLine()) != null) {
                        if (line.equals("event: alert")) {
                            alertEvent = true;
                        } else if (alertEvent && line.startsWith("data: ")) {
                            return line.substring("data: ".length());
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

            s.post("/_bulk", "application/x-ndjson", bulk(sampleEvents(), null));
            s.flush();

            assertThat(map(firstAlert.get(10, TimeUnit.SECONDS))).containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID);
            assertThat(s.alertsInFile()).hasSize(1);

            assertThat(map(s.get("/alerts").body())).containsEntry("count", 1);
            assertThat(map(s.get("/alerts?rule_id=" + SEED_RULE_ID + "&host=WORKSTATION6").body())).containsEntry("count", 1);
            assertThat(map(s.get("/alerts?host=WORKSTATION7").body())).containsEntry("count", 0);
            assertThat(map(s.get("/alerts?from=2024-05-01T10:00:00Z&to=2024-05-01T10:01:00Z").body())).containsEntry("count", 1);
            assertThat(map(s.get("/alerts?from=2024-05-01T11:00:00Z").body())).containsEntry("count", 0);
            HttpResponse<String> badTime = s.get("/alerts?from=yesterday");
            assertThat(badTime.statusCode()).isEqualTo(400);
            assertThat(badTime.body()).contains("from: 'yesterday' is not an ISO-8601 instant");
            // a misspelt filter is refused, not ignored: it would answer every alert as if it held
            HttpResponse<String> misspelt = s.get("/alerts?rule=" + SEED_RULE_ID);
            assertThat(misspelt.statusCode()).isEqualTo(400);
            assertThat(misspelt.body()).contains("unknown parameter [rule]; /alerts takes rule_id, host, from, to, size");
        }
    }

    @Test
    void aWebhookThatIsDownGetsTheAlertOnceItComesUpAndAcrossARestart() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path spool = dir.resolve("spool");
        String url = "http://127.0.0.1:" + port + "/hook";
        RunningServer s = RunningServer.start(dir, c -> {
            c.webhookUrl = url;
            c.webhookSpoolDir = spool;
            c.webhookMaxBackoff = Duration.ofMillis(500);
            c.webhookAuthorization = "Bearer hook-secret";
            c.webhookShutdownGrace = Duration.ofMillis(300);
        });
        s.post("/_bulk", "application/x-ndjson", bulk(sampleEvents(), null));
        s.flush();
        // the target is down: the alert waits on disk, and stays there across a stop
        s.close();
        assertThat(Files.readString(spool.resolve("alerts.spool"))).contains(SEED_RULE_ID);

        List<String> received = new CopyOnWriteArrayList<>();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        target.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        target.start();
        try (RunningServer again = RunningServer.start(dir, c -> {
            c.webhookUrl = url;
            c.webhookSpoolDir = spool;
            c.webhookAuthorization = "Bearer hook-secret";
        })) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(received).singleElement().satisfies(json -> assertThat(map(json))
                    .containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID));
            assertThat(authorizations).containsExactly("Bearer hook-secret");
        } finally {
            target.stop(0);
        }
        assertThat(Files.size(spool.resolve("alerts.spool"))).isZero();
    }
}
