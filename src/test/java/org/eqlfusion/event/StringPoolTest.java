package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StringPoolTest {

    @Test
    void givesTheTextReadAndOneInstanceOfARepeatedValue() {
        StringPool pool = new StringPool();
        char[] first = "..windows..".toCharArray();
        char[] second = "windows".toCharArray();
        String a = pool.of(first, 2, 7);
        String b = pool.of(second, 0, 7);
        assertThat(a).isEqualTo("windows").isSameAs(b);
    }

    @Test
    void randomTextComesBackAsItWasWhateverTheSlotHolds() {
        StringPool pool = new StringPool();
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            // few distinct short values (slots shared, hashes colliding) and some long ones
            int length = random.nextInt(10) == 0 ? StringPool.MAX_LENGTH + random.nextInt(5) : random.nextInt(4);
            char[] chars = new char[length + 2];
            for (int c = 0; c < chars.length; c++) {
                chars[c] = "aAbB\u00e9\u4e2d".charAt(random.nextInt(6));
            }
            assertThat(pool.of(chars, 1, length)).isEqualTo(new String(chars, 1, length));
        }
    }

    @Test
    void decodedEventsShareTheirRepeatedValues() throws Exception {
        EcsEventDecoder decoder = new EcsEventDecoder();
        String json = "{\"@timestamp\":\"2024-05-01T00:00:00Z\",\"host\":{\"os\":{\"type\":\"windows\"}},\"process\":{\"name\":\"cmd.exe\"}}";
        EcsEvent one = decoder.decode(json);
        EcsEvent two = decoder.decode(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(two.get("host.os.type")).isEqualTo("windows").isSameAs(one.get("host.os.type"));
        assertThat(two.get("process.name")).isSameAs(one.get("process.name"));
    }
}
