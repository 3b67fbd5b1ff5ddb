package org.eqlfusion.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.eqlfusion.drl.UnsupportedQueryException;
import org.eqlfusion.eql.parser.EqlException;
import org.eqlfusion.hunt.Hunt;
import org.eqlfusion.hunt.HuntOutput;
import org.eqlfusion.hunt.HuntQuery;
import org.eqlfusion.hunt.ResultWindow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hunt QUERY --events FILE}: an ad hoc EQL search over a file of events, pipes included. */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = {"Searches a file of events with an EQL query, as Elasticsearch's EQL search would, and prints",
                "the results as JSON lines: each event as {_index, _id, _source}, each sequence or sample as",
                "{join_keys, events}. | head N and | tail N pick among the results, in Elasticsearch's order."})
final class HuntCommand implements Callable<Integer> {

    private enum Position { HEAD, TAIL }

    @Parameters(paramLabel = "QUERY", description = "the EQL query, pipes included (@FILE reads it from a file)")
    private String query;

    @Option(names = "--events", required = true, paramLabel = "FILE",
            description = "events, NDJSON (Elasticsearch search hits too), in any order; - reads standard input")
    private String events;

    @Option(names = "--size", paramLabel = "N", description = "at most N results, as the search request's size")
    private Integer size;

    @Option(names = "--result-position", paramLabel = "head|tail", defaultValue = "tail",
            description = "which end --size keeps: tail (the most recent, Elasticsearch's default) or head")
    private Position position;

    @Option(names = "--max-samples-per-key", paramLabel = "N", defaultValue = "1",
            description = "a sample query's samples per join key, as Elasticsearch's max_samples_per_key (default: ${DEFAULT-VALUE})")
    private int samplesPerKey;

    @Option(names = "--lateness", paramLabel = "DURATION", converter = Durations.class,
            description = "how far out of time order the events may be; by default any order, every event held in memory")
    private Duration lateness;

    @Option(names = "--show-drl", description = "print the DRL the query became, then search")
    private boolean showDrl;

    @Override
    public Integer call() throws Exception {
        String problem = "-".equals(events) ? null : InputPaths.eventsFileProblem(Path.of(events));
        if (problem == null && size != null && size < 0) {
            problem = "--size must not be negative: " + size;
        }
        if (problem == null && samplesPerKey < 1) {
            problem = "--max-samples-per-key must be at least 1: " + samplesPerKey;
        }
        if (problem != null) {
            System.err.println("eql-fusion hunt: " + problem);
            return 1;
        }
        Path file = null;
        try {
            HuntQuery hunt = HuntQuery.of("hunt", query, samplesPerKey);
            if (showDrl) {
                hunt.drl().forEach(System.err::println);
            }
            ResultWindow window = size == null ? hunt.window() : hunt.window().limit(size, position == Position.HEAD);
            file = "-".equals(events) ? stdinCopy() : Path.of(events);
            Hunt.Result result = Hunt.run(hunt, window, file, lateness == null ? Hunt.ANY_ORDER : lateness,
                    (line, reason) -> System.err.println(events + ": line " + line + ": " + reason));
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            HuntOutput.write(result, file, out);
            out.flush();
            summary(window, result);
            return 0;
        } catch (EqlException e) {
            System.err.println(e.getMessage());
            System.err.println("eql-fusion hunt: the query is not valid EQL");
            return 1;
        } catch (UnsupportedQueryException e) {
            System.err.println("eql-fusion hunt: " + e.getMessage());
            return 1;
        } finally {
            if (file != null && !file.toString().equals(events)) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Standard input in a file of its own: results are printed as their lines wrote them, read again. */
    private static Path stdinCopy() throws java.io.IOException {
        Path copy = Files.createTempFile("eql-fusion-hunt-", ".ndjson");
        try (InputStream in = System.in) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    private void summary(ResultWindow window, Hunt.Result result) {
        String picked = window.describe() + (size == null ? "" : (window.describe().isEmpty() ? "" : ", ")
                + "size " + size + " from the " + position.name().toLowerCase());
        System.err.printf("eql-fusion hunt: %d result%s%s, %d events searched, %d line%s rejected%n",
                result.results().size(), result.results().size() == 1 ? "" : "s",
                picked.isEmpty() ? "" : " (" + result.matches() + (result.matches() == 1 ? " match, " : " matches, ") + picked + ")",
                result.events(), result.rejected(), result.rejected() == 1 ? "" : "s");
        if (result.late() > 0) {
            System.err.printf("eql-fusion hunt: %d event%s came further out of time order than --lateness allows:"
                    + " searched where they came, a sequence or sample they belong to may be missing; search again"
                    + " with a larger --lateness, or without it%n", result.late(), result.late() == 1 ? "" : "s");
        }
    }
}
