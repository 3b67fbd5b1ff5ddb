package org.eqlfusion.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real server on free loopback ports, with its alerts file in a temporary folder, and a real
 * HTTP client (the JDK's) to talk to it.
 */
final class RunningServer implements AutoCloseable {

    /** The seed rule, "Incoming DCOM Lateral Movement with MMC". */
    static final String SEED_RULE_ID = "51ce96fb-9e52-4dad-b0ba-99b54440fc9a";
    static final ObjectMapper JSON = new ObjectMapper();

    final EqlServer server;
    final ServerConfig config;
    /**
     * HTTP/1.1, as shippers speak to Elasticsearch (the JDK's client otherwise asks to upgrade to
     * h2c on each new connection); each answer awaited 30 s at most, so that a lost one fails its
     * test instead of holding CI until its limit.
     */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final java.time.Duration ANSWER_WITHIN = java.time.Duration.ofSeconds(30);

    private RunningServer(EqlServer server, ServerConfig config) {
        this.server = server;
        this.config = config;
    }

    static RunningServer start(Path dir, Consumer<ServerConfig> tweak) throws Exception {
        ServerConfig c = new ServerConfig();
        c.httpPort = 0;
        c.tcpPort = 0;
        c.alertsFile = dir.resolve("alerts.ndjson");
        c.idleFlush = null;
        c.recentAlerts = 1000;
        tweak.accept(c);
        return new RunningServer(EqlServer.start(c), c);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(ANSWER_WITHIN).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri(path)).timeout(ANSWER_WITHIN).GET();
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Processes what the server took in, as if its lateness had passed. */
    void flush() {
        server.flush();
    }

    List<Map<String, Object>> alertsInFile() throws IOException {
        List<Map<String, Object>> alerts = new ArrayList<>();
        if (!Files.exists(config.alertsFile)) {
            return alerts;
        }
        for (String line : Files.readAllLines(config.alertsFile)) {
            alerts.add(map(line));
        }
        return alerts;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seven sample events of samples/dcom-mmc20.ndjson: one seed-rule alert, of the 2nd and 4th lines (evt-0002, evt-0005). */
    static List<String> sampleEvents() throws IOException {
        return Files.readAllLines(Path.of("samples/dcom-mmc20.ndjson")).stream().filter(l -> !l.isBlank()).toList();
    }

    /** A _bulk body: each event after an index action with the given _id (null: none). */
    static String bulk(List<String> events, List<String> ids) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            String id = ids == null ? null : ids.get(i);
            b.append(id == null ? "{\"index\":{}}" : "{\"index\":{\"_id\":\"" + id + "\"}}").append('\n');
            b.append(events.get(i)).append('\n');
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    static List<String> ancestorIds(Map<String, Object> alert) {
        return ((List<Map<String, Object>>) alert.get("kibana.alert.ancestors")).stream().map(a -> (String) a.get("id")).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
