package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Eight bytes at a time finds the same line end as reading byte by byte, wherever it lies. */
class NewlinesTest {

    @Test
    void findsTheFirstNewlineAsAByteByByteScanDoes() {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // newlines, bytes one off them (0x09, 0x0b), bytes with the high bit set, anything
                int pick = random.nextInt(6);
                bytes[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0b : pick == 2 ? 0x09 : pick == 3 ? 0x8a : random.nextInt(256));
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(Newlines.next(bytes, from, to)).as("round %d", round).isEqualTo(byteByByte(bytes, from, to));
        }
    }

    @Test
    void aLineOfSpacesTabsAndACarriageReturnIsBlankAndNothingElseIs() {
        byte[] bytes = "x \t\r\n {}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Newlines.blank(bytes, 1, 4)).as("spaces, a tab, a CR").isTrue();
        assertThat(Newlines.blank(bytes, 1, 1)).as("an empty line").isTrue();
        assertThat(Newlines.blank(bytes, 0, 4)).as("a character").isFalse();
        assertThat(Newlines.blank(bytes, 1, 5)).as("a newline is a line end, not blank").isFalse();
        assertThat(Newlines.blank(bytes, 5, 7)).as("a space before JSON").isFalse();
    }

    @Test
    void aLineWithoutANewlineEndsWhereTheRangeDoes() {
        byte[] bytes = "{\"a\":1}\n{\"b\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Newlines.next(bytes, 0, bytes.length)).isEqualTo(7);
        assertThat(Newlines.next(bytes, 8, bytes.length)).isEqualTo(bytes.length);
        assertThat(Newlines.next(bytes, 0, 5)).isEqualTo(5);
    }

    private static int byteByByte(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return to;
    }
}
