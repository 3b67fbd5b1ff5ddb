package org.eqlfusion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eqlfusion.alert.Alert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's spool on disk stays within its bound while the target is down or behind: the
 * alerts still to deliver move over the delivered ones, and an alert with no room left is not
 * spooled (counted). Those kept are delivered in order once the target is back.
 */
class WebhookSpoolTest {

    /** Each alert's JSON line is exactly this long, newline included. */
    private static final int LINE = 32;
    private static final int MAX = 10 * LINE;

    @TempDir
    Path dir;
    private HttpServer target;
    /** How many more POSTs the target takes (answers 2xx); the others get 503. */
    private final AtomicInteger takes = new AtomicInteger(Integer.MAX_VALUE);
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    /** Alerts (by a part of their JSON) the target refuses with 400, as a receiver refuses a document it cannot take. */
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    /** How many more POSTs get 401 first, as while the target's key is wrong. */
    private final AtomicInteger unauthorized = new AtomicInteger();

    @BeforeEach
    void startTarget() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int refusal = unauthorized.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 401
                    : refused.stream().anyMatch(body::contains) ? 400 : 0;
            if (refusal != 0) {
                exchange.sendResponseHeaders(refusal, -1);
                exchange.close();
                return;
            }
            boolean took = takes.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (took) {
                received.add(body);
            }
            exchange.sendResponseHeaders(took ? 200 : 503, -1);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stopTarget() {
        target.stop(0);
    }

    private static String json(int n) {
        String head = "{\"kibana.alert.uuid\":\"a" + n + "\"";
        return head + " ".repeat(LINE - 1 - head.length() - 1) + "}";
    }

    private static void raise(WebhookSink sink, int n) {
        sink.accept(new Alert(Map.of("kibana.alert.uuid", "a" + n), -1), json(n).getBytes(StandardCharsets.UTF_8));
    }

    private WebhookSink sink() throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + target.getAddress().getPort() + "/hook");
        return new WebhookSink(uri, Map.of(), dir, Duration.ofMillis(50), Duration.ofSeconds(5), MAX);
    }

    private static void awaitDelivered(WebhookSink sink, long count) throws InterruptedException {
        for (int i = 0; i < 200 && sink.delivered() < count; i++) {
            Thread.sleep(25);
        }
        assertThat(sink.delivered()).isEqualTo(count);
    }

    @Test
    void anAlertTheTargetRefusesAsADocumentIsSkippedAndTheOthersFollowButAWrongKeyIsWaitedOut() throws Exception {
        refused.add("\"a2\"");
        unauthorized.set(3);
        WebhookSink sink = sink();
        for (int n = 1; n <= 4; n++) {
            raise(sink, n);
        }
        awaitDelivered(sink, 3);
        sink.close();
        // 401 three times: a1 waited and went; a2 refused with 400, once, and not held against the rest
        assertThat(received).containsExactly(json(1), json(3), json(4));
        assertThat(sink.rejected()).isEqualTo(1);
        assertThat(sink.failedAttempts()).isEqualTo(3);
    }

    @Test
    void aTargetDownForLongKeepsTheSpoolWithinItsBoundAndGetsWhatWasKeptInOrder() throws Exception {
        takes.set(0);
        WebhookSink sink = sink();
        for (int n = 1; n <= 25; n++) {
            raise(sink, n);
        }
        Path spool = dir.resolve("alerts.spool");
        assertThat(Files.size(spool)).isLessThanOrEqualTo(MAX);
        assertThat(sink.dropped()).isEqualTo(15);

        takes.set(Integer.MAX_VALUE);
        awaitDelivered(sink, 10);
        sink.close();
        // the first ten, the room there was; the later fifteen were left out
        assertThat(received).containsExactly(java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(WebhookSpoolTest::json)
                .toArray(String[]::new));
    }

    @Test
    void theDeliveredAlertsMakeRoomForNewOnesBeforeAnyIsLeftOut() throws Exception {
        takes.set(0);
        WebhookSink sink = sink();
        for (int n = 1; n <= 8; n++) {
            raise(sink, n);
        }
        // the target takes six and goes down: two wait behind six delivered in the spool
        takes.set(6);
        awaitDelivered(sink, 6);
        long failed = sink.failedAttempts();
        for (int i = 0; i < 200 && sink.failedAttempts() == failed; i++) {
            Thread.sleep(25);
        }
        assertThat(Files.size(dir.resolve("alerts.spool"))).isEqualTo(8L * LINE);
        // eight more need room: the two waiting move over the six delivered
        for (int n = 9; n <= 16; n++) {
            raise(sink, n);
        }
        assertThat(sink.dropped()).isZero();
        assertThat(Files.size(dir.resolve("alerts.spool"))).isEqualTo(10L * LINE);

        takes.set(Integer.MAX_VALUE);
        awaitDelivered(sink, 16);
        sink.close();
        assertThat(received).hasSize(16);
        for (int n = 1; n <= 16; n++) {
            assertThat(received.get(n - 1)).isEqualTo(json(n));
        }
    }

    @Test
    void aMoveCutShortByACrashBeforeItsPositionWasRecordedSendsEveryMovedAlert() throws Exception {
        // what a crash leaves between cutting the spool after a move and recording position 0:
        // the moved alerts at its start, the old position past its end
        Files.writeString(dir.resolve("alerts.spool"), json(7) + "\n" + json(8) + "\n");
        Files.writeString(dir.resolve("alerts.spool.offset"), Long.toString(6L * LINE));
        WebhookSink sink = sink();
        awaitDelivered(sink, 2);
        sink.close();
        assertThat(received).containsExactly(json(7), json(8));
    }
}
