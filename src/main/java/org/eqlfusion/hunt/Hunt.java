package org.eqlfusion.hunt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.ingest.NdjsonIngest;

/**
 * Runs a {@link HuntQuery} over a file of events and returns what Elasticsearch's EQL search
 * would: every match, in its order, then the window its pipes and the request's size leave.
 * The events go through the same ingest and engine as a live stream; matches are collected
 * instead of alerted, and each event keeps the number of the line it came from, so that the
 * results can be shown as the file wrote them ({@link HuntOutput}).
 */
public final class Hunt {

    /** Events may come in any order: all are put in time order before the query sees them. */
    public static final Duration ANY_ORDER = Duration.ofDays(36500);

    /**
     * @param results  the results the window returns, in order
     * @param matches  how many the query matched before the window
     * @param events   events read and searched
     * @param rejected lines that were not events (each told to the reject listener)
     * @param late     events further out of time order than the lateness allowed: searched where they
     *                 came, so a sequence they belong to may have been missed
     * @param lines    the line of the file each event came from
     */
    public record Result(List<HuntMatch> results, int matches, long events, long rejected, long late,
                         Map<EcsEvent, Long> lines) {
    }

    private Hunt() {
    }

    /**
     * @param lateness how far out of time order the file's events may be ({@link #ANY_ORDER}: any,
     *                 every event held in memory until the end)
     */
    public static Result run(HuntQuery query, ResultWindow window, Path events, Duration lateness,
                             NdjsonIngest.RejectListener rejects) throws IOException {
        HuntResults found = query.results();
        Map<EcsEvent, Long> lines = new IdentityHashMap<>();
        NdjsonIngest ingest;
        long late;
        try (EqlEngine engine = EqlEngine.builder()
                .rules(RuleSet.of(query.kieBase(), "hunt"))
                .lateness(lateness)
                .maxBufferedEvents(lateness.equals(ANY_ORDER) ? Integer.MAX_VALUE : EqlEngine.DEFAULT_MAX_BUFFERED)
                .onMatch((rule, matched, joinKeys) -> found.add(rule.ruleId(), matched, joinKeys))
                .build();
             InputStream in = Files.newInputStream(events)) {
            ingest = new NdjsonIngest(engine, Integer.MAX_VALUE, rejects).onAccept((line, event) -> lines.put(event, line));
            ingest.readAll(in);
            engine.flush();
            late = engine.stats().late();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<HuntMatch> matches = found.ordered();
        List<HuntMatch> results = List.copyOf(window.select(matches));
        Map<EcsEvent, Long> resultLines = new IdentityHashMap<>();
        results.forEach(m -> m.events().forEach(e -> {
            if (e != null) {
                resultLines.put(e, lines.get(e));
            }
        }));
        return new Result(results, matches.size(), ingest.accepted(), ingest.rejected(), late, resultLines);
    }
}
