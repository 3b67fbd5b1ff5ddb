package org.eqlfusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.engine.RuleSetException;
import org.eqlfusion.ingest.NdjsonIngest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Replays an NDJSON file as a stream: alerts as JSON lines on stdout, a summary on stderr. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays NDJSON events, in file order, as a live stream through the rules.",
                "Prints one alert JSON per line on stdout and a summary on stderr."})
final class ReplayCommand implements Callable<Integer> {

    private static final int SHOWN_PROBLEMS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "NDJSON events; - for standard input")
    private String events;

    @Option(names = "--rules", paramLabel = "DIR", description = "run the .drl files under DIR instead of the bundled rules")
    private Path rules;

    @Option(names = "--sessions", paramLabel = "N", defaultValue = "1",
            description = "split the events by host over N KieSessions, each on its own thread, with one more for rules "
                    + "that join hosts; alerts then come in the order the sessions raise them (default: ${DEFAULT-VALUE})")
    private int sessions;

    @Option(names = "--lateness", paramLabel = "DURATION", converter = Durations.class, defaultValue = "10s",
            description = "how far out of time order events may arrive and still be put in order (default: ${DEFAULT-VALUE})")
    private Duration lateness;

    @Option(names = "--scope-by-index",
            description = "lines that are Elasticsearch search hits (elasticdump's format) keep their _index, and each rule "
                    + "reads only the hits of the indices its index patterns name, as in Elasticsearch")
    private boolean scopeByIndex;

    @Option(names = "--max-line-bytes", paramLabel = "N", defaultValue = "1048576",
            description = "longer lines are rejected (default: ${DEFAULT-VALUE})")
    private int maxLineBytes;

    private final PrintStream err = System.err;
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong alertCount = new AtomicLong();
    private long shownProblems;
    private long ruleErrors;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        if (sessions < 1) {
            // a usage error, answered as picocli answers one (and bench its own): exit status 2
            err.println("eql-fusion replay: --sessions must be at least 1, not " + sessions);
            return 2;
        }
        String problem = "-".equals(events) ? null : InputPaths.eventsFileProblem(Path.of(events));
        if (problem != null) {
            // before minutes of building a large rule set, not after
            err.println("eql-fusion replay: " + problem);
            return 1;
        }
        RuleSet ruleSet;
        try {
            ruleSet = rules == null ? RuleSet.bundled(sessions)
                    : RuleSet.fromDrl(rules, org.eqlfusion.engine.DrlBuild.Mode.DRL, sessions);
        } catch (RuleSetException e) {
            err.println("eql-fusion replay: " + e.getMessage());
            return 1;
        }
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        EqlEngine engine = EqlEngine.builder()
                .rules(ruleSet)
                .lateness(lateness)
                .onAlert(alert -> write(out, alert))
                .onLateEvent((event, behind) -> {
                    late.incrementAndGet();
                    problem("late: event " + event.getId() + " at " + Instant.ofEpochMilli(event.getTimestamp())
                            + " arrived " + behind + " ms behind the newest event (allowed lateness "
                            + lateness.toMillis() + " ms); processed at its own time");
                })
                .build();
        NdjsonIngest ingest = new NdjsonIngest(engine, maxLineBytes, scopeByIndex, (line, reason) -> problem("line " + line + ": " + reason));
        ScheduledExecutorService progress = startProgress(ingest);
        long rulesReady = System.nanoTime();
        try (InputStream in = open()) {
            ingest.readAll(in);
        } catch (NoSuchFileException e) {
            err.println("eql-fusion replay: no such events file: " + events);
            return 1;
        } finally {
            engine.flush();
            ruleErrors = engine.stats().ruleErrors();
            engine.close();
            if (progress != null) {
                progress.shutdownNow();
                err.print("\r");
            }
            out.flush();
        }
        summary(ingest, engine, ruleSet, started, rulesReady);
        return 0;
    }

    private InputStream open() throws IOException {
        return "-".equals(events) ? System.in : Files.newInputStream(Path.of(events));
    }

    private void write(BufferedWriter out, Alert alert) {
        try {
            out.write(JSON.writeValueAsString(alert.document()));
            out.newLine();
            alertCount.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the alert to standard output", e);
        }
    }

    private synchronized void problem(String message) {
        if (shownProblems++ < SHOWN_PROBLEMS) {
            err.println(message);
        } else if (shownProblems == SHOWN_PROBLEMS + 1) {
            err.println("(further rejected or late events are counted, not shown)");
        }
    }

    private ScheduledExecutorService startProgress(NdjsonIngest ingest) {
        if (System.console() == null) {
            return null;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> err.print("\r" + ingest.lines() + " lines read, "
                + alertCount.get() + " alerts "), 1, 1, TimeUnit.SECONDS);
        return timer;
    }

    private void summary(NdjsonIngest ingest, EqlEngine engine, RuleSet ruleSet, long started, long rulesReady) {
        double seconds = (System.nanoTime() - rulesReady) / 1e9;
        double rulesSeconds = (rulesReady - started) / 1e9;
        err.printf("eql-fusion replay of %s with %s%n", events, ruleSet.description());
        err.printf("  events: %d read, %d rejected, %d late (allowed lateness %d ms)%n",
                ingest.accepted() + ingest.rejected(), ingest.rejected(), late.get(), lateness.toMillis());
        err.printf("  alerts: %d%n", alertCount.get());
        if (ruleErrors > 0) {
            err.printf("  rule failures: %d events on which a rule threw (see the warnings above); the replay went on%n", ruleErrors);
        }
        engine.alertCounts().forEach((rule, n) -> err.printf("    %s: %d%n", rule, n));
        err.printf("  time: %.2f s for the rules, %.2f s for the events (%.0f events/s)%n",
                rulesSeconds, seconds, seconds > 0 ? ingest.accepted() / seconds : 0);
    }
}
