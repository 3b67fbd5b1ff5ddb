package org.eqlfusion.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyLinesTest {

    private static final List<String> BODIES = List.of(
            "{\"index\":{}}\n{\"a\":1}\n",
            "{\"index\":{}}\r\n{\"a\":\"é\"}\r\n\r\n  \n{\"create\":{\"_id\":\"7\"}}\n{\"b\":2}",
            "\n\n\r\nx\n",
            "one line without an end",
            "a\rb\n\r\n\r",
            "{\"index\":{}}\n" + "{\"long\":\"" + "x".repeat(300) + "\"}\n");

    @Test
    void aBodyInPartsHasTheLinesOfTheWholeBodyWhereverItIsCut() {
        for (String text : BODIES) {
            byte[] whole = text.getBytes(StandardCharsets.UTF_8);
            List<String> expected = linesOf(text);
            assertThat(lines(BodyParts.of(whole))).as(text).isEqualTo(expected);
            for (int cut1 = 0; cut1 <= whole.length; cut1++) {
                for (int cut2 = cut1; cut2 <= whole.length; cut2 += Math.max(1, whole.length / 40)) {
                    BodyParts parts = BodyParts.of(List.of(
                            Buffer.buffer(Arrays.copyOfRange(whole, 0, cut1)),
                            Buffer.buffer(Arrays.copyOfRange(whole, cut1, cut2)),
                            Buffer.buffer(Arrays.copyOfRange(whole, cut2, whole.length))));
                    assertThat(lines(parts)).as("%s cut at %d and %d", text, cut1, cut2).isEqualTo(expected);
                    assertThat(parts.joined()).isEqualTo(whole);
                    assertThat(parts.head(4)).isEqualTo(Arrays.copyOf(whole, Math.min(4, whole.length)));
                }
            }
        }
    }

    @Test
    void aLineWithinOnePartIsReadInPlaceAndOnlyALineAcrossTwoIsCopied() {
        byte[] first = "{\"index\":{}}\n{\"a\":".getBytes(StandardCharsets.UTF_8);
        byte[] second = "1}\n{\"index\":{}}\n".getBytes(StandardCharsets.UTF_8);
        BodyParts parts = BodyParts.of(List.of(Buffer.buffer(first), Buffer.buffer(second)));
        BodyLines lines = new BodyLines(parts);
        assertThat(lines.next()).isTrue();
        assertThat(lines.buf()).isSameAs(parts.array(0));
        assertThat(lines.next()).isTrue();
        assertThat(new String(lines.buf(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(lines.buf()).isNotSameAs(parts.array(0)).isNotSameAs(parts.array(1));
        assertThat(lines.next()).isTrue();
        assertThat(lines.buf()).isSameAs(parts.array(1));
        assertThat(lines.number()).isEqualTo(3);
        assertThat(lines.next()).isFalse();
        // the last line, with no '\n' after it, is read in place too
        BodyParts unended = BodyParts.of(List.of(Buffer.buffer(first), Buffer.buffer("1}\n{\"b\":2}")));
        BodyLines last = new BodyLines(unended);
        assertThat(last.next() && last.next() && last.next()).isTrue();
        assertThat(last.buf()).isSameAs(unended.array(1));
        assertThat(new String(last.buf(), last.start(), last.end() - last.start(), StandardCharsets.UTF_8)).isEqualTo("{\"b\":2}");
    }

    @Test
    void aChunkThatIsAViewIntoALargerArrayIsReadFromItsOwnBytesOnly() {
        byte[] around = "XXX{\"a\":1}\n{\"b\":2}YYY".getBytes(StandardCharsets.UTF_8);
        BodyParts parts = BodyParts.of(List.of(Buffer.buffer(around).slice(3, around.length - 3), Buffer.buffer("\n")));
        assertThat(lines(parts)).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(new String(parts.joined(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
    }

    @Test
    void aChunkWhoseMemoryGoesBackToAPoolIsCopiedNotKept() {
        io.netty.buffer.ByteBuf pooled = io.netty.buffer.PooledByteBufAllocator.DEFAULT.heapBuffer(64);
        try {
            pooled.writeBytes("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
            BodyParts parts = BodyParts.of(List.of(io.vertx.core.internal.buffer.BufferInternal.buffer(pooled)));
            assertThat(parts.array(0)).isNotSameAs(pooled.array());
            // the pool's memory used again for other bytes leaves the body as it was
            pooled.setBytes(0, "XXXXXXXX".getBytes(StandardCharsets.UTF_8));
            assertThat(lines(parts)).containsExactly("{\"a\":1}");
        } finally {
            pooled.release();
        }
        BodyParts unpooled = BodyParts.of(List.of(Buffer.buffer("{\"a\":1}\n")));
        assertThat(lines(unpooled)).containsExactly("{\"a\":1}");
    }

    private static List<String> lines(BodyParts parts) {
        List<String> out = new ArrayList<>();
        BodyLines lines = new BodyLines(parts);
        long n = 0;
        while (lines.next()) {
            assertThat(lines.number()).isEqualTo(++n);
            out.add(new String(lines.buf(), lines.start(), lines.end() - lines.start(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The lines as NDJSON readers take them: split at '\n', a '\r' before it dropped, none after a final '\n'. */
    private static List<String> linesOf(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int nl = text.indexOf('\n', from);
            int to = nl < 0 ? text.length() : nl;
            String line = text.substring(from, to);
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            from = to + 1;
        }
        return out;
    }
}
