package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server listens before its rules are built: until then /health says "loading" (503), and
 * ingest and rule changes answer 503 with Retry-After, so orchestrators, shippers and analysts
 * wait; then it is ready.
 */
class StartupTest {

    @TempDir
    Path dir;

    @Test
    void healthIs503WhileTheRulesBuildAnd200Once() throws Exception {
        // a rule folder that takes a while to build: 60 of Elastic's Windows rules, as TOML
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> toml = Files.list(SharedRules.seedToml().getParent())) {
            for (Path f : toml.filter(p -> p.toString().endsWith(".toml")).sorted().limit(60).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        int httpPort = port;
        CompletableFuture<RunningServer> starting = CompletableFuture.supplyAsync(() -> {
            try {
                return RunningServer.start(dir, c -> {
                    c.httpPort = httpPort;
                    c.rules = rules;
                    c.rulesWatchInterval = null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        List<Integer> healths = new CopyOnWriteArrayList<>();
        List<Integer> ingests = new CopyOnWriteArrayList<>();
        List<Integer> reloads = new CopyOnWriteArrayList<>();
        while (!starting.isDone()) {
            try {
                healths.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                HttpResponse<String> ingest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                        .POST(HttpRequest.BodyPublishers.ofString(RunningServer.sampleEvents().get(0))).build(),
                        HttpResponse.BodyHandlers.ofString());
                ingests.add(ingest.statusCode());
                reloads.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rules/_reload"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                if (ingest.statusCode() == 503) {
                    assertThat(ingest.headers().firstValue("Retry-After")).isPresent();
                }
            } catch (java.io.IOException notListeningYet) {
                Thread.sleep(5);
            }
        }
        try (RunningServer s = starting.join()) {
            assertThat(healths).as("seen while loading").contains(503);
            assertThat(ingests).contains(503);
            assertThat(reloads).as("a reload asked for while loading waits for the rules").contains(503).doesNotContain(500);
            assertThat(s.get("/health").statusCode()).isEqualTo(200);
            assertThat(s.get("/health").body()).contains("\"status\":\"ready\"").contains("61 rule files"); // with the shared sequences.drl
        }
    }

    @Test
    void anAlertsFileThatCannotBeOpenedStopsTheStartInOneLine() throws Exception {
        // a file where no folder can be made: a plain file stands in the way
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        ServerConfig config = new ServerConfig();
        config.httpPort = 0;
        config.tcpPort = -1;
        config.alertsFile = notAFolder.resolve("alerts.ndjson");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EqlServer.start(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot open the alerts file " + config.alertsFile + " (alerts-file): ");
    }

    @Test
    void aPortAlreadyTakenStopsTheStartNamingThePortAndTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ServerConfig config = new ServerConfig();
            config.httpPort = taken.getLocalPort();
            config.tcpPort = -1;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EqlServer.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (http-port): ")
                    .hasMessageContaining("Address already in use");
        }
    }
}
