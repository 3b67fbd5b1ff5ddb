package org.eqlfusion.rules;

import java.util.List;

/**
 * Rules a team does not run, kept beside its exceptions so that an update of Elastic's catalogue,
 * which brings every rule file back, does not turn them on again. Named by rule_id, with why.
 *
 * @param ruleIds the rules not to run
 * @param reason  why, for the next reader
 * @param source  the exceptions file it came from
 * @param line    the line of its {@code [[disabled]]} header there
 */
public record DisabledRules(List<String> ruleIds, String reason, String source, int line) {

    public DisabledRules {
        ruleIds = List.copyOf(ruleIds);
    }
}
