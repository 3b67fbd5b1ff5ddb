package org.eqlfusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eqlfusion.bench.SyntheticStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A load generator for a running {@code serve}, run as its own process: the generated ECS stream
 * as {@code _bulk} requests over several connections, 429'd items resent after a backoff (10 ms,
 * doubling up to the server's Retry-After of 1 s). Reports the sustained
 * rate the server took the events in and processed them, the alert latency the server measured
 * (its Prometheus summary), and Jackson parse-only of the same payload as the baseline.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Sends a generated ECS stream to a running server's _bulk endpoint and reports throughput and alert latency.")
final class LoadCommand implements Callable<Integer> {

    private static final long FIRST_BACKOFF_MILLIS = 10;
    private static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final long IDLE_WAIT_MILLIS = 30_000;
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

    @Option(names = "--rate-limit", defaultValue = "0",
            description = "send at most this many events/s in all (0: as fast as the server takes them); for latency at a given "
                    + "load (with --sender wrk each connection waits its share before each request: a little under the rate)")
    private int rateLimit;

    @Option(names = "--api-key", description = "sent as Authorization: ApiKey <key>")
    private String apiKey;

    /** Who sends the requests: this JVM, or Debian's wrk. */
    enum Sender { java, wrk }

    @Option(names = "--sender", defaultValue = "java", description = "java: this JVM's HTTP client, resending what is "
            + "answered 429 (as shippers do); wrk: Debian's wrk, one connection per thread, sends again a request "
            + "answered 429 whole but not items answered 429, and costs next to no CPU: for the server's intake on a "
            + "machine it shares with the load (default: ${DEFAULT-VALUE})")
    private Sender sender;

    private final AtomicLong resent = new AtomicLong();
    /**
     * The load's own connections (the JDK's HTTP/1.1 client: as many as there are senders). Vert.x's
     * client, used until session 7, now and then left a request waiting for a pooled connection
     * against a server far behind (no request in progress on the server), and took more CPU.
     */
    private final java.net.http.HttpClient bulk = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    /**
     * HTTP/1.1 as the shippers speak it: the JDK's default upgrades to HTTP/2, whose frames took the
     * server's event loop four times what the load's own requests did, polled every 50 ms during a
     * latency run — the measuring tool in the way of what it measures.
     */
    private final java.net.http.HttpClient probe = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

    /** A status and body, read whole. */
    private record Reply(int status, byte[] body) {
    }

    @Override
    public Integer call() throws Exception {
        return run();
    }

    private int run() throws Exception {
        java.time.Instant start = streamStart();
        long aheadSeconds = java.time.Duration.between(java.time.Instant.now(), start).toSeconds();
        if (aheadSeconds > 60) {
            System.out.printf("note: this run's events start %d s ahead of this machine's clock (earlier runs sent faster "
                    + "than their --rate); a server takes events dated beyond its max-future (5m by default) as they come, "
                    + "not in time order: restart it, or send at --rate%n", aheadSeconds);
        }
        SyntheticStream stream = new SyntheticStream(System.currentTimeMillis(), hosts, rate, sequenceShare, start);
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

        // the baseline waits for an idle server too: one still letting go of an earlier run's events
        // would slow the baseline down on the shared cores and flatter the ratio
        awaitIdleServer();
        double parseOnly = parseOnly(batches);
        System.out.printf("jackson parse-only of the same payload (readTree per line, one thread): %,.0f events/s%n", parseOnly);

        String metricsBefore = get("/metrics");
        StallMeter stallMeter = new StallMeter();
        long processedBefore = MetricsScrape.number(metricsBefore, "eqlfusion_events_processed_total");
        long taken;
        double acceptedSeconds;
        String how;
        long sendEnded;
        if (sender == Sender.wrk) {
            // each connection waits its share of the set load before each request (wrk's delay())
            long pace = rateLimit > 0 ? Math.round(1000.0 * batch * connections / rateLimit) : 0;
            WrkSender.Result sent = WrkSender.send(batches, ACTION, url, connections, pace, apiKey,
                    () -> JSON.readTree(get("/health")).path("events").path("received").asLong()); // lighter than a scrape
            sendEnded = System.nanoTime();
            taken = sent.accepted();
            acceptedSeconds = sent.seconds();
            String m = get("/metrics");
            how = String.format("sent by wrk: %,d of %,d events taken, the rest answered 429 item by item and not sent again; "
                    + "%,d requests refused with 429 before they were read and sent again", taken, count,
                    MetricsScrape.increase(metricsBefore, m, "eqlfusion_requests_refused_unread_total{transport=\"http\"}"));
        } else {
            long started = System.nanoTime();
            sendWithJava(batches, started);
            sendEnded = System.nanoTime();
            taken = count;
            acceptedSeconds = (sendEnded - started) / 1e9;
            how = String.format("%,d items resent after 429", resent.get());
        }
        // processed, or waiting only for the allowed lateness (held until newer events pass them)
        long target = processedBefore + taken;
        while (true) {
            String m = get("/metrics");
            if (MetricsScrape.number(m, "eqlfusion_events_processed_total") + MetricsScrape.number(m, "eqlfusion_engine_buffered_events") >= target) {
                break;
            }
            Thread.sleep(5);
        }
        double processedSeconds = acceptedSeconds + (System.nanoTime() - sendEnded) / 1e9;
        StallMeter.Stalls stalls = stallMeter.stop();

        System.out.printf("accepted (2xx) by the server: %,.0f events/s (%.2f s; %s)%n",
                taken / acceptedSeconds, acceptedSeconds, how);
        System.out.printf("processed by the engine:      %,.0f events/s (%.2f s; the last events held for the lateness not waited for) = %.0f %% of parse-only%n",
                taken / processedSeconds, processedSeconds, 100 * taken / processedSeconds / parseOnly);
        String metrics = get("/metrics");
        System.out.printf("alert latency (server-side, receipt of the completing event to the alert, lateness wait excluded):"
                        + " p50 ≤ %.2f ms, p99 ≤ %.2f ms, over %d alerts of this run%n",
                1000 * MetricsScrape.quantile(metricsBefore, metrics, 0.5), 1000 * MetricsScrape.quantile(metricsBefore, metrics, 0.99),
                MetricsScrape.increase(metricsBefore, metrics, "eqlfusion_alert_latency_seconds_count"));
        System.out.printf("alerts within 10 ms: %.1f %%%n", 100 * MetricsScrape.share(metricsBefore, metrics, 0.010));
        long late = MetricsScrape.increase(metricsBefore, metrics, "eqlfusion_events_late_total{transport=\"any\"}");
        if (late > 0) {
            // a late event is processed at once, never held in order: the run measured something else
            System.out.printf("LATE: %,d events of this run came later than the lateness and were processed out of order; "
                    + "its figures are not those of events in time%n", late);
        }
        // what else took the server's CPU or stopped it meanwhile: on two cores the JIT compiler
        // thread alone can take one of them for seconds, minutes after a start
        double compilingMillis = MetricsScrape.totalIncrease(metricsBefore, metrics, "jvm_compilation_time_ms_total");
        System.out.printf("server JVM meanwhile: JIT compiling %,.0f ms, %,.0f collector pauses (%.1f ms in all)%n",
                compilingMillis,
                MetricsScrape.totalIncrease(metricsBefore, metrics, "jvm_gc_pause_seconds_count"),
                1000 * (MetricsScrape.totalIncrease(metricsBefore, metrics, "jvm_gc_pause_seconds_sum")));
        String warming = warming(compilingMillis, processedSeconds);
        if (warming != null) {
            System.out.println(warming);
        }
        System.out.printf("this machine meanwhile (a thread of this process): %s%n", stalls);
        if (stalls.over10Millis() > 0) {
            System.out.printf("STALLS: this machine kept a thread from running for over 10 ms %,d times during the run, "
                    + "the server's threads with it; latencies over 10 ms may be the machine's, not the server's%n", stalls.over10Millis());
        }
        return 0;
    }

    /**
     * A line saying the server's code was still being compiled through the run, or null: on this
     * 2-core machine the JIT compiled for seconds per million events until a server had taken about
     * three million (a compiler thread takes a core the server would use), then for 0.1 – 0.5 s; a
     * run with compiling over a fifth of its time measured a server still warming up, not its
     * sustained rate.
     */
    static String warming(double compilingMillis, double runSeconds) {
        if (compilingMillis < 0.2 * runSeconds * 1000) {
            return null;
        }
        return String.format("WARMING: the server's JIT compiler ran %,.0f ms of this run's %.1f s; its code is not yet "
                + "steady and a later run will be faster: run load again for the sustained rate", compilingMillis, runSeconds);
    }

    /** The load's own senders, one per connection, each batch resent until every item is taken. */
    private void sendWithJava(List<List<byte[]>> batches, long started) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        List<Future<?>> running = new ArrayList<>();
        double nanosPerBatch = rateLimit > 0 ? 1e9 * batch / rateLimit : 0;
        for (int c = 0; c < connections; c++) {
            running.add(senders.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < batches.size()) {
                    long due = started + (long) (i * nanosPerBatch);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    send(batches.get(i));
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        senders.shutdown();
    }

    private void send(List<byte[]> lines) throws Exception {
        List<byte[]> pending = lines;
        // as shippers do: back off, doubling, up to the server's Retry-After (1 s), instead of
        // hammering a server that is behind with requests it must refuse
        long backoffMillis = FIRST_BACKOFF_MILLIS;
        while (!pending.isEmpty()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(pending.size() * 400);
            for (byte[] line : pending) {
                body.write(ACTION);
                body.write(line);
                body.write('\n');
            }
            Reply response = postBulk(body.toByteArray());
            if (response.status() == 429) {
                resent.addAndGet(pending.size());
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
                continue;
            }
            if (response.status() != 200) {
                throw new IllegalStateException("the server answered " + response.status() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            if (!anyItemFailed(response.body())) {
                return;
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
                Thread.sleep(backoffMillis);
                backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
            }
        }
    }

    /**
     * The reply's top-level {@code errors} flag, read without the items, as Beats read it: when it
     * is false every item was taken and the items need no reading.
     */
    private static boolean anyItemFailed(byte[] reply) throws java.io.IOException {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(reply)) {
            p.nextToken();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                com.fasterxml.jackson.core.JsonToken value = p.nextToken();
                if (name.equals("errors")) {
                    return value != com.fasterxml.jackson.core.JsonToken.VALUE_FALSE;
                }
                p.skipChildren();
            }
        }
        return true;
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

    /**
     * Now, or just after the newest event time the server has received when that is ahead of the
     * clock: a run faster than its event-time rate leaves the server's event time in the future,
     * and the next run must start after it, or its events are late (processed at once, never held
     * in order) and the latency measured is not that of events in time. (Starting after the newest
     * event *processed* was not enough: the events the server still held for the lateness were
     * released while this run was being generated, and its first 10 s of events came late.)
     */
    private java.time.Instant streamStart() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        JsonNode newest = JSON.readTree(get("/health")).path("events").path("newest_event_time");
        if (newest.isMissingNode()) {
            return now;
        }
        java.time.Instant after = java.time.Instant.parse(newest.asText()).plusMillis(1);
        return after.isAfter(now) ? after : now;
    }

    /**
     * Waits (up to {@link #IDLE_WAIT_MILLIS}) until the server holds and queues no events: right after
     * a run at full speed it still holds that run's last seconds of events for the lateness, lets them
     * go once its input is idle (idle-flush, 2 s) and collects them afterwards — work that, overlapping
     * the next run, was that run's first seconds (a latency run's p50 twice the next one's).
     */
    private void awaitIdleServer() throws Exception {
        long started = System.nanoTime();
        long held = 0;
        while (System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(IDLE_WAIT_MILLIS)) {
            JsonNode events = JSON.readTree(get("/health")).path("events");
            held = events.path("buffered").asLong() + events.path("queued_batches").asLong();
            if (held == 0) {
                break;
            }
            Thread.sleep(50);
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (held > 0) {
            System.out.printf("note: the server still holds events of an earlier run after %,d ms (is idle-flush off?); "
                    + "this run starts anyway%n", waited);
        } else if (waited >= 100) {
            System.out.printf("waited %,d ms for the server to let go of an earlier run's events%n", waited);
        }
    }

    /** Reads the server's metrics and such: the JDK's client, apart from the load's connections. */
    private String get(String path) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + path));
        if (apiKey != null) {
            request.header("Authorization", "ApiKey " + apiKey);
        }
        return probe.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private Reply postBulk(byte[] body) throws Exception {  // the load's requests
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .timeout(java.time.Duration.ofSeconds(60))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("Authorization", "ApiKey " + apiKey);
        }
        java.net.http.HttpResponse<byte[]> response = bulk.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.body());
    }
}
