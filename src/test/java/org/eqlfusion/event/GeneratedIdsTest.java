package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeneratedIdsTest {

    @Test
    void anIdIsThisProcesssPrefixAndItsNumberInBase36WrittenOrMadeAlike() {
        String first = GeneratedIds.text(1);
        String prefix = first.substring(0, first.lastIndexOf('-') + 1);
        assertThat(prefix).matches("[0-9a-z]+-");
        char[] chars = new char[GeneratedIds.MAX_LENGTH];
        for (long serial : new long[] {1, 35, 36, 1_295, 1_296, 123_456_789, Long.MAX_VALUE}) {
            String text = GeneratedIds.text(serial);
            assertThat(text).isEqualTo(prefix + Long.toString(serial, 36));
            assertThat(new String(chars, 0, GeneratedIds.write(serial, chars))).isEqualTo(text);
        }
    }

    @Test
    void numbersAreNeverZeroAndNeverRepeat() {
        long a = GeneratedIds.next();
        long b = GeneratedIds.next();
        assertThat(a).isPositive();
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void anEventWithAMadeIdGivesItBeforeTheOneItCameWith() {
        EcsEvent event = new EcsEvent(java.util.Map.of("@timestamp", "2024-05-01T00:00:00Z"), 0, "evt-1");
        assertThat(event.getId()).isEqualTo("evt-1");
        EcsEvent made = new EcsEvent(java.util.Map.of("@timestamp", "2024-05-01T00:00:00Z"), 0, "evt-1");
        made.setGeneratedId(42);
        assertThat(made.getId()).isEqualTo(GeneratedIds.text(42));
    }
}
