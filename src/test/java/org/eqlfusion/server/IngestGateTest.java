package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.metrics.ServerMetrics;
import org.eqlfusion.server.IngestGate.Doc;
import org.eqlfusion.server.IngestGate.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request of many batches, decoded by the request's thread alone or with the helper beside it:
 * every document gets its own status, and the batches reach the engine in the request's order —
 * with no lateness allowed, a batch offered ahead of the one before it would make that one late.
 */
class IngestGateTest {

    private static final int REQUESTS = 30;
    private static final int DOCS = 20 * ServerConfig.BATCH_EVENTS + 17;

    @ParameterizedTest(name = "decode helper={0}")
    @ValueSource(booleans = {false, true})
    void everyBatchIsOfferedInTheRequestsOrderAndABadDocumentOnlyFailsItself(boolean helper) throws Exception {
        EqlEngine engine = EqlEngine.builder().lateness(Duration.ZERO).queueCapacity(1_000).build();
        IngestGate gate = new IngestGate(new EcsEventDecoder(), new ServerMetrics(), helper);
        gate.engine(engine);
        try {
            Instant time = Instant.parse("2024-05-01T00:00:00Z");
            int bad = 0;
            for (int r = 0; r < REQUESTS; r++) {
                List<Doc> docs = new ArrayList<>();
                int badAt = (r * 397) % DOCS;
                for (int d = 0; d < DOCS; d++) {
                    time = time.plusMillis(1);
                    String json = d == badAt ? "{\"@timestamp\": \"" + time + "\", \"process\": "
                            : "{\"@timestamp\":\"" + time + "\",\"event\":{\"category\":[\"process\"]},\"host\":{\"id\":\"h" + d + "\"}}";
                    byte[] line = json.getBytes(StandardCharsets.UTF_8);
                    docs.add(new Doc(line, 0, line.length, "r" + r + "-" + d, d + 1));
                }
                IngestGate.Outcome out = gate.ingest(docs, "http", System.nanoTime());
                bad++;
                assertThat(out.rejected).isEqualTo(1);
                assertThat(out.status[badAt]).isEqualTo(Status.REJECTED);
                assertThat(out.reason[badAt]).isNotBlank();
                assertThat(out.accepted).isEqualTo(DOCS - 1);
                for (int d = 0; d < DOCS; d++) {
                    assertThat(out.status[d]).as("document %d of request %d", d, r)
                            .isEqualTo(d == badAt ? Status.REJECTED : Status.ACCEPTED);
                }
            }
            engine.flush();
            assertThat(engine.stats().received()).isEqualTo((long) REQUESTS * DOCS - bad);
            assertThat(engine.stats().late()).as("events that reached the engine out of the request's order").isZero();
            assertThat(engine.stats().processed()).isEqualTo((long) REQUESTS * DOCS - bad);
        } finally {
            gate.close();
            engine.close();
        }
    }
}
