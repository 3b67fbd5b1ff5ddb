package org.eqlfusion.drl;

import static org.eqlfusion.drl.DrlGenerator.INDENT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.rules.RuleDefinition;

/**
 * Lowers an EQL sequence onto the PartialSequence state machine: one rule per stage (the last
 * stage first), the {@code until} rule, the expiry rule, and for missing-event stages
 * ({@code ![...]}) the rules that cancel a sequence: a missing event between two stages ends the
 * pending sequence; missing events before the first or after the last stage are weighed once the
 * sequence completed ({@code CompletedSequence}).
 */
final class SequenceWriter {

    private final StringBuilder drl;
    private final RuleDefinition rule;
    private final Query.Sequence sequence;
    private final String id;
    /** The stages that must match, runs expanded. */
    private final List<Query.Stage> stages = new ArrayList<>();
    /** missingAfter.get(i): the missing stage right after positive stage i (0: before the first), or null. */
    private final List<Query.Stage> missingAfter = new ArrayList<>();

    SequenceWriter(StringBuilder drl, RuleDefinition rule, Query.Sequence sequence) {
        this.drl = drl;
        this.rule = rule;
        this.sequence = sequence;
        this.id = DrlText.literal(rule.ruleId());
        missingAfter.add(null);
        for (Query.Stage stage : sequence.stages()) {
            if (stage.missing()) {
                missingAfter.set(stages.size(), stage);
                continue;
            }
            for (int run = 0; run < stage.runs(); run++) {
                stages.add(stage);
                missingAfter.add(null);
            }
        }
    }

    void write() {
        int n = stages.size();
        for (int i = n; i >= 1; i--) {
            stageRule(i, n);
        }
        for (int i = 1; i < n; i++) {
            if (missingAfter.get(i) != null) {
                missingBetweenRule(i);
            }
        }
        if (hasLeading() || hasTrailing()) {
            completionRules();
        }
        if (sequence.until() != null) {
            untilRule();
        }
        if (n > 1) {
            // with one stage that must match (and missing ones) no partial ever waits
            expiryRule();
        }
    }

    private boolean hasLeading() {
        return missingAfter.get(0) != null;
    }

    private boolean hasTrailing() {
        return missingAfter.get(stages.size()) != null;
    }

    private void stageRule(int i, int n) {
        Query.Stage stage = stages.get(i - 1);
        boolean confirmLater = hasLeading() || hasTrailing();
        String role = i == n ? "completes the sequence" : i == 1 ? "starts a sequence" : "moves the sequence on";
        drl.append("\nrule ").append(DrlText.ruleName(rule.name() + ": stage " + i + " of " + n + " ("
                + DrlGenerator.category(stage) + ") " + role)).append('\n');
        if (i == n && !confirmLater) {
            DrlGenerator.metadata(drl, rule);
        }
        drl.append(INDENT).append("salience ").append(i).append('\n');
        drl.append("when\n");
        if (i > 1) {
            waiting(", stage == " + (i - 1), " at stage " + (i - 1));
        }
        drl.append(DrlGenerator.pattern("$event", stage.filter(), rule));
        drl.append(DrlGenerator.keyLine(sequence.by(), stage.by()));
        if (i > 1) {
            String head = INDENT + "$partial : PartialSequence( ";
            drl.append(head).append("rule == ").append(id).append(", stage == ").append(i - 1)
                    .append(", key == $key,\n").append(" ".repeat(head.length())).append("endsBefore( $event )")
                    .append(sequence.maxspan() == null ? "" : ", $start : startTimestamp").append(" )\n");
            drl.append(maxspanConstraint());
        }
        drl.append("then\n");
        String completed = i == 1 ? "PartialSequence.start( " + id + ", $key, $event )" + expiring() : "$partial.then( $event )";
        if (i > 1) {
            drl.append(INDENT).append("delete( $partial );\n");
        }
        if (i < n) {
            drl.append(INDENT).append("insert( ").append(completed).append(" );\n");
        } else if (confirmLater) {
            drl.append(INDENT).append("insert( new CompletedSequence( ").append(completed).append(", ")
                    .append(hasLeading()).append(", ").append(hasTrailing()).append(" ) );\n");
        } else {
            drl.append(INDENT).append("alerts.raise( kcontext, ").append(completed).append(" );\n");
        }
        drl.append("end\n");
    }

    /**
     * The first line of a rule that joins an event to a pending partial: while no partial of this
     * rule waits (at that stage), Drools leaves the rule unlinked and the events it would look at
     * are not even keyed. It only repeats the partial's own pattern, so it never changes a match.
     */
    private void waiting(String stage, String where) {
        drl.append(INDENT).append("// the rule sleeps while no sequence of this rule waits").append(where)
                .append(": no event is then keyed or joined\n");
        drl.append(INDENT).append("exists PartialSequence( rule == ").append(id).append(stage).append(" )\n");
    }

    private void missingBetweenRule(int i) {
        Query.Stage missing = missingAfter.get(i);
        drl.append("\n// missing event: an event of the same key between stage ").append(i).append(" and stage ").append(i + 1)
                .append(" ends the pending sequence\n// (after the stage rules: an event that moves the sequence on is not between)\n");
        drl.append("rule ").append(DrlText.ruleName(rule.name() + ": a " + DrlGenerator.category(missing)
                + " event after stage " + i + " ends the sequence (missing event)")).append('\n');
        drl.append("when\n");
        waiting(", stage == " + i, " at stage " + i);
        drl.append(DrlGenerator.pattern("$event", missing.filter(), rule));
        drl.append(DrlGenerator.keyLine(sequence.by(), missing.by()));
        drl.append(INDENT).append("$partial : PartialSequence( rule == ").append(id).append(", stage == ").append(i)
                .append(", key == $key, endsBefore( $event ) )\n");
        drl.append("then\n").append(INDENT).append("delete( $partial );\nend\n");
    }

    private void completionRules() {
        String span = DrlText.duration(sequence.maxspan());
        if (hasLeading()) {
            Query.Stage leading = missingAfter.get(0);
            drl.append("\n// missing event before the first stage: remembered for the maxspan\n");
            drl.append("rule ").append(DrlText.ruleName(rule.name() + ": remember " + DrlGenerator.category(leading)
                    + " events that would come before a sequence (missing event)")).append('\n');
            drl.append("when\n");
            drl.append(DrlGenerator.pattern("$event", leading.filter(), rule));
            drl.append(DrlGenerator.keyLine(sequence.by(), leading.by()));
            drl.append("then\n").append(INDENT).append("insert( new RecentEvent( ").append(id).append(", $key, $event ) );\nend\n");

            drl.append('\n');
            DrlGenerator.expiryRule(drl, rule.name() + ": remembered events are forgotten after the " + span + " maxspan",
                    "RecentEvent", "$seen", id, DrlText.duration(sequence.maxspan().plusSeconds(1)));

            drl.append("\nrule ").append(DrlText.ruleName(rule.name() + ": a remembered event came before the completed sequence"))
                    .append('\n');
            drl.append(INDENT).append("salience 100\n");
            drl.append("when\n").append(INDENT).append("$done : CompletedSequence( rule == ").append(id).append(" )\n");
            drl.append(INDENT).append("$seen : RecentEvent( rule == ").append(id).append(", key == $done.key, precedes( $done ) )\n");
            drl.append("then\n").append(INDENT).append("$done.leadingSeen( $seen.getEvent() );\nend\n");
        }
        if (hasTrailing()) {
            Query.Stage trailing = missingAfter.get(stages.size());
            drl.append("\n// missing event after the last stage: seen while the completed sequence waits out its maxspan\n");
            drl.append("// (the first line keeps the rule asleep while no sequence waits: the events it would look at are\n");
            drl.append("// then not even keyed)\n");
            drl.append("rule ").append(DrlText.ruleName(rule.name() + ": a " + DrlGenerator.category(trailing)
                    + " event after the completed sequence (missing event)")).append('\n');
            drl.append("when\n");
            drl.append(INDENT).append("exists CompletedSequence( rule == ").append(id).append(" )\n");
            drl.append(DrlGenerator.pattern("$event", trailing.filter(), rule));
            drl.append(DrlGenerator.keyLine(sequence.by(), trailing.by()));
            drl.append(INDENT).append("$done : CompletedSequence( rule == ").append(id).append(", key == $key )\n");
            drl.append("then\n").append(INDENT).append("$done.trailingSeen( $event );\nend\n");
        }
        drl.append("\nrule ").append(DrlText.ruleName(rule.name() + ": a completed sequence its missing events did not cancel"))
                .append('\n');
        DrlGenerator.metadata(drl, rule);
        if (hasTrailing()) {
            drl.append(INDENT).append("timer ( int: ").append(DrlText.duration(sequence.maxspan().plusSeconds(1))).append(" )\n");
        } else {
            drl.append(INDENT).append("salience -1\n");
        }
        drl.append("when\n").append(INDENT).append("$done : CompletedSequence( rule == ").append(id).append(" )\n");
        drl.append("then\n").append(INDENT).append("delete( $done );\n");
        drl.append(INDENT).append("if ( !$done.cancelled( ").append(sequence.maxspan().toMillis()).append("L ) ) {\n");
        drl.append(INDENT).append(INDENT).append("alerts.raise( kcontext, $done.getSequence() );\n");
        drl.append(INDENT).append("}\nend\n");
    }

    /** Partials of a rule with maxspan carry when they expire (see {@link #expiryRule()}). */
    private String expiring() {
        return sequence.maxspan() == null ? "" : ".expiringAfter( " + DrlText.millis(keep().toMillis()) + " )";
    }

    /** How long a partial is kept: a second past the maxspan, so an event exactly maxspan after the first finds it. */
    private Duration keep() {
        return sequence.maxspan().plusSeconds(1);
    }

    /**
     * This event at most maxspan after the sequence's first, inclusive:
     * {@code EcsEvent( this after[0s, 1m] $start ) from $event}, the event itself against the
     * partial's start bound as {@code $start}, which Drools evaluates with state kept per session
     * (only for a partial the key already matched). The shorter
     * {@code $event.timestamp after[0s, 1m] startTimestamp} goes through an MVEL operator wrapper
     * that holds the handles of its last evaluation in the KieBase: host shards sharing a KieBase
     * on several threads read each other's times (measured: 1 or 2 of ~730 alerts lost per run).
     */
    private String maxspanConstraint() {
        return sequence.maxspan() == null ? ""
                : INDENT + "EcsEvent( this after[0s, " + DrlText.duration(sequence.maxspan()) + "] $start ) from $event\n";
    }

    private void untilRule() {
        Query.Stage until = sequence.until();
        drl.append("\n// until: an event of the same key ends the sequences pending up to it; it fires after the\n")
                .append("// stage rules, so the event that completes a sequence does not end it, while one it moved on ends\n");
        drl.append("rule ").append(DrlText.ruleName(rule.name() + ": until (" + DrlGenerator.category(until)
                + ") ends pending sequences")).append('\n');
        drl.append("when\n");
        waiting("", "");
        drl.append(DrlGenerator.pattern("$event", until.filter(), rule));
        drl.append(DrlGenerator.keyLine(sequence.by(), until.by()));
        drl.append(INDENT).append("$partial : PartialSequence( rule == ").append(id)
                .append(", key == $key, endsNoLaterThan( $event ) )\n");
        drl.append("then\n").append(INDENT).append("delete( $partial );\nend\n");
    }

    private void expiryRule() {
        Duration maxspan = sequence.maxspan();
        if (maxspan == null && rule.lookback() != null) {
            String window = DrlText.duration(rule.lookback());
            drl.append("\n// No maxspan: Elasticsearch runs this rule over its last ").append(window)
                    .append(" (from = now-").append(window).append("),\n// so no sequence it finds spans more: pending sequences expire after that.\n");
            DrlGenerator.expiryRule(drl, rule.name() + ": pending sequences expire after the " + window + " look-back",
                    "PartialSequence", "$partial", id, window);
            return;
        }
        if (maxspan == null) {
            drl.append("\n// No maxspan: a pending sequence stays until a newer one of its key and stage replaces it.\n");
            return;
        }
        String span = DrlText.duration(maxspan);
        Duration keep = keep();
        drl.append("\n// The maxspan itself is enforced by \"after[0s, ").append(span)
                .append("]\" above; this only frees memory, once a partial is ").append(DrlText.duration(keep))
                .append(" old\n// (a second more, so that an event exactly ").append(span)
                .append(" after the first still finds it): partials carry it from their start, expiringAfter( ")
                .append(DrlText.millis(keep.toMillis())).append(" ).\n// The engine moves EventTime on about once a second of event time;")
                .append(" a late partial ages from when it went in.\n");
        drl.append("rule ").append(DrlText.ruleName(rule.name() + ": pending sequences expire after the " + span + " maxspan"))
                .append('\n');
        drl.append("when\n").append(INDENT).append("EventTime( $now : millis )\n");
        drl.append(INDENT).append("$partial : PartialSequence( rule == ").append(id).append(", expiresAt < $now )\n");
        drl.append("then\n").append(INDENT).append("delete( $partial );\nend\n");
    }

}
