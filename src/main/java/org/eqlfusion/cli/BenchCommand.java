package org.eqlfusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.eqlfusion.bench.SyntheticStream;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.ingest.NdjsonIngest;
import org.eqlfusion.session.DriverStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the engine on a generated stream: the engine alone (events decoded beforehand), the
 * replay path (NDJSON decode and engine) and, as the baseline, Jackson parsing the same NDJSON
 * into trees.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures throughput on a generated ECS stream (engine alone, NDJSON replay, Jackson parse-only).")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "events in the stream (default: ${DEFAULT-VALUE})")
    private int count;

    @Option(names = "--hosts", defaultValue = "10000", description = "hosts (default: ${DEFAULT-VALUE})")
    private int hosts;

    @Option(names = "--rate", defaultValue = "20000", description = "event-time rate, events/s (default: ${DEFAULT-VALUE})")
    private int rate;

    @Option(names = "--sequence-share", defaultValue = "0.01", description = "share of events in true sequences (default: ${DEFAULT-VALUE})")
    private double share;

    @Option(names = "--rules", paramLabel = "DIR", description = "DRL folder instead of the bundled rules")
    private Path rules;

    @Option(names = "--executable-model", description = "build --rules with Drools' executable model instead of run-time DRL")
    private boolean executableModel;

    @Option(names = "--sessions", defaultValue = "1",
            description = "split the events by host over N KieSessions, each on its own thread, with one more for rules that join hosts (default: ${DEFAULT-VALUE})")
    private int sessions;

    @Option(names = "--lateness", converter = Durations.class, defaultValue = "10s")
    private Duration lateness;

    @Option(names = "--keep", paramLabel = "FILE", description = "write the generated NDJSON here and keep it")
    private Path keep;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs per figure, after the warm-up (default: ${DEFAULT-VALUE})")
    private int runs;

    @Option(names = "--warmup", defaultValue = "1", description = "unmeasured runs before each figure's (default: "
            + "${DEFAULT-VALUE}; the whole catalogue split over two sessions needs 3 or 4 before the JIT settles)")
    private int warmup;

    private String lastDetail = "";

    /** A measurement giving events/s. */
    private interface Run {
        double eventsPerSecond() throws Exception;
    }

    /** The median and the best of the measured runs, events/s. */
    private record Figure(double median, double best) {
        @Override
        public String toString() {
            return String.format("%,12.0f events/s (best %,.0f)", median, best);
        }
    }

    private Figure measure(Run run) throws Exception {
        for (int i = 0; i < warmup; i++) {
            run.eventsPerSecond();
        }
        double[] rates = new double[runs];
        for (int i = 0; i < runs; i++) {
            System.gc();
            rates[i] = run.eventsPerSecond();
        }
        java.util.Arrays.sort(rates);
        return new Figure(rates[runs / 2], rates[runs - 1]);
    }

    @Override
    public Integer call() throws Exception {
        if (sessions < 1 || runs < 1 || warmup < 0) {
            System.err.println("eql-fusion bench: " + (sessions < 1 ? "--sessions must be at least 1, not " + sessions
                    : runs < 1 ? "--runs must be at least 1, not " + runs : "--warmup cannot be negative: " + warmup));
            return 2;
        }
        long buildStart = System.nanoTime();
        RuleSet ruleSet = rules == null ? RuleSet.bundled(sessions)
                : RuleSet.fromDrl(rules, executableModel ? DrlBuild.Mode.EXECUTABLE_MODEL : DrlBuild.Mode.DRL, sessions);
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        long ruleCount = ruleSet.drlRuleCount();
        Path file = keep != null ? keep : Files.createTempFile("eql-fusion-bench", ".ndjson");
        SyntheticStream stream = new SyntheticStream(42, hosts, rate, share);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < count; i++) {
                out.write(stream.nextBytes());
                out.write('\n');
            }
        }
        System.out.printf("stream: %,d events, %,d hosts, %,d events/s of event time, %.1f %% in true sequences; %s (%,d MB)%n",
                count, hosts, rate, share * 100, file, Files.size(file) >> 20);
        System.out.printf("rules: %s, %,d DRL rules, KieBase built in %.1f s%n", ruleSet.description(), ruleCount, buildSeconds);

        System.out.printf("each figure: the median of %d runs after %d warm-up run%s%n", runs, warmup, warmup == 1 ? "" : "s");

        Figure parseOnly = measure(() -> jacksonParseOnly(file));
        System.out.printf("jackson parse-only (readTree per line):   %s%n", parseOnly);

        long decodeStart = System.nanoTime();
        int decodedCount = decodeAll(file).size();
        System.out.printf("decode to EcsEvent alone:                 %,12.0f events/s%n",
                decodedCount / ((System.nanoTime() - decodeStart) / 1e9));
        // each run gets events never seen by an engine: a processed event keeps what the rules
        // worked out about it (its values folded for case, its id), which the next run would reuse
        Figure engine = measure(() -> engineAlone(ruleSet, decodeAll(file)));
        System.out.printf("engine alone (decoded events):            %s  (%s)%n", engine, lastDetail);

        Figure replay = measure(() -> replay(ruleSet, file));
        System.out.printf("replay path (NDJSON decode + engine):     %s  (%s)%n", replay, lastDetail);
        System.out.printf("replay path / parse-only: %.0f %%%n", 100 * replay.median() / parseOnly.median());
        if (keep == null) {
            Files.deleteIfExists(file);
        }
        return 0;
    }

    private static double jacksonParseOnly(Path file) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long lines = 0;
        long start = System.nanoTime();
        try (var reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (mapper.readTree(line).size() > 0) {
                    lines++;
                }
            }
        }
        return lines / ((System.nanoTime() - start) / 1e9);
    }

    private static List<EcsEvent> decodeAll(Path file) throws Exception {
        EcsEventDecoder decoder = new EcsEventDecoder();
        List<EcsEvent> events = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                events.add(decoder.decode(line));
            }
        }
        return events;
    }

    private double engineAlone(RuleSet ruleSet, List<EcsEvent> events) throws Exception {
        System.gc(); // the decoding's garbage is not the engine's to collect
        AtomicLong alerts = new AtomicLong();
        EqlEngine engine = EqlEngine.builder().rules(ruleSet).lateness(lateness).onAlert(a -> alerts.incrementAndGet()).build();
        long start = System.nanoTime();
        for (int i = 0; i < events.size(); i += 1000) {
            engine.submit(events.subList(i, Math.min(events.size(), i + 1000)));
        }
        while (engine.stats().processed() + engine.stats().buffered() < events.size()) {
            Thread.sleep(1); // polling stats() in a spin would contend for the writer's queue lock
        }
        DriverStats stats = engine.stats();
        engine.flush();
        double seconds = (System.nanoTime() - start) / 1e9;
        long factsAfterFlush = engine.stats().facts();
        long[] cpu = engine.sessionCpuNanos();
        List<String> roles = engine.sessionRoles();
        engine.close();
        DriverStats done = engine.stats();
        lastDetail = String.format("%,d alerts, %,d facts live before the final flush, %,d at the end; "
                + "%.1f entry points per event; CPU per session %s s (%s)", alerts.get(), stats.facts(), factsAfterFlush,
                (double) done.insertions() / Math.max(1, done.processed()),
                java.util.Arrays.stream(cpu).mapToObj(nanos -> String.format("%.2f", nanos / 1e9))
                        .collect(java.util.stream.Collectors.joining(" + ")), String.join(", ", roles));
        return events.size() / seconds;
    }

    private double replay(RuleSet ruleSet, Path file) throws Exception {
        AtomicLong alerts = new AtomicLong();
        EqlEngine engine = EqlEngine.builder().rules(ruleSet).lateness(lateness).onAlert(a -> alerts.incrementAndGet()).build();
        NdjsonIngest ingest = new NdjsonIngest(engine, 1 << 20, (line, reason) -> { });
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file)) {
            ingest.readAll(in);
        }
        engine.close();
        lastDetail = String.format("%,d alerts", alerts.get());
        return ingest.accepted() / ((System.nanoTime() - start) / 1e9);
    }
}
