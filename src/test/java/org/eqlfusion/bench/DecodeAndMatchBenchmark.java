package org.eqlfusion.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.event.EventRejectedException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: decoding one ECS event, and the bundled rules' engine on batches of 10,000 events of the
 * benchmark stream (per-event throughput). Run with README's JMH command; not part of the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class DecodeAndMatchBenchmark {

    private static final int BATCH = 10_000;

    private final EcsEventDecoder decoder = new EcsEventDecoder();
    private byte[][] lines;
    private int next;
    private EqlEngine engine;
    private final AtomicLong alerts = new AtomicLong();
    private SyntheticStream stream;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticStream lineSource = new SyntheticStream(7, 10_000, 20_000, 0.01);
        lines = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            lines[i] = lineSource.nextBytes();
        }
        stream = new SyntheticStream(42, 10_000, 20_000, 0.01);
        engine = EqlEngine.builder().lateness(Duration.ofSeconds(10)).onAlert(a -> alerts.incrementAndGet()).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public EcsEvent decode() throws EventRejectedException {
        byte[] line = lines[next];
        next = (next + 1) % lines.length;
        return decoder.decode(line);
    }

    /** The events of a batch are decoded outside the measured part of each invocation's cost as far as JMH allows: per event. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void engineBatch(EngineBatch batch) throws InterruptedException {
        engine.submit(batch.events);
        engine.flush();
    }

    /** A fresh batch of the (endless, time-ordered) stream for each invocation. */
    @State(Scope.Thread)
    public static class EngineBatch {
        List<EcsEvent> events;

        @Setup(Level.Invocation)
        public void next(DecodeAndMatchBenchmark bench) throws EventRejectedException {
            events = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                events.add(bench.decoder.decode(bench.stream.nextBytes()));
            }
        }
    }
}
