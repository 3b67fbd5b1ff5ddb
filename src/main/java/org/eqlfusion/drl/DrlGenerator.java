package org.eqlfusion.drl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.eql.ast.Statement;
import org.eqlfusion.rules.RuleDefinition;

/**
 * Writes one readable DRL file for one EQL rule. An event query becomes one rule that raises an
 * alert per matching event. A sequence becomes one rule per stage over {@code PartialSequence}
 * facts (stage 1 starts a partial, stage i moves it on, the last stage raises the alert), an
 * {@code until} rule, and an expiry rule; the state machine they share is {@code sequences.drl}
 * ({@link #SEQUENCES_DRL}).
 */
public final class DrlGenerator {

    /** The name of the shared state-machine file every sequence rule relies on. */
    public static final String SEQUENCES_DRL = "sequences.drl";

    private static final String INDENT = "    ";

    private DrlGenerator() {
    }

    /** The DRL for {@code rule}, whose query has been parsed and checked into {@code statement}. */
    public static String generate(RuleDefinition rule, Statement statement) {
        if (!statement.pipes().isEmpty()) {
            throw new UnsupportedQueryException("pipes", "pipes are not supported (| " + statement.pipes().get(0).name() + ")");
        }
        Query query = statement.query();
        if (query instanceof Query.Sample) {
            throw new UnsupportedQueryException("sample", "sample queries are not supported");
        }
        StringBuilder rules = new StringBuilder();
        if (query instanceof Query.EventFilter filter) {
            eventRule(rules, rule, filter);
        } else {
            sequenceRules(rules, rule, (Query.Sequence) query);
        }
        StringBuilder drl = new StringBuilder();
        header(drl, rule, query instanceof Query.Sequence, rules.indexOf("Eql.") >= 0);
        return drl.append(rules).toString();
    }

    private static void header(StringBuilder drl, RuleDefinition rule, boolean sequence, boolean usesFunctions) {
        drl.append("package eqlfusion.rules.").append(rule.packageSuffix()).append(";\n\n");
        drl.append(DrlText.comment(rule.name(), ""));
        drl.append(DrlText.comment("rule_id " + rule.ruleId() + ", from " + rule.source(), ""));
        drl.append("//\n");
        drl.append(DrlText.comment(rule.query(), ""));
        drl.append('\n');
        drl.append("import org.eqlfusion.event.EcsEvent;\n");
        if (sequence) {
            drl.append("import org.eqlfusion.sequence.PartialSequence;\n");
            drl.append("import org.eqlfusion.sequence.SequenceKey;\n");
        }
        if (usesFunctions) {
            drl.append("import org.eqlfusion.semantics.Eql;\n");
        }
        drl.append('\n');
        drl.append("global org.eqlfusion.alert.Alerts alerts;\n");
    }

    private static void metadata(StringBuilder drl, RuleDefinition rule) {
        annotation(drl, "ruleId", DrlText.literal(rule.ruleId()));
        annotation(drl, "name", DrlText.literal(rule.name()));
        annotation(drl, "description", DrlText.literal(rule.description()));
        annotation(drl, "riskScore", String.valueOf(rule.riskScore()));
        annotation(drl, "severity", DrlText.literal(rule.severity()));
        if (!rule.tags().isEmpty()) {
            annotation(drl, "tags", DrlText.literal(String.join("; ", rule.tags())));
        }
        if (!rule.threat().isEmpty()) {
            annotation(drl, "threat", DrlText.literal(String.join("; ", rule.threat())));
        }
        if (!rule.references().isEmpty()) {
            annotation(drl, "references", DrlText.literal(String.join(" ", rule.references())));
        }
    }

    private static void annotation(StringBuilder drl, String key, String value) {
        drl.append(INDENT).append('@').append(key).append('(').append(value).append(")\n");
    }

    // ---- event queries ---------------------------------------------------------------------------

    private static void eventRule(StringBuilder drl, RuleDefinition rule, Query.EventFilter filter) {
        drl.append("\nrule ").append(DrlText.literal(rule.name())).append('\n');
        metadata(drl, rule);
        drl.append("when\n");
        drl.append(pattern("$event", filter));
        drl.append("then\n");
        drl.append(INDENT).append("alerts.raise( kcontext, $event );\n");
        drl.append("end\n");
    }

    /** {@code $var : EcsEvent( c1,\n c2, ... )}, one constraint per line. */
    private static String pattern(String variable, Query.EventFilter filter) {
        String head = INDENT + variable + " : EcsEvent( ";
        List<String> constraints = ConditionWriter.constraints(filter);
        String continuation = ",\n" + " ".repeat(head.length());
        return head + String.join(continuation, constraints) + " )\n";
    }

    // ---- sequences -------------------------------------------------------------------------------

    private static void sequenceRules(StringBuilder drl, RuleDefinition rule, Query.Sequence sequence) {
        if (sequence.stages().stream().anyMatch(Query.Stage::missing)) {
            throw new UnsupportedQueryException("missing events", "missing event stages (![...]) are not supported");
        }
        List<Query.Stage> stages = new ArrayList<>();
        for (Query.Stage stage : sequence.stages()) {
            for (int run = 0; run < stage.runs(); run++) {
                stages.add(stage);
            }
        }
        int n = stages.size();
        String id = DrlText.literal(rule.ruleId());
        for (int i = n; i >= 1; i--) {
            Query.Stage stage = stages.get(i - 1);
            String role = i == n ? "completes the sequence" : i == 1 ? "starts a sequence" : "moves the sequence on";
            drl.append("\nrule ").append(DrlText.literal(rule.name() + ": stage " + i + " of " + n + " ("
                    + category(stage) + ") " + role)).append('\n');
            if (i == n) {
                metadata(drl, rule);
            }
            drl.append(INDENT).append("salience ").append(i).append('\n');
            drl.append("when\n");
            drl.append(pattern("$event", stage.filter()));
            drl.append(keyLine(sequence.by(), stage.by()));
            if (i > 1) {
                String head = INDENT + "$partial : PartialSequence( ";
                drl.append(head).append("rule == ").append(id).append(", stage == ").append(i - 1)
                        .append(", key == $key,\n").append(" ".repeat(head.length())).append("endsBefore( $event )")
                        .append(maxspanConstraint(sequence.maxspan())).append(" )\n");
            }
            drl.append("then\n");
            if (i == 1) {
                drl.append(INDENT).append("insert( PartialSequence.start( ").append(id).append(", $key, $event ) );\n");
            } else if (i < n) {
                drl.append(INDENT).append("delete( $partial );\n");
                drl.append(INDENT).append("insert( $partial.then( $event ) );\n");
            } else {
                drl.append(INDENT).append("delete( $partial );\n");
                drl.append(INDENT).append("alerts.raise( kcontext, $partial.then( $event ) );\n");
            }
            drl.append("end\n");
        }
        if (sequence.until() != null) {
            untilRule(drl, rule, sequence, n);
        }
        expiryRule(drl, rule, sequence.maxspan());
    }

    private static String maxspanConstraint(Duration maxspan) {
        return maxspan == null ? "" : ", $event after[0s, " + DrlText.duration(maxspan) + "] this";
    }

    private static void untilRule(StringBuilder drl, RuleDefinition rule, Query.Sequence sequence, int stages) {
        Query.Stage until = sequence.until();
        drl.append("\n// until: an event of the same key ends the sequences pending before it\n");
        drl.append("rule ").append(DrlText.literal(rule.name() + ": until (" + category(until) + ") ends pending sequences"))
                .append('\n');
        drl.append(INDENT).append("salience ").append(stages + 1).append('\n');
        drl.append("when\n");
        drl.append(pattern("$event", until.filter()));
        drl.append(keyLine(sequence.by(), until.by()));
        drl.append(INDENT).append("$partial : PartialSequence( rule == ").append(DrlText.literal(rule.ruleId()))
                .append(", key == $key, endsBefore( $event ) )\n");
        drl.append("then\n").append(INDENT).append("delete( $partial );\nend\n");
    }

    private static void expiryRule(StringBuilder drl, RuleDefinition rule, Duration maxspan) {
        if (maxspan == null) {
            drl.append("\n// No maxspan: a pending sequence stays until a newer one of its key and stage replaces it.\n");
            return;
        }
        String span = DrlText.duration(maxspan);
        drl.append("\n// The maxspan itself is enforced by \"after[0s, ").append(span)
                .append("]\" above; this only frees memory, a second later\n")
                .append("// so that an event exactly ").append(span).append(" after the first still finds its partial.\n");
        drl.append("rule ").append(DrlText.literal(rule.name() + ": pending sequences expire after the " + span + " maxspan"))
                .append('\n');
        drl.append(INDENT).append("timer ( int: ").append(DrlText.duration(maxspan.plusSeconds(1))).append(" )\n");
        drl.append("when\n");
        drl.append(INDENT).append("$partial : PartialSequence( rule == ").append(DrlText.literal(rule.ruleId())).append(" )\n");
        drl.append("then\n").append(INDENT).append("delete( $partial );\nend\n");
    }

    /** {@code $key : SequenceKey() from $event.keys("host.id", "process.entity_id")}; optional fields as "?name". */
    private static String keyLine(List<Expr> sequenceBy, List<Expr> stageBy) {
        List<String> fields = new ArrayList<>();
        for (Expr key : concat(sequenceBy, stageBy)) {
            Expr.Field f = (Expr.Field) key;
            fields.add(DrlText.literal((f.optional() ? "?" : "") + f.name()));
        }
        return INDENT + "$key : SequenceKey() from $event.keys(" + String.join(", ", fields) + ")\n";
    }

    private static List<Expr> concat(List<Expr> a, List<Expr> b) {
        List<Expr> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String category(Query.Stage stage) {
        return stage.filter().category() == null ? "any" : stage.filter().category();
    }
}
