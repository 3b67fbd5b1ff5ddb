package org.eqlfusion.rules;

import java.util.List;

/**
 * Alert suppression a team sets on rules it does not write, Elastic's among them (Kibana offers
 * none for prebuilt rules), kept in its exceptions files so that a catalogue update keeps it:
 * <pre>
 * [[suppression]]
 * rule_ids = ["..."]
 * group_by = ["host.name"]
 * duration = { value = 1, unit = "h" }       # optional: 5 minutes otherwise
 * </pre>
 * It takes the place of a rule's own {@code [rule.alert_suppression]}.
 *
 * @param source the exceptions file it came from
 * @param line   the line of its {@code [[suppression]]} header there
 */
public record RuleSuppression(List<String> ruleIds, AlertSuppression suppression, String source, int line) {

    public RuleSuppression {
        ruleIds = List.copyOf(ruleIds);
    }
}
