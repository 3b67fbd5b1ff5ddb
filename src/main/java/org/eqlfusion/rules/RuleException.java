package org.eqlfusion.rules;

import java.util.List;

/**
 * An exception to detection rules, as analysts tune a rule without editing it: events that meet
 * {@code where} (an EQL condition) are not seen by the rules it names, at any stage; Kibana adds a
 * rule's exceptions to its search the same way, as a filter on the events searched.
 *
 * @param name        what the exception is for ("Backup server's scheduled DCOM job")
 * @param where       the EQL condition, as written
 * @param ruleIds     the rules it applies to; empty when it applies to every rule ({@code all_rules = true})
 * @param source      the exceptions file it came from, for comments and errors
 * @param line        the line of its {@code [[exception]]} header in that file
 * @param whereLine   the file's line at which {@code where}'s text starts
 * @param whereColumn the file's column at which it starts
 * @param expires     from when on (event time, {@code @timestamp}) it no longer applies, or null: never
 */
public record RuleException(String name, String where, List<String> ruleIds, String source, int line, int whereLine, int whereColumn,
                            java.time.Instant expires) {

    /** Files of exceptions end so; they sit among the rule files, which are the other {@code .toml} files. */
    public static final String FILE_SUFFIX = ".exceptions.toml";

    public RuleException {
        ruleIds = List.copyOf(ruleIds);
    }

    public boolean appliesTo(String ruleId) {
        return ruleIds.isEmpty() || ruleIds.contains(ruleId);
    }

    /** Whether {@code path} names an exceptions file rather than a rule file. */
    public static boolean isExceptionsFile(java.nio.file.Path path) {
        return path.getFileName() != null && path.getFileName().toString().endsWith(FILE_SUFFIX);
    }
}
