package org.eqlfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eqlfusion.server.EqlServer;
import org.eqlfusion.server.ServerConfig;
import org.eqlfusion.session.DriverStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code load} against a running server, as README runs it: with wrk (Debian's, which .ci/run
 * installs) and with the JVM's own client, one run after the other.
 */
class LoadCommandTest {

    @TempDir
    Path dir;

    @Test
    void wrkSendsEveryEventAndARunAfterAnotherComesInTime() throws Exception {
        assertThat(Path.of("/usr/bin/wrk")).as("wrk is not installed: apt-get install wrk (.ci/run does)").exists();
        ServerConfig config = new ServerConfig();
        config.httpPort = 0;
        config.tcpPort = -1;
        config.alertsFile = dir.resolve("alerts.ndjson");
        config.idleFlush = java.time.Duration.ofSeconds(2); // the server lets go of what it holds between runs
        try (EqlServer server = EqlServer.start(config)) {
            String url = "http://127.0.0.1:" + server.httpPort();

            // 200,000 events are 10 s of event time, sent in less: the server's event time runs ahead of the clock
            CommandRun wrk = CommandRun.of("load", "--url", url, "--events", "200000", "--sender", "wrk", "--connections", "2");
            assertThat(wrk.exit()).as(wrk.stderr()).isZero();
            assertThat(wrk.stdout()).contains("sent by wrk: 200,000 of 200,000 events taken");
            assertThat(server.engine().stats().received()).isEqualTo(200_000);
            // the server's JIT was busy with a fresh server's first 200,000 events: the run says how busy
            java.util.regex.Matcher jit = java.util.regex.Pattern
                    .compile("server JVM meanwhile: JIT compiling ([\\d,]+) ms, ([\\d,]+) collector pauses").matcher(wrk.stdout());
            assertThat(jit.find()).as(wrk.stdout()).isTrue();
            assertThat(Long.parseLong(jit.group(1).replace(",", ""))).isPositive();
            // and how long the machine itself kept threads from running, measured through the run
            java.util.regex.Matcher stalls = java.util.regex.Pattern
                    .compile("this machine meanwhile \\(a thread of this process\\): ([\\d,]+) sleeps of 1 ms woke up late").matcher(wrk.stdout());
            assertThat(stalls.find()).as(wrk.stdout()).isTrue();
            assertThat(Long.parseLong(stalls.group(1).replace(",", ""))).as("a sleep a millisecond through a run of seconds")
                    .isGreaterThan(500);

            // the next run starts after the newest event the server received, not the newest it
            // processed: the events it held for the lateness are let go of meanwhile (idle), and the
            // earlier start made the next run's first seconds late
            CommandRun java = CommandRun.of("load", "--url", url, "--events", "5000");
            assertThat(java.exit()).as(java.stderr()).isZero();
            // and it waits until the server has let them go: its own figures are not that work's
            assertThat(java.stdout()).as(java.stdout()).containsPattern("waited [\\d,]+ ms for the server to let go of an earlier run's events");
            server.flush();
            DriverStats stats = server.engine().stats();
            assertThat(stats.received()).isEqualTo(205_000);
            assertThat(stats.late()).isZero();
        }
        // the generated stream carries true DCOM sequences (1 %): the bundled rules alert on them
        assertThat(Files.readAllLines(dir.resolve("alerts.ndjson"))).isNotEmpty();
    }

    @Test
    void wrkKeepsToASetLoad() throws Exception {
        ServerConfig config = new ServerConfig();
        config.httpPort = 0;
        config.tcpPort = -1;
        config.alertsFile = dir.resolve("alerts.ndjson");
        try (EqlServer server = EqlServer.start(config)) {
            // 20 requests of 500 at 10,000 events/s: each waits 50 ms first, so they span a second at
            // least; unpaced, they take a tenth of that
            CommandRun run = CommandRun.of("load", "--url", "http://127.0.0.1:" + server.httpPort(), "--events", "10000",
                    "--batch", "500", "--rate-limit", "10000", "--sender", "wrk", "--connections", "1");
            assertThat(run.exit()).as(run.stderr()).isZero();
            java.util.regex.Matcher rate = java.util.regex.Pattern
                    .compile("accepted \\(2xx\\) by the server: +([\\d,]+) events/s").matcher(run.stdout());
            assertThat(rate.find()).as(run.stdout()).isTrue();
            assertThat(Long.parseLong(rate.group(1).replace(",", ""))).isBetween(1L, 11_000L);
            assertThat(server.engine().stats().received()).isEqualTo(10_000);
        }
    }

    @Test
    void aRunThroughWhichTheServerKeptCompilingIsCalledWarmingUp() {
        // as measured on this machine: the first 1M-event load after a 500,000-event warm-up
        // compiled for 2.8 s of 4.6 s, a load after three more for 0.3 s of 3.0 s
        assertThat(LoadCommand.warming(2_830, 4.6)).startsWith("WARMING: the server's JIT compiler ran 2,830 ms of this run's 4.6 s");
        assertThat(LoadCommand.warming(1_000, 3.6)).startsWith("WARMING:");
        assertThat(LoadCommand.warming(310, 3.0)).isNull();
        assertThat(LoadCommand.warming(0, 0.5)).isNull();
    }
}
