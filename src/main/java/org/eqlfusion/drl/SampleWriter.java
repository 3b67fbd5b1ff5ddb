package org.eqlfusion.drl;

import static org.eqlfusion.drl.DrlGenerator.INDENT;

import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.rules.RuleDefinition;

/**
 * Lowers an EQL {@code sample} onto {@code Sample} facts: per filter, one rule that starts the
 * key's sample with the event and one that puts the event in the key's open sample, raising the
 * alert once every filter has its event.
 */
final class SampleWriter {

    private final StringBuilder drl;
    private final RuleDefinition rule;
    private final Query.Sample sample;
    private final String id;

    SampleWriter(StringBuilder drl, RuleDefinition rule, Query.Sample sample) {
        this.drl = drl;
        this.rule = rule;
        this.sample = sample;
        this.id = DrlText.literal(rule.ruleId());
    }

    void write() {
        int n = sample.stages().size();
        for (int i = 1; i <= n; i++) {
            Query.Stage filter = sample.stages().get(i - 1);
            String what = "filter " + i + " of " + n + " (" + DrlGenerator.category(filter) + ")";

            drl.append("\nrule ").append(DrlText.ruleName(rule.name() + ": " + what + " starts the key's sample")).append('\n');
            if (n == 1) {
                DrlGenerator.metadata(drl, rule);
            }
            drl.append("when\n");
            drl.append(DrlGenerator.pattern("$event", filter.filter(), rule));
            drl.append(DrlGenerator.keyLine(sample.by(), filter.by()));
            drl.append(INDENT).append("not Sample( rule == ").append(id).append(", key == $key )\n");
            drl.append("then\n");
            drl.append(INDENT).append("Sample started = Sample.start( ").append(id).append(", $key, ").append(n).append(", ")
                    .append(i).append(", $event );\n");
            finish("started");
            drl.append("end\n");

            drl.append("\nrule ").append(DrlText.ruleName(rule.name() + ": " + what + " fills the key's sample")).append('\n');
            DrlGenerator.metadata(drl, rule);
            drl.append("when\n");
            drl.append(DrlGenerator.pattern("$event", filter.filter(), rule));
            drl.append(DrlGenerator.keyLine(sample.by(), filter.by()));
            drl.append(INDENT).append("$sample : Sample( rule == ").append(id).append(", key == $key, closed == false, isEmpty( ")
                    .append(i).append(" ), !holds( $event ) )\n");
            drl.append("then\n");
            drl.append(INDENT).append("delete( $sample );\n");
            drl.append(INDENT).append("Sample filled = $sample.with( ").append(i).append(", $event );\n");
            finish("filled");
            drl.append("end\n");
        }
        if (rule.lookback() != null) {
            String window = DrlText.duration(rule.lookback());
            drl.append("\n// Elasticsearch samples over the rule's look-back window (from = now-").append(window).append(")\n");
            DrlGenerator.expiryRule(drl, rule.name() + ": samples expire after the " + window + " look-back", "Sample", "$sample", id, window);
        }
    }

    /** Raises the alert when the sample is complete (and keeps it, closed), else keeps it open. */
    private void finish(String variable) {
        drl.append(INDENT).append("if ( ").append(variable).append(".isComplete() ) {\n");
        drl.append(INDENT).append(INDENT).append("alerts.raise( kcontext, ").append(variable).append(" );\n");
        drl.append(INDENT).append(INDENT).append("insert( ").append(variable).append(".finished() );\n");
        drl.append(INDENT).append("} else {\n");
        drl.append(INDENT).append(INDENT).append("insert( ").append(variable).append(" );\n");
        drl.append(INDENT).append("}\n");
    }

}
