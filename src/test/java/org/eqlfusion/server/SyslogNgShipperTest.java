package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real shipper: syslog-ng (Debian's syslog-ng-core, -mod-http, -scl; .ci/run installs them)
 * follows two NDJSON files and ships one with its {@code elasticsearch-http()} destination to
 * {@code /_bulk}, the other with {@code network()} to the TCP listener. Each copy of the DCOM
 * events (the TCP one an hour later, on another host) gives its alert in the alerts file.
 */
class SyslogNgShipperTest {

    @TempDir
    Path dir;

    @Test
    void syslogNgShipsOverElasticsearchHttpAndNetworkAndBothAlert() throws Exception {
        Path syslogNg = Path.of("/usr/sbin/syslog-ng");
        assertThat(syslogNg).as("syslog-ng is not installed: apt-get install syslog-ng-core syslog-ng-mod-http "
                + "syslog-ng-scl (.ci/run does)").exists();
        List<String> events = sampleEvents();
        Path httpFile = Files.write(dir.resolve("http.ndjson"), events);
        Path tcpFile = Files.write(dir.resolve("tcp.ndjson"), events.stream()
                .map(e -> e.replace("WORKSTATION6", "WORKSTATION6-TCP").replace("ws06", "ws06-tcp")
                        .replace("2024-05-01T10", "2024-05-01T11"))
                .toList());

        // a lateness wider than the hour between the copies: however the two destinations interleave,
        // every event is put in time order before it is processed
        try (RunningServer s = RunningServer.start(dir, c -> c.lateness = Duration.ofHours(2))) {
            Path conf = Files.writeString(dir.resolve("syslog-ng.conf"), """
                    @version: 3.38
                    @include "scl.conf"
                    options { stats-freq(0); };
                    source s_http { file("%s" follow-freq(1) flags(no-parse)); };
                    source s_tcp { file("%s" follow-freq(1) flags(no-parse)); };
                    destination d_bulk { elasticsearch-http(url("http://127.0.0.1:%d/_bulk") index("logs-syslog-ng")
                        type("") template("$MESSAGE") batch-lines(3) timeout(1)); };
                    destination d_tcp { network("127.0.0.1" port(%d) transport("tcp") template("$MESSAGE\\n")); };
                    log { source(s_http); destination(d_bulk); };
                    log { source(s_tcp); destination(d_tcp); };
                    """.formatted(httpFile, tcpFile, s.server.httpPort(), s.server.tcpPort()));
            Process shipper = new ProcessBuilder(syslogNg.toString(), "-F", "--no-caps", "-f", conf.toString(),
                    "-R", dir.resolve("persist").toString(), "-p", dir.resolve("pid").toString(),
                    "-c", dir.resolve("ctl").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("syslog-ng.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (s.server.engine().stats().received() < 2L * events.size() && System.nanoTime() < deadline) {
                    assertThat(shipper.isAlive()).as("syslog-ng stopped: " + Files.readString(dir.resolve("syslog-ng.log"))).isTrue();
                    Thread.sleep(50);
                }
            } finally {
                shipper.destroy();
                shipper.waitFor(10, TimeUnit.SECONDS);
            }
            s.flush();

            assertThat(s.server.engine().stats().received()).isEqualTo(2L * events.size());
            List<Map<String, Object>> alerts = s.alertsInFile();
            assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(a).containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID));
            assertThat(alerts).extracting(a -> a.get("host.name")).containsExactlyInAnyOrder("WORKSTATION6", "WORKSTATION6-TCP");
            // over TCP the events keep their event.id; over _bulk syslog-ng sends no _id, so ids are generated
            assertThat(alerts).filteredOn(a -> "WORKSTATION6-TCP".equals(a.get("host.name")))
                    .singleElement().satisfies(a -> assertThat(RunningServer.ancestorIds(a)).containsExactly("evt-0002", "evt-0005"));
        }
    }
}
