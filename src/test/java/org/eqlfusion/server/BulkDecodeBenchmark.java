package org.eqlfusion.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eqlfusion.bench.SyntheticStream;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.metrics.ServerMetrics;
import org.eqlfusion.server.IngestGate.Doc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one 1,000-event {@code _bulk} request's documents decoded and handed to the engine (the
 * bundled rules on their writer thread), timed from the call to the last batch taken — what the
 * last events of a request wait before the session can see them. Requests come 20 ms apart, as
 * at a low load where the engine keeps up; with and without the {@link DecodeHelper}. Run with
 * README's JMH command; not part of the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx4g", "-XX:+UseZGC"})
public class BulkDecodeBenchmark {

    private static final int REQUEST = 1_000;

    @Param({"false", "true"})
    public boolean helper;

    private final List<List<Doc>> requests = new ArrayList<>();
    private int next;
    private EqlEngine engine;
    private IngestGate gate;

    @Setup(Level.Trial)
    public void setUp() {
        SyntheticStream stream = new SyntheticStream(11, 10_000, 20_000, 0.01);
        for (int r = 0; r < 2_000; r++) {
            List<Doc> docs = new ArrayList<>(REQUEST);
            for (int i = 0; i < REQUEST; i++) {
                byte[] line = stream.nextBytes();
                docs.add(new Doc(line, 0, line.length, "r" + r + "-" + i, i + 1));
            }
            requests.add(docs);
        }
        ServerConfig defaults = new ServerConfig();
        engine = EqlEngine.builder().lateness(defaults.lateness).queueCapacity(defaults.queueCapacity)
                .maxBufferedEvents(defaults.maxBufferedEvents).onAlert(a -> { }).build();
        gate = new IngestGate(new EcsEventDecoder(), new ServerMetrics(), helper);
        gate.engine(engine);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gate.close();
        engine.close();
    }

    /** The gap between two requests, in which the engine catches up (longer while it is not yet compiled). */
    @Setup(Level.Invocation)
    public void pause() throws InterruptedException {
        Thread.sleep(20);
        while (engine.stats().queued() > 0) {
            Thread.sleep(5);
        }
    }

    @Benchmark
    public int request() {
        IngestGate.Outcome out = gate.ingest(requests.get(next++ % requests.size()), "http", System.nanoTime());
        if (out.accepted != REQUEST) {
            throw new IllegalStateException(out.accepted + " of " + REQUEST + " taken: the engine fell behind");
        }
        return out.accepted;
    }
}
