package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/eql-fusion.jar serve} as an operator runs it: events answered 201 are
 * still held for the allowed lateness when SIGTERM comes, and the orderly stop processes them and
 * writes the alert before the process exits.
 */
class ServeProcessIT {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void sigtermProcessesEverythingAcceptedAndWritesTheAlertBeforeExiting() throws Exception {
        Path alerts = dir.resolve("alerts.ndjson");
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target/eql-fusion.jar").toAbsolutePath().toString(), "serve",
                "--http-port", "0", "--tcp-port", "-1", "--alerts-file", alerts.toString(), "--lateness", "1h",
                "--set", "idle-flush=off")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            Path log = dir.resolve("serve.log");
            int port = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (port < 0 && serve.isAlive() && System.nanoTime() < deadline) {
                Matcher m = LISTENING.matcher(Files.readString(log));
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
                Thread.sleep(50);
            }
            assertThat(port).as("serve did not start:\n" + Files.readString(log)).isPositive();

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_bulk"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(RunningServer.bulk(RunningServer.sampleEvents(), null)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"errors\":false");
            assertThat(Files.exists(alerts) ? Files.readString(alerts) : "").as("held for the lateness: no alert yet").isEmpty();

            serve.toHandle().destroy(); // SIGTERM
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(log)).containsPattern("eql-fusion serve: stopped in \\d+ ms: 7 events processed, 1 alerts");
            assertThat(Files.readAllLines(alerts)).singleElement().satisfies(a -> assertThat(RunningServer.map(a))
                    .containsEntry("kibana.alert.rule.rule_id", RunningServer.SEED_RULE_ID));
        } finally {
            serve.destroyForcibly();
        }
    }
}
