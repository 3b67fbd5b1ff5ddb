package org.eqlfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The bench command as README runs it, on a stream small enough for a test. */
class BenchCommandTest {

    private static final Pattern ALERTS = Pattern.compile("\\(([0-9,]+) alerts");

    @Test
    void benchReportsEachFigureWithItsBestRunAndTheSameAlertsOnBothPaths() {
        CommandRun run = CommandRun.of("bench", "--events", "20000", "--runs", "2", "--warmup", "0", "--sessions", "2");

        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("in 2 host shards and a session of every event", "each figure: the median of 2 runs after 0 warm-up runs");
        String engine = line(run.stdout(), "engine alone");
        String replay = line(run.stdout(), "replay path (NDJSON");
        assertThat(engine).matches(".*[0-9,]+ events/s \\(best [0-9,]+\\).*")
                .matches(".*CPU per session [0-9.]+ \\+ [0-9.]+ \\+ [0-9.]+ s \\(host shard, host shard, every event\\).*");
        // the stream holds true DCOM sequences: both paths find them, and the same number
        assertThat(alerts(engine)).isPositive().isEqualTo(alerts(replay));
    }

    @Test
    void aRunCountBelowOneOrANegativeWarmUpIsAOneLineError() {
        CommandRun noRuns = CommandRun.of("bench", "--events", "1000", "--runs", "0");
        assertThat(noRuns.exit()).isEqualTo(2);
        assertThat(noRuns.stderr().strip()).isEqualTo("eql-fusion bench: --runs must be at least 1, not 0");

        CommandRun negative = CommandRun.of("bench", "--events", "1000", "--warmup", "-1");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.stderr().strip()).isEqualTo("eql-fusion bench: --warmup cannot be negative: -1");
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(start + " in " + out));
    }

    private static long alerts(String line) {
        Matcher m = ALERTS.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
