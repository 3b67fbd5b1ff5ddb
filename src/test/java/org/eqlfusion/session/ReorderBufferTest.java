package org.eqlfusion.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.eqlfusion.event.EcsEvent;
import org.junit.jupiter.api.Test;

/**
 * The buffer releases what a sorted set of the events held would release, in the same order, and
 * calls the same events late — whether the events come as one stream, several interleaved, more
 * streams than it has lanes, or shuffled.
 */
class ReorderBufferTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void interleavedStreamsLeaveInTimeOrderAsASortedSetWould() {
        for (int streams : new int[] {1, 2, 3, ReorderBuffer.MAX_LANES, ReorderBuffer.MAX_LANES + 5}) {
            for (int seed = 0; seed < 20; seed++) {
                compareWithSortedSet(interleaved(streams, new Random(seed)), 2 * SECOND, 10_000, "streams " + streams);
            }
        }
    }

    @Test
    void shuffledEventsSomeLateLeaveAsASortedSetWould() {
        for (int seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            List<long[]> events = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                // mostly ahead, now and then up to 3 s back: past a 1 s lateness some come late
                events.add(new long[] {i * SECOND / 100 - (random.nextInt(10) == 0 ? random.nextInt(300) * SECOND / 100 : 0),
                        random.nextInt(3)});
            }
            compareWithSortedSet(events, SECOND, 10_000, "shuffled " + seed);
        }
    }

    @Test
    void overItsBoundTheEarliestLeaveBeforeTheWatermarkPassesThem() {
        List<long[]> sameMoment = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sameMoment.add(new long[] {5 * SECOND + (i % 7) * 1000, i % 3});
        }
        compareWithSortedSet(sameMoment, 60 * SECOND, 50, "bounded");
    }

    /** Events as {timestamp nanos, tiebreaker}: k streams in order, their events interleaved in runs. */
    private static List<long[]> interleaved(int streams, Random random) {
        long[] next = new long[streams];
        for (int s = 0; s < streams; s++) {
            next[s] = s * 7 * SECOND / 10;
        }
        List<long[]> events = new ArrayList<>();
        for (int run = 0; run < 400; run++) {
            int s = random.nextInt(streams);
            for (int i = 0, n = 1 + random.nextInt(40); i < n; i++) {
                next[s] += random.nextInt(3) * SECOND / 1000;
                events.add(new long[] {next[s], random.nextInt(2)});
            }
        }
        return events;
    }

    private static void compareWithSortedSet(List<long[]> input, long lateness, int maxEvents, String what) {
        ReorderBuffer buffer = new ReorderBuffer(lateness, maxEvents);
        TreeSet<EcsEvent> model = new TreeSet<>((a, b) -> a.isBefore(b) ? -1 : b.isBefore(a) ? 1 : 0);
        long[] modelReleased = {Long.MIN_VALUE};
        long modelMaxSeen = Long.MIN_VALUE;
        List<String> released = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            EcsEvent event = new EcsEvent(Map.of("@timestamp", "x"), input.get(i)[0], "e" + i, null, input.get(i)[1]);
            event.setSequenceNumber(i);
            boolean modelTakes = event.getTimestampNanos() >= modelReleased[0];
            if (modelTakes) {
                model.add(event);
                modelMaxSeen = Math.max(modelMaxSeen, event.getTimestampNanos());
            }
            assertThat(buffer.add(event)).as("%s: event %d taken", what, i).isEqualTo(modelTakes);
            buffer.releaseReady(e -> released.add(e.getId()));
            while (!model.isEmpty() && (model.first().getTimestampNanos() <= modelMaxSeen - lateness || model.size() > maxEvents)) {
                EcsEvent first = model.pollFirst();
                modelReleased[0] = first.getTimestampNanos();
                expected.add(first.getId());
            }
            assertThat(buffer.size()).isEqualTo(model.size());
        }
        buffer.releaseAll(e -> released.add(e.getId()));
        model.forEach(e -> expected.add(e.getId()));
        assertThat(released).as(what).isEqualTo(expected);
    }
}
