package org.eqlfusion.hunt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results are printed as the file wrote their events: lines found again by number, as the ingest numbered them. */
class HuntOutputTest {

    @TempDir
    Path dir;

    @Test
    void linesAreFoundByTheNumbersTheIngestGaveThem() throws Exception {
        Path file = Files.writeString(dir.resolve("e.ndjson"), "{\"a\":1}\n{\"b\":2}\r\n\n{\"é\":\"ü\"}");
        assertThat(HuntOutput.lines(file, Set.of(1L, 2L, 4L)))
                .isEqualTo(Map.of(1L, "{\"a\":1}", 2L, "{\"b\":2}\r", 4L, "{\"é\":\"ü\"}"));
        assertThat(HuntOutput.lines(file, Set.of(3L))).isEqualTo(Map.of(3L, ""));
        assertThat(HuntOutput.lines(file, Set.of())).isEmpty();
    }

    @Test
    void aLineLongerThanTheReadBufferIsWhole() throws Exception {
        String longLine = "{\"x\":\"" + "y".repeat(200_000) + "\"}";
        Path file = Files.writeString(dir.resolve("long.ndjson"), "{}\n" + longLine + "\n{}\n");
        assertThat(HuntOutput.lines(file, Set.of(2L, 3L))).isEqualTo(Map.of(2L, longLine, 3L, "{}"));
    }
}
