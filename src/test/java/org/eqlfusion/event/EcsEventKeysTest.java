package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eqlfusion.sequence.SequenceKey;
import org.junit.jupiter.api.Test;

class EcsEventKeysTest {

    private static EcsEvent event(Map<String, Object> fields) {
        return new EcsEvent(fields, 0L, "e1");
    }

    private static List<List<Object>> keys(EcsEvent event, String... fields) {
        return event.keys(fields).stream().map(SequenceKey::values).toList();
    }

    @Test
    void scalarFieldsMakeOneKeyInTheOrderOfTheBy() {
        EcsEvent event = event(Map.of("host.id", "h1", "process.pid", 42L));
        assertThat(keys(event, "host.id", "process.pid")).containsExactly(List.of("h1", 42L));
        assertThat(event.keys("host.id", "process.pid")).containsExactly(new SequenceKey(List.of("h1", 42L)));
    }

    @Test
    void aMissingFieldJoinsNothingUnlessItIsOptional() {
        EcsEvent event = event(Map.of("host.id", "h1"));
        assertThat(keys(event, "host.id", "user.name")).isEmpty();
        assertThat(keys(event, "host.id", "?user.name")).containsExactly(Arrays.asList("h1", null));
    }

    @Test
    void aSequenceWithoutByHasOneEmptyKey() {
        assertThat(keys(event(Map.of("host.id", "h1")))).containsExactly(List.of());
    }

    @Test
    void aMultiValuedFieldFansOutIntoOneKeyPerValue() {
        EcsEvent event = event(Map.of("host.id", "h1", "user.name", List.of("a", "b", "a")));
        assertThat(keys(event, "host.id", "user.name")).containsExactly(List.of("h1", "a"), List.of("h1", "b"));
    }

    @Test
    void equalKeysAreEqualWhateverListHoldsThem() {
        SequenceKey a = new SequenceKey(List.of("h1", 1L));
        SequenceKey b = new SequenceKey(new java.util.ArrayList<>(List.of("h1", 1L)));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new SequenceKey(List.of("h1", 2L)));
    }
}
