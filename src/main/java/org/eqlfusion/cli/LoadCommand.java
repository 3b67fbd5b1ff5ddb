package org.eqlfusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eqlfusion.bench.SyntheticStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A load generator for a running {@code serve}, run as its own process: the generated ECS stream
 * as {@code _bulk} requests over several connections, 429'd items resent. Reports the sustained
 * rate the server took the events in and processed them, the alert latency the server measured
 * (its Prometheus summary), and Jackson parse-only of the same payload as the baseline.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Sends a generated ECS stream to a running server's _bulk endpoint and reports throughput and alert latency.")
final class LoadCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] ACTION = "{\"index\":{}}\n".getBytes(StandardCharsets.UTF_8);

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9200", description = "the server (default: ${DEFAULT-VALUE})")
    private String url;

    @Option(names = "--events", defaultValue = "500000", description = "events to send (default: ${DEFAULT-VALUE})")
    private int count;

    @Option(names = "--batch", defaultValue = "1000", description = "events per _bulk request (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--connections", defaultValue = "4", description = "concurrent requests (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--hosts", defaultValue = "10000", description = "hosts in the stream (default: ${DEFAULT-VALUE})")
    private int hosts;

    @Option(names = "--rate", defaultValue = "20000", description = "event-time rate of the stream, events/s (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--sequence-share", defaultValue = "0.01", description = "share of events in true sequences (default: ${DEFAULT-VALUE})")
    private double sequenceShare;

    @Option(names = "--api-key", description = "sent as Authorization: ApiKey <key>")
    private String apiKey;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong resent = new AtomicLong();

    @Override
    public Integer call() throws Exception {
        SyntheticStream stream = new SyntheticStream(7, hosts, rate, sequenceShare);
        List<List<byte[]>> batches = new ArrayList<>();
        long payloadBytes = 0;
        for (int sent = 0; sent < count; sent += batch) {
            List<byte[]> lines = new ArrayList<>(batch);
            for (int i = 0; i < Math.min(batch, count - sent); i++) {
                byte[] line = stream.nextBytes();
                lines.add(line);
                payloadBytes += line.length + ACTION.length + 1;
            }
            batches.add(lines);
        }
        System.out.printf("payload: %,d events in %,d _bulk requests of %,d, %.1f MB%n", count, batches.size(), batch, payloadBytes / 1e6);

        double parseOnly = parseOnly(batches);
        System.out.printf("jackson parse-only of the same payload (readTree per line, one thread): %,.0f events/s%n", parseOnly);

        long processedBefore = metric("eqlfusion_events_processed_total");
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            running.add(senders.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < batches.size()) {
                    send(batches.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        senders.shutdown();
        double acceptedSeconds = (System.nanoTime() - started) / 1e9;
        long target = processedBefore + count;
        while (metric("eqlfusion_events_processed_total") < target) {
            Thread.sleep(20);
        }
        double processedSeconds = (System.nanoTime() - started) / 1e9;

        System.out.printf("accepted (2xx) by the server: %,.0f events/s (%.2f s; %,d items resent after 429)%n",
                count / acceptedSeconds, acceptedSeconds, resent.get());
        System.out.printf("processed by the engine:      %,.0f events/s (%.2f s) = %.0f %% of parse-only%n",
                count / processedSeconds, processedSeconds, 100 * count / processedSeconds / parseOnly);
        String metrics = get("/metrics");
        System.out.printf("alert latency (server-side, receipt of the completing event to the alert, lateness wait excluded):"
                        + " p50 %.2f ms, p99 %.2f ms, %s alerts%n",
                1000 * quantile(metrics, "0.5"), 1000 * quantile(metrics, "0.99"),
                value(metrics, "eqlfusion_alert_latency_seconds_count"));
        return 0;
    }

    private void send(List<byte[]> lines) throws Exception {
        List<byte[]> pending = lines;
        while (!pending.isEmpty()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(pending.size() * 400);
            for (byte[] line : pending) {
                body.write(ACTION);
                body.write(line);
                body.write('\n');
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/_bulk"))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            if (apiKey != null) {
                request.header("Authorization", "ApiKey " + apiKey);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 429) {
                resent.addAndGet(pending.size());
                Thread.sleep(5);
                continue;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the server answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            JsonNode items = JSON.readTree(response.body()).get("items");
            List<byte[]> retry = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int status = items.get(i).elements().next().get("status").asInt();
                if (status == 429) {
                    retry.add(pending.get(i));
                } else if (status >= 300) {
                    throw new IllegalStateException("an event was refused: " + items.get(i));
                }
            }
            resent.addAndGet(retry.size());
            pending = retry;
            if (!retry.isEmpty()) {
                Thread.sleep(5);
            }
        }
    }

    private static double parseOnly(List<List<byte[]>> batches) throws Exception {
        double best = 0;
        for (int run = 0; run < 3; run++) {
            long started = System.nanoTime();
            long n = 0;
            for (List<byte[]> lines : batches) {
                for (byte[] line : lines) {
                    JSON.readTree(ACTION);
                    n += JSON.readTree(line).size() > 0 ? 1 : 0;
                }
            }
            best = Math.max(best, n / ((System.nanoTime() - started) / 1e9));
        }
        return best;
    }

    private long metric(String name) throws Exception {
        String v = value(get("/metrics"), name);
        return v == null ? 0 : (long) Double.parseDouble(v);
    }

    private String get(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path));
        if (apiKey != null) {
            request.header("Authorization", "ApiKey " + apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        return m.find() ? m.group(1) : null;
    }

    private static double quantile(String metrics, String q) {
        Matcher m = Pattern.compile("(?m)^eqlfusion_alert_latency_seconds\\{quantile=\"" + Pattern.quote(q) + "\"\\} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
