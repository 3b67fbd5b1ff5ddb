package org.eqlfusion.preview;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.engine.RuleSetException;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.eqlfusion.event.EventRejectedException;
import org.eqlfusion.ingest.NdjsonIngest;
import org.eqlfusion.live.FolderBuild;
import org.eqlfusion.live.RuleFolder;
import org.eqlfusion.live.RuleSource;

/**
 * Runs one rule file (detection-rules TOML or DRL) over sample events, in event-time order, and
 * gives its alerts; for the events asked about, the explanation of every stage's conditions.
 */
public final class RulePreview {

    /** The alerts, the explanations by event id, and the sample lines that were not events. */
    public record Result(List<Alert> alerts, Map<String, List<Explainer.Stage>> explanations, List<String> rejects,
                         long events) {
    }

    /** Sample events may come in any order: they are all put in time order before the rule sees them. */
    private static final Duration ANY_ORDER = Duration.ofDays(36500);

    private RulePreview() {
    }

    /**
     * @param explain ids of the events to explain; the single entry {@code "*"} explains every event
     * @throws RuleSetException when the rule does not compile (its errors as FILE:LINE:COLUMN: message)
     */
    public static Result run(Path ruleFile, byte[] ndjson, Set<String> explain) throws IOException {
        return run(ruleFile, List.of(), ndjson, explain);
    }

    /** As {@link #run(Path, byte[], Set)}, the rule tuned by the exceptions of {@code exceptionFiles}. */
    public static Result run(Path ruleFile, List<Path> exceptionFiles, byte[] ndjson, Set<String> explain) throws IOException {
        FolderBuild.Compiled compiled = FolderBuild.compile(ruleFile, exceptionFiles);
        RuleFolder.Snapshot snapshot = compiled.snapshot();
        RuleSet rules = RuleSet.of(compiled.kieBase(), ruleFile.toString());

        List<Alert> alerts = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        long events;
        try (EqlEngine engine = EqlEngine.builder().rules(rules).lateness(ANY_ORDER)
                .onAlert(alerts::add).build()) {
            NdjsonIngest ingest = new NdjsonIngest(engine, Integer.MAX_VALUE, (line, reason) -> rejects.add("line " + line + ": " + reason));
            try (InputStream in = new ByteArrayInputStream(ndjson)) {
                ingest.readAll(in);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            events = ingest.accepted();
        }

        Map<String, List<Explainer.Stage>> explanations = new LinkedHashMap<>();
        if (!explain.isEmpty()) {
            List<Explainer> explainers = new ArrayList<>();
            for (RuleSource source : snapshot.sources().values()) {
                if (!source.name().endsWith(org.eqlfusion.drl.DrlGenerator.SEQUENCES_DRL)) {
                    explainers.add(new Explainer(source.drl()));
                }
            }
            EcsEventDecoder decoder = new EcsEventDecoder();
            for (String line : new String(ndjson, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                EcsEvent event;
                try {
                    event = decoder.decode(line);
                } catch (EventRejectedException e) {
                    continue;
                }
                if (explain.contains("*") || explain.contains(event.getId())) {
                    List<Explainer.Stage> stages = new ArrayList<>();
                    explainers.forEach(x -> stages.addAll(x.explain(event)));
                    explanations.put(event.getId(), stages);
                }
            }
        }
        return new Result(alerts, explanations, rejects, events);
    }
}
