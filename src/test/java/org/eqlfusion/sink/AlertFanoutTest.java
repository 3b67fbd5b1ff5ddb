package org.eqlfusion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eqlfusion.alert.Alert;
import org.junit.jupiter.api.Test;

class AlertFanoutTest {

    /** A sink that holds every alert until let go, as a disk does while the file is synced. */
    static final class StalledSink implements AlertSink {
        final CountDownLatch letGo = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final List<Alert> got = Collections.synchronizedList(new ArrayList<>());
        volatile boolean closed;

        @Override
        public void accept(Alert alert, byte[] json) {
            entered.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got.add(alert);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Alert alert(int n) {
        return new Alert(Map.of("kibana.alert.uuid", "alert-" + n), 1_000);
    }

    /** Raises alerts 0 to {@code count - 1} as a session thread would. */
    private static CompletableFuture<Void> raiseOnAnotherThread(AlertFanout fanout, int count) {
        return CompletableFuture.runAsync(() -> {
            for (int n = 0; n < count; n++) {
                fanout.onAlert(alert(n));
            }
        });
    }

    @Test
    void aStalledSinkDoesNotHoldUpTheRulesAndLosesNothing() throws Exception {
        StalledSink sink = new StalledSink();
        AlertFanout fanout = new AlertFanout(List.of(sink), 100);
        // the session thread raises 50 alerts while the sink is stuck: none of them waits for it
        CompletableFuture<Void> raised = raiseOnAnotherThread(fanout, 50);
        raised.get(5, TimeUnit.SECONDS);
        assertThat(sink.got).isEmpty();
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fanout.pending()).isEqualTo(49); // the first is in the stalled sink's hands

        sink.letGo.countDown();
        fanout.drain();
        assertThat(sink.got).extracting(Alert::uuid)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(n -> "alert-" + n).toList());
        // the wait for the sink counts in each alert's latency
        assertThat(sink.got).allSatisfy(a -> assertThat(a.latencyNanos()).isGreaterThan(1_000));
        fanout.close();
        assertThat(sink.closed).isTrue();
    }

    @Test
    void whenTheQueueIsFullTheRulesWaitRatherThanDropAnAlert() throws Exception {
        StalledSink sink = new StalledSink();
        AlertFanout fanout = new AlertFanout(List.of(sink), 4);
        CompletableFuture<Void> raised = raiseOnAnotherThread(fanout, 20);
        Thread.sleep(300);
        assertThat(raised).isNotDone();
        sink.letGo.countDown();
        raised.get(5, TimeUnit.SECONDS);
        fanout.close();
        assertThat(sink.got).hasSize(20);
    }

    @Test
    void closeDeliversWhatWaitsBeforeClosingTheSinks() {
        StalledSink sink = new StalledSink();
        sink.letGo.countDown();
        AlertFanout fanout = new AlertFanout(List.of(sink));
        for (int n = 0; n < 1_000; n++) {
            fanout.onAlert(alert(n));
        }
        fanout.close();
        assertThat(sink.got).hasSize(1_000);
        assertThat(sink.closed).isTrue();
    }
}
