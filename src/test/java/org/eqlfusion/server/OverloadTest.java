package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood beyond what the engine can take (rules that cost 200 µs per event): the server answers
 * 429 (per item, or whole requests), its queues stay within their bounds, and every event it
 * answered 201 for is processed.
 */
class OverloadTest {

    private static final int CLIENTS = 4;
    private static final int BATCH = 1000;
    private static final long FLOOD_MILLIS = 3000;

    @TempDir
    Path dir;

    @Test
    void aFloodGets429sWhileEveryAcceptedEventIsProcessed() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> {
            c.rules = Path.of("src/test/resources/slow-rules");
            c.queueCapacity = 2;
            c.maxInflightRequests = 3;
        })) {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            AtomicLong created = new AtomicLong();
            AtomicLong throttledItems = new AtomicLong();
            AtomicInteger throttledRequests = new AtomicInteger();
            AtomicInteger maxQueued = new AtomicInteger();
            AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
            long until = System.currentTimeMillis() + FLOOD_MILLIS;
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    while (System.currentTimeMillis() < until) {
                        StringBuilder body = new StringBuilder(BATCH * 120);
                        for (int i = 0; i < BATCH; i++) {
                            body.append("{\"index\":{}}\n{\"@timestamp\":").append(clock.incrementAndGet())
                                    .append(",\"event\":{\"category\":\"process\"},\"host\":{\"name\":\"flood\"}}\n");
                        }
                        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", body.toString());
                        maxQueued.accumulateAndGet(s.server.engine().stats().queued(), Math::max);
                        if (r.statusCode() == 429) {
                            throttledRequests.incrementAndGet();
                            assertThat(r.headers().firstValue("Retry-After")).isPresent();
                        }
                        if (r.body().contains("\"items\"")) {
                            for (Map<String, Object> item : items(r)) {
                                int status = (Integer) item.get("status");
                                if (status == 201) {
                                    created.incrementAndGet();
                                } else if (status == 429) {
                                    throttledItems.incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            clients.shutdown();
            s.flush();

            assertThat(throttledItems.get() + throttledRequests.get()).as("429s under overload").isPositive();
            assertThat(maxQueued.get()).isLessThanOrEqualTo(2);
            assertThat(s.server.engine().stats().processed()).as("every 201 event processed").isEqualTo(created.get());
            System.gc();
            long grown = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            assertThat(grown).as("heap growth after the flood").isLessThan(256L * 1024 * 1024);
            String metrics = s.get("/metrics").body();
            assertThat(metrics).contains("eqlfusion_events_throttled_total{transport=\"http\"}");
            // with the engine's queue full as they came, requests were refused before their body was read
            assertThat(metrics).containsPattern("eqlfusion_requests_refused_unread_total\\{transport=\"http\"\\} [1-9]");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(HttpResponse<String> r) {
        return ((List<Map<String, Object>>) RunningServer.map(r.body()).get("items")).stream()
                .map(i -> (Map<String, Object>) i.values().iterator().next()).toList();
    }
}
