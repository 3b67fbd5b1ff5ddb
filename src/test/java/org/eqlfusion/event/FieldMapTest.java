package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldMapTest {

    @Test
    void behavesAsAnInsertionOrderedMapUnderRandomChanges() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            FieldMap map = new FieldMap(random.nextInt(8));
            Map<String, Object> reference = new LinkedHashMap<>();
            // names collide in hash ("Aa" and "BB") and pass the scan limit, so both lookups are used
            int keys = 1 + random.nextInt(80);
            for (int step = 0; step < 400; step++) {
                String key = random.nextInt(10) == 0 ? (random.nextBoolean() ? "Aa" : "BB") : "f" + random.nextInt(keys);
                switch (random.nextInt(4)) {
                    case 0, 1 -> assertThat(map.put(key, step)).isEqualTo(reference.put(key, step));
                    case 2 -> assertThat(map.putIfAbsent(key, step)).isEqualTo(reference.putIfAbsent(key, step));
                    default -> assertThat(map.remove(key)).isEqualTo(reference.remove(key));
                }
                assertThat(map.get(key)).isEqualTo(reference.get(key));
            }
            assertThat(map).isEqualTo(reference);
            assertThat(map.keySet()).containsExactlyElementsOf(reference.keySet());
            for (String key : reference.keySet()) {
                assertThat(map.get(new String(key.toCharArray()))).as(key).isEqualTo(reference.get(key));
            }
            assertThat(map.get("absent")).isNull();
            assertThat(map.containsKey("absent")).isFalse();
        }
    }

    @Test
    void anEventsFieldsRefuseChangesAndKeepTheirFoldedValues() {
        Map<String, Object> read = new HashMap<>();
        read.put("process.name", "CMD.EXE");
        EcsEvent event = new EcsEvent(read, 0, null);
        assertThatThrownBy(() -> event.getFields().put("process.name", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> event.getFields().remove("process.name")).isInstanceOf(UnsupportedOperationException.class);
        Iterator<Map.Entry<String, Object>> it = event.getFields().entrySet().iterator();
        it.next();
        assertThatThrownBy(it::remove).isInstanceOf(UnsupportedOperationException.class);
        assertThat(event.foldedValue("process.name")).isEqualTo("cmd.exe");
        assertThat(event.foldedValue("process.name")).isSameAs(event.foldedValue("process.name"));
        assertThat(event.foldedValue("process.executable")).isNull();
    }

    @Test
    void anEventWithTensOfThousandsOfKeysIsReadWhole() throws Exception {
        StringBuilder json = new StringBuilder("{\"@timestamp\":\"2024-05-01T00:00:00Z\"");
        for (int i = 0; i < 50_000; i++) {
            json.append(",\"k").append(i).append("\":").append(i);
        }
        EcsEvent event = new EcsEventDecoder().decode(json.append('}').toString());
        assertThat(event.getFields()).hasSize(50_001);
        assertThat(event.get("k49999")).isEqualTo(49999L);
    }
}
