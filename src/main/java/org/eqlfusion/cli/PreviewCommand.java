package org.eqlfusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.engine.RuleSetException;
import org.eqlfusion.preview.Explainer;
import org.eqlfusion.preview.RulePreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code preview RULE --events FILE [--explain ID,...]}: what one rule would raise on sample events, and why. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Runs one rule file (.toml or .drl) over sample NDJSON events, in event-time order, and prints",
                "its alerts. With --explain, shows for the chosen events which condition of which stage held or",
                "failed, with the values it read."})
final class PreviewCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "RULE", description = "a detection-rules .toml file or a .drl file")
    private Path rule;

    @Option(names = "--events", required = true, paramLabel = "FILE", description = "sample events, NDJSON")
    private Path events;

    @Option(names = "--explain", split = ",", paramLabel = "EVENT_ID",
            description = "event ids (event.id) to explain; * for every event")
    private List<String> explain = List.of();

    @Option(names = "--exceptions", paramLabel = "FILE.exceptions.toml",
            description = "apply the exceptions of this file that name the rule (repeat for several)")
    private List<Path> exceptions = List.of();

    @Option(names = "--json", description = "print the alerts as JSON lines, as replay does")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        String problem = InputPaths.rulesProblem(rule);
        problem = problem != null ? problem : InputPaths.eventsFileProblem(events);
        for (Path file : exceptions) {
            if (problem == null && !Files.isRegularFile(file)) {
                problem = "no such exceptions file: " + file;
            }
        }
        if (problem != null) {
            System.err.println("eql-fusion preview: " + problem);
            return 1;
        }
        RulePreview.Result result;
        try {
            result = RulePreview.run(rule, exceptions, Files.readAllBytes(events), new HashSet<>(explain));
        } catch (RuleSetException e) {
            System.out.println(e.getMessage());
            System.err.println("eql-fusion preview: the rule does not compile");
            return 1;
        }
        result.rejects().forEach(r -> System.err.println(events + ": " + r));
        for (Alert alert : result.alerts()) {
            if (json) {
                System.out.println(JSON.writeValueAsString(alert.document()));
            } else {
                long suppressed = alert.suppressedCount();
                System.out.println("ALERT " + alert.document().get("@timestamp") + " " + alert.document().get("kibana.alert.rule.name")
                        + " events " + alert.eventIds() + " host " + alert.document().get("host.name")
                        + (suppressed > 0 ? "   (sent again: " + suppressed + " more suppressed,"
                        + " the last at " + alert.document().get("kibana.alert.suppression.end") + ")" : ""));
            }
        }
        for (Map.Entry<String, List<Explainer.Stage>> e : result.explanations().entrySet()) {
            System.out.println("EVENT " + e.getKey());
            for (Explainer.Stage stage : e.getValue()) {
                System.out.println("  " + (stage.matched() ? "matches " : "fails   ") + stage.rule()
                        + (stage.joinKeys() != null ? "   [joined by " + stage.joinKeys().replace("\"", "") + "]" : ""));
                for (Explainer.Condition c : stage.conditions()) {
                    System.out.println("    " + (c.held() ? "held  " : "FAILED") + " " + c.condition()
                            + (c.values().isEmpty() ? "" : "   <- " + c.values())
                            + (c.error() != null ? "   (" + c.error() + ")" : ""));
                }
            }
        }
        System.err.printf("eql-fusion preview: %d events, %d alerts%n", result.events(), result.alerts().size());
        return 0;
    }
}
