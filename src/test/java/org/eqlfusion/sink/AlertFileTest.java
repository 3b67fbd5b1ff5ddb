package org.eqlfusion.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eqlfusion.alert.Alert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts file as a log shipper tails it and logrotate rotates it. */
class AlertFileTest {

    @TempDir
    Path dir;

    /** The line an alert with this uuid is written as. */
    private static String line(String uuid) {
        return "{\"kibana.alert.uuid\":\"" + uuid + "\"}";
    }

    private static void write(AlertFile file, String uuid) {
        file.accept(new Alert(Map.of("kibana.alert.uuid", uuid), -1), line(uuid).getBytes(StandardCharsets.UTF_8));
    }

    private static void pastTheRotationCheck() throws InterruptedException {
        Thread.sleep(Duration.ofNanos(AlertFile.ROTATION_CHECK_NANOS).toMillis() + 100);
    }

    @Test
    void aFileMovedAwayOrRemovedIsFollowedByANewOneAtThePath() throws Exception {
        Path alerts = dir.resolve("alerts.ndjson");
        AlertFile file = new AlertFile(alerts, AlertFile.Fsync.ALWAYS, Duration.ofSeconds(1));
        write(file, "a1");
        // logrotate's default: the file is renamed, and a new one should receive what follows
        Files.move(alerts, dir.resolve("alerts.ndjson.1"));
        pastTheRotationCheck();
        write(file, "a2");
        write(file, "a3");
        assertThat(Files.readAllLines(alerts)).containsExactly(line("a2"), line("a3"));
        // a file removed outright
        Files.delete(alerts);
        pastTheRotationCheck();
        write(file, "a4");
        file.close();

        assertThat(Files.readAllLines(dir.resolve("alerts.ndjson.1"))).containsExactly(line("a1"));
        assertThat(Files.readAllLines(alerts)).containsExactly(line("a4"));
    }

    @Test
    void aFileTruncatedInPlaceIsWrittenFromItsNewEnd() throws Exception {
        Path alerts = dir.resolve("alerts.ndjson");
        AlertFile file = new AlertFile(alerts, AlertFile.Fsync.INTERVAL, Duration.ofMillis(50));
        write(file, "b1");
        // logrotate's copytruncate
        Files.copy(alerts, dir.resolve("alerts.ndjson.1"));
        Files.write(alerts, new byte[0]);
        write(file, "b2");
        file.close();
        assertThat(Files.readAllLines(alerts)).containsExactly(line("b2"));
        assertThat(Files.readAllLines(dir.resolve("alerts.ndjson.1"))).containsExactly(line("b1"));
    }
}
