package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NDJSON over a real TCP socket, as syslog-ng network(), rsyslog omfwd and Logstash tcp send it. */
class TcpIngestTest {

    @TempDir
    Path dir;

    @Test
    void linesSentInPiecesBecomeEventsBadAndOverlongLinesAreSkippedAndTheSequenceAlerts() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> c.maxLineBytes = 2048)) {
            List<String> events = sampleEvents();
            StringBuilder stream = new StringBuilder();
            stream.append(events.get(0)).append("\r\n");
            stream.append("{\"broken\": \n");
            stream.append("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"pad\":\"").append("y".repeat(3000)).append("\"}\n");
            for (int i = 1; i < events.size(); i++) {
                stream.append(events.get(i)).append('\n');
            }
            byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", s.server.tcpPort()); OutputStream out = socket.getOutputStream()) {
                // in uneven pieces, so that lines and even the long one are cut across reads
                for (int i = 0; i < bytes.length; i += 700) {
                    out.write(bytes, i, Math.min(700, bytes.length - i));
                    out.flush();
                    Thread.sleep(2);
                }
            }
            awaitProcessed(s, events.size());
            s.flush();

            assertThat(s.server.engine().stats().processed()).isEqualTo(events.size());
            assertThat(s.alertsInFile()).singleElement().satisfies(a -> {
                assertThat(a).containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID);
                assertThat(RunningServer.ancestorIds(a)).containsExactly("evt-0002", "evt-0005");
            });
            String metrics = s.get("/metrics").body();
            assertThat(metrics).contains("eqlfusion_events_rejected_total{transport=\"tcp\"} 2.0")
                    .contains("eqlfusion_events_received_total{transport=\"tcp\"} 7.0");
        }
    }

    static void awaitProcessed(RunningServer s, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (s.server.engine().stats().received() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
