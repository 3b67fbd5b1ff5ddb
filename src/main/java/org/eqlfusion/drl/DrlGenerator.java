package org.eqlfusion.drl;

import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.eql.ast.Statement;
import org.eqlfusion.rules.QuerySettings;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleException;

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

    static final String INDENT = "    ";

    private DrlGenerator() {
    }

    /** The DRL for {@code rule}, whose query has been parsed and checked into {@code statement}. */
    public static String generate(RuleDefinition rule, Statement statement) {
        if (!statement.pipes().isEmpty()) {
            throw new UnsupportedQueryException("pipes", "| " + statement.pipes().get(0).name()
                    + " picks among a search's results, and a rule alerts on every match as it comes;"
                    + " run the query with `hunt` to search a file of events");
        }
        Query query = statement.query();
        if (!(query instanceof Query.EventFilter) && rule.settings().ordersOtherwise()) {
            QuerySettings settings = rule.settings();
            String how = settings.tiebreakerField() == null ? "by " + settings.timestampField()
                    : "by " + settings.timestampField() + " then " + settings.tiebreakerField();
            throw new UnsupportedQueryException("ordering fields",
                    "the rule orders its events " + how + " (timestamp_field / tiebreaker_field); the engine puts "
                            + "every event in @timestamp order, ties by arrival, so a sequence or sample could match otherwise");
        }
        StringBuilder rules = new StringBuilder();
        if (query instanceof Query.EventFilter filter) {
            eventRule(rules, rule, filter);
        } else if (query instanceof Query.Sample sample) {
            new SampleWriter(rules, rule, sample).write();
        } else {
            new SequenceWriter(rules, rule, (Query.Sequence) query).write();
        }
        StringBuilder drl = new StringBuilder();
        header(drl, rule, rules.toString());
        return drl.append(rules).toString();
    }

    private static void header(StringBuilder drl, RuleDefinition rule, String body) {
        boolean sequence = body.contains("PartialSequence") || body.contains("Sample");
        drl.append("package eqlfusion.rules.").append(rule.packageSuffix()).append(";\n\n");
        drl.append(DrlText.comment(rule.name(), ""));
        drl.append(DrlText.comment("rule_id " + rule.ruleId() + ", from " + rule.source(), ""));
        drl.append("//\n");
        drl.append(DrlText.comment(rule.query(), ""));
        if (rule.settings().categoryOverridden()) {
            drl.append("//\n").append(DrlText.comment("Event categories (\"process where\") are read from "
                    + rule.settings().eventCategoryField() + ", the rule's event_category_override.", ""));
        }
        if (body.contains("from entry-point")) {
            drl.append("//\n// Entry points only decide which events reach a pattern: the engine inserts an event into those\n")
               .append("// whose patterns it could match, judged from their category(...), the exact values they require\n")
               .append("// and the fixed ends of their wildcards; each entry point is named by what it requires.\n");
        }
        if (body.contains("fromIndex(")) {
            drl.append("//\n// fromIndex(...) holds the rule's index patterns: a server that scopes rules by index\n")
               .append("// (serve --scope-by-index) keeps from it the events sent to other indices; an event sent to\n")
               .append("// no index is read by every rule.\n");
        }
        if (rule.suppression() != null) {
            drl.append("//\n// Alert suppression (@suppressBy, @suppressFor): an alert whose fields hold the same values as one\n")
               .append("// raised less than that long before it is not sent; it is counted into that alert, which is sent\n")
               .append("// again with the count (kibana.alert.suppression.docs_count) once its window has passed.\n");
        }
        exceptions(drl, rule);
        drl.append('\n');
        drl.append("import org.eqlfusion.event.EcsEvent;\n");
        if (sequence) {
            if (body.contains("EventTime")) {
                drl.append("import org.eqlfusion.sequence.EventTime;\n");
            }
            if (body.contains("CompletedSequence")) {
                drl.append("import org.eqlfusion.sequence.CompletedSequence;\n");
            }
            if (body.contains("PartialSequence")) {
                drl.append("import org.eqlfusion.sequence.PartialSequence;\n");
            }
            if (body.contains("RecentEvent")) {
                drl.append("import org.eqlfusion.sequence.RecentEvent;\n");
            }
            if (body.contains("Sample")) {
                drl.append("import org.eqlfusion.sequence.Sample;\n");
            }
            drl.append("import org.eqlfusion.sequence.SequenceKey;\n");
        }
        if (body.contains("Eql.")) {
            drl.append("import org.eqlfusion.semantics.Eql;\n");
        }
        drl.append('\n');
        drl.append("global org.eqlfusion.alert.Alerts alerts;\n");
    }

    /** The exceptions the rule's patterns end with, each named, with its file and its condition as written. */
    private static void exceptions(StringBuilder drl, RuleDefinition rule) {
        if (rule.exceptions().isEmpty()) {
            return;
        }
        drl.append("//\n// Exceptions: every pattern ends with one !(...) per exception below, in this order, so that\n")
           .append("// an event that meets one is not seen by this rule at any stage.\n");
        for (RuleException exception : rule.exceptions()) {
            drl.append(DrlText.comment("\"" + exception.name() + "\" (" + exception.source() + ")"
                    + (exception.expires() == null ? "" : ", for events before " + exception.expires()) + ":", ""));
            for (String line : exception.where().strip().split("\\R")) {
                drl.append("//     ").append(line.stripTrailing()).append('\n');
            }
        }
    }

    static void metadata(StringBuilder drl, RuleDefinition rule) {
        annotation(drl, "ruleId", DrlText.literal(rule.ruleId()));
        annotation(drl, "name", DrlText.literal(rule.name()));
        // not @description: Drools keeps that one (its own Description annotation) with the escapes unread
        annotation(drl, "ruleDescription", DrlText.literal(rule.description()));
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
        if (rule.buildingBlockType() != null) {
            annotation(drl, "buildingBlockType", DrlText.literal(rule.buildingBlockType()));
        }
        if (rule.suppression() != null) {
            annotation(drl, "suppressBy", DrlText.literal(String.join(", ", rule.suppression().groupBy())));
            annotation(drl, "suppressFor", DrlText.literal(DrlText.duration(rule.suppression().window())));
            if (!rule.suppression().suppressMissing()) {
                annotation(drl, "suppressMissing", DrlText.literal("doNotSuppress"));
            }
        }
    }

    private static void annotation(StringBuilder drl, String key, String value) {
        drl.append(INDENT).append('@').append(key).append('(').append(value).append(")\n");
    }

    // ---- event queries ---------------------------------------------------------------------------

    private static void eventRule(StringBuilder drl, RuleDefinition rule, Query.EventFilter filter) {
        drl.append("\nrule ").append(DrlText.ruleName(rule.name())).append('\n');
        metadata(drl, rule);
        drl.append("when\n");
        drl.append(pattern("$event", filter, rule));
        drl.append("then\n");
        drl.append(INDENT).append("alerts.raise( kcontext, $event );\n");
        drl.append("end\n");
    }

    /**
     * {@code $var : EcsEvent( c1,\n c2, ... ) from entry-point "..."}, one constraint per line.
     * The entry point only decides which events the engine offers the pattern ({@link EntryPoints}).
     */
    static String pattern(String variable, Query.EventFilter filter, RuleDefinition rule) {
        String head = INDENT + variable + " : EcsEvent( ";
        List<String> constraints = new ArrayList<>(ConditionWriter.constraints(filter, rule.settings()));
        if (!rule.index().isEmpty()) {
            // last, so that rules share their first conditions and only an event that met all the
            // others is asked where it came from
            constraints.add("fromIndex(" + String.join(", ", rule.index().stream().map(DrlText::literal).toList()) + ")");
        }
        // chosen before the exceptions are added: they exclude events, they never select them
        String entryPoint = EntryPoints.of(constraints);
        rule.exceptions().forEach(exception -> constraints.add(ExceptionWriter.constraint(exception)));
        String continuation = ",\n" + " ".repeat(head.length());
        return head + String.join(continuation, constraints) + " )"
                + (entryPoint == null ? "" : " from entry-point " + DrlText.entryPoint(entryPoint)) + "\n";
    }

    /**
     * {@code $key : SequenceKey() from $event.keys("host.id", "process.entity_id")}: the query's
     * join keys then the stage's; an optional field is written "?name".
     */
    static String keyLine(List<Expr> queryBy, List<Expr> stageBy) {
        List<String> fields = new ArrayList<>();
        for (List<Expr> keys : List.of(queryBy, stageBy)) {
            for (Expr key : keys) {
                Expr.Field f = (Expr.Field) key;
                fields.add(DrlText.literal((f.optional() ? "?" : "") + f.name()));
            }
        }
        return INDENT + "$key : SequenceKey() from $event.keys(" + String.join(", ", fields) + ")\n";
    }

    /** A rule that deletes the rule's {@code fact} facts (bound as {@code variable}) once {@code timer} has passed since they came. */
    static void expiryRule(StringBuilder drl, String ruleName, String fact, String variable, String ruleIdLiteral, String timer) {
        drl.append("rule ").append(DrlText.ruleName(ruleName)).append('\n');
        drl.append(INDENT).append("timer ( int: ").append(timer).append(" )\n");
        drl.append("when\n").append(INDENT).append(variable).append(" : ").append(fact).append("( rule == ")
                .append(ruleIdLiteral).append(" )\n");
        drl.append("then\n").append(INDENT).append("delete( ").append(variable).append(" );\nend\n");
    }

    static String category(Query.Stage stage) {
        return stage.filter().category() == null ? "any" : stage.filter().category();
    }
}
