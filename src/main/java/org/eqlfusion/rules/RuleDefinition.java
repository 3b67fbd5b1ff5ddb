package org.eqlfusion.rules;

import java.util.List;

/**
 * An EQL detection rule: its query and what alerts say about it.
 *
 * @param threat        MITRE ATT&amp;CK paths, "TA0008 Lateral Movement &gt; T1021 Remote Services &gt; T1021.003 ...", one per entry
 * @param source        where it came from (a rule file path), for comments and errors
 * @param queryLine     the line of the file at which the query text starts (1 when not from a file)
 * @param queryColumn   the column of the file at which the query's first line starts
 * @param packageSuffix the DRL package under {@code eqlfusion.rules} ("windows" for rules/windows/...)
 * @param lookback      how far back Elasticsearch looks each time it runs the rule ({@code from = "now-9m"}),
 *                      or null: a sequence without maxspan never spans more, so its partials may expire after it
 * @param settings      the query's event category, timestamp and tiebreaker fields ({@link QuerySettings})
 * @param buildingBlockType {@code building_block_type} ("default": alerts that feed other rules and that
 *                      Kibana's alert table hides), or null
 * @param suppression   how its alerts are suppressed ({@code [rule.alert_suppression]}), or null
 * @param exceptions    the exceptions that apply to it ({@link RuleException}), from the exceptions
 *                      files beside it; none as a rule file is loaded
 */
public record RuleDefinition(String ruleId, String name, String description, int riskScore, String severity,
                             List<String> tags, List<String> references, List<String> threat, List<String> index,
                             String query, String source, int queryLine, int queryColumn, String packageSuffix,
                             java.time.Duration lookback, QuerySettings settings,
                             String buildingBlockType, AlertSuppression suppression, List<RuleException> exceptions) {

    public RuleDefinition {
        exceptions = List.copyOf(exceptions);
    }

    /** A rule as its file gives it, before any exception is applied. */
    public RuleDefinition(String ruleId, String name, String description, int riskScore, String severity,
                          List<String> tags, List<String> references, List<String> threat, List<String> index,
                          String query, String source, int queryLine, int queryColumn, String packageSuffix,
                          java.time.Duration lookback, QuerySettings settings, String buildingBlockType,
                          AlertSuppression suppression) {
        this(ruleId, name, description, riskScore, severity, tags, references, threat, index, query, source, queryLine,
                queryColumn, packageSuffix, lookback, settings, buildingBlockType, suppression, List.of());
    }

    /** This rule with the exceptions among {@code all} that apply to it. */
    public RuleDefinition withExceptions(List<RuleException> all) {
        return new RuleDefinition(ruleId, name, description, riskScore, severity, tags, references, threat, index, query,
                source, queryLine, queryColumn, packageSuffix, lookback, settings, buildingBlockType, suppression,
                all.stream().filter(e -> e.appliesTo(ruleId)).toList());
    }

    /** This rule with its alerts suppressed as {@code suppression} says (null: not suppressed). */
    public RuleDefinition withSuppression(AlertSuppression suppression) {
        return new RuleDefinition(ruleId, name, description, riskScore, severity, tags, references, threat, index, query,
                source, queryLine, queryColumn, packageSuffix, lookback, settings, buildingBlockType, suppression, exceptions);
    }

    /** A rule made from a bare query (conformance tests, previews): its name doubles as its id. */
    public static RuleDefinition ofQuery(String name, String query) {
        return new RuleDefinition(name, name, "", 21, "low", List.of(), List.of(), List.of(), List.of(),
                query, name, 1, 1, "adhoc", null, QuerySettings.DEFAULT, null, null);
    }
}
