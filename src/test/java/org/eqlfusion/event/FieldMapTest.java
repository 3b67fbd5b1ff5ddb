package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
            // names collide in hash ("Aa" and "BB"); rounds share shapes, and removals make private ones
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
    void mapsReadTheSameWayShareNamesButNotChanges() {
        FieldMap a = new FieldMap(4);
        FieldMap b = new FieldMap(4);
        for (FieldMap m : java.util.List.of(a, b)) {
            m.put("host.name", "ws1");
            m.put("process.name", "cmd.exe");
            m.put("event.category", "process");
        }
        b.remove("process.name");
        b.put("user.name", "bob");
        b.put("host.name", "ws2");
        assertThat(a).containsExactly(Map.entry("host.name", "ws1"), Map.entry("process.name", "cmd.exe"),
                Map.entry("event.category", "process"));
        assertThat(a.get("user.name")).isNull();
        assertThat(b).containsExactly(Map.entry("host.name", "ws2"), Map.entry("event.category", "process"),
                Map.entry("user.name", "bob"));
        // a third map read the first way finds the names where the first one has them
        FieldMap c = new FieldMap(4);
        c.put("host.name", "ws3");
        c.put("process.name", "powershell.exe");
        c.put("event.category", "process");
        assertThat(c.get("process.name")).isEqualTo("powershell.exe");
        assertThat(c.keySet()).containsExactlyElementsOf(a.keySet());
    }

    @Test
    void fieldNamesNeverSeenBeforeDoNotGrowTheSharedNamesWithoutBound() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            FieldMap map = new FieldMap(4);
            String first = "k" + random.nextLong();
            String second = "k" + random.nextLong();
            map.put(first, i);
            map.put("fixed", "x");
            map.put(second, -i);
            assertThat(map.get(first)).isEqualTo(i);
            assertThat(map.get("fixed")).isEqualTo("x");
            assertThat(map.get(second)).isEqualTo(-i);
            assertThat(map.keySet()).containsExactly(first, "fixed", second);
        }
        assertThat(FieldShape.sharedCount()).isLessThanOrEqualTo(FieldShape.MAX_SHARED);
    }

    @Test
    void decodersOnSeveralThreadsShareShapesAndEachReadsItsOwnEvents() throws Exception {
        // as the request's thread and the decode helper do: the same field orders, built at once
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                Random random = new Random(thread);
                int checked = 0;
                for (int i = 0; i < 20_000; i++) {
                    FieldMap map = new FieldMap(4);
                    int fields = 1 + random.nextInt(30);
                    int order = random.nextInt(3);
                    for (int f = 0; f < fields; f++) {
                        map.put("o" + order + ".f" + f, thread * 1_000_000 + i * 100 + f);
                    }
                    for (int f = 0; f < fields; f++) {
                        assertThat(map.get("o" + order + ".f" + f)).isEqualTo(thread * 1_000_000 + i * 100 + f);
                        checked++;
                    }
                    assertThat(map.get("o" + order + ".f" + fields)).isNull();
                }
                return checked;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<Integer> d : done) {
            assertThat(d.get(60, java.util.concurrent.TimeUnit.SECONDS)).isPositive();
        }
        pool.shutdown();
    }

    @Test
    void eventsOfManyNeverSeenFieldsDoNotPinMoreThanTheNameBudget() {
        // each event: 200 fields, one of them named afresh at a depth that moves from event to event,
        // so each starts a new branch of shapes where the one before left room
        Random random = new Random(13);
        for (int i = 0; i < 2_000; i++) {
            FieldMap map = new FieldMap(8);
            int fresh = 5 + i % 190;
            for (int f = 0; f < 200; f++) {
                map.put(f == fresh ? "r" + random.nextLong() : "f" + f, f);
            }
            assertThat(map.get("f199")).isEqualTo(199);
            assertThat(map).hasSize(200);
        }
        assertThat(FieldShape.sharedNames()).isLessThanOrEqualTo(FieldShape.MAX_SHARED_NAMES);
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
