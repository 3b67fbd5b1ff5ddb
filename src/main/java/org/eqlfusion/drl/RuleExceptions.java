package org.eqlfusion.drl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eqlfusion.rules.DisabledRules;
import org.eqlfusion.rules.ExceptionsFileLoader;
import org.eqlfusion.rules.RuleException;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleFileException;
import org.eqlfusion.rules.RuleSuppression;

/**
 * The exceptions, disabled rules and alert suppression of a rule folder: every
 * {@code *.exceptions.toml} under it (or kept apart from it), read and checked once, each error said
 * once (not once per rule it names). Rules are compiled as {@link #tune} leaves them; disabled ones
 * are not compiled.
 *
 * @param exceptions   those that read and check cleanly
 * @param disabled     the rules the files turn off ({@code [[disabled]]})
 * @param suppressions the suppression the files set on rules ({@code [[suppression]]})
 * @param errors       {@code FILE:LINE[:COLUMN]: message}, one per problem
 */
public record RuleExceptions(List<RuleException> exceptions, List<DisabledRules> disabled,
                             List<RuleSuppression> suppressions, List<String> errors) {

    /** The exceptions files under {@code input} (a folder), in name order; {@code input} itself when it is one. */
    public static List<Path> filesUnder(Path input) {
        if (!Files.isDirectory(input)) {
            return RuleException.isExceptionsFile(input) ? List.of(input) : List.of();
        }
        try (Stream<Path> walk = Files.walk(input)) {
            return walk.filter(p -> Files.isRegularFile(p) && RuleException.isExceptionsFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The exceptions files of a rule folder: those under it, then those under {@code tuning}, the
     * folder of them kept apart (null: none).
     */
    public static List<Path> filesUnder(Path folder, Path tuning) {
        List<Path> files = new ArrayList<>(filesUnder(folder));
        if (tuning != null) {
            files.addAll(filesUnder(tuning));
        }
        return files;
    }

    /**
     * Reads and checks {@code files}; {@code root} names them in DRL comments as the rules beside
     * them are named. Each rule_id an exception names must be one of {@code tomlRuleIds}: a misspelt
     * id would leave the rule untuned without a word ({@code null}: the rules are not known, an
     * exceptions file checked on its own). {@code drlRuleIds} are those of DRL files, which
     * exceptions do not reach (their conditions are the analyst's own to edit).
     */
    public static RuleExceptions read(List<Path> files, Path root, Set<String> tomlRuleIds, Set<String> drlRuleIds) {
        List<RuleException> good = new ArrayList<>();
        List<DisabledRules> disabled = new ArrayList<>();
        List<RuleSuppression> suppressions = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            ExceptionsFileLoader.ExceptionsFile read;
            try {
                read = ExceptionsFileLoader.load(file, root);
            } catch (RuleFileException e) {
                errors.add(e.getMessage());
                continue;
            }
            for (DisabledRules off : read.disabled()) {
                List<String> problems = unknown(off.ruleIds(), tomlRuleIds, drlRuleIds, file + ":" + off.line() + ": [[disabled]]");
                if (problems.isEmpty()) {
                    disabled.add(off);
                }
                errors.addAll(problems);
            }
            for (RuleSuppression suppression : read.suppressions()) {
                String what = file + ":" + suppression.line() + ": [[suppression]]";
                List<String> problems = unknown(suppression.ruleIds(), tomlRuleIds, drlRuleIds, what);
                for (String id : suppression.ruleIds()) {
                    suppressions.stream().filter(other -> other.ruleIds().contains(id)).findFirst().ifPresent(other ->
                            problems.add(what + ": rule_id " + id + " is suppressed already by " + other.source() + ":"
                                    + other.line() + "; a rule has one suppression"));
                }
                if (problems.isEmpty()) {
                    suppressions.add(suppression);
                }
                errors.addAll(problems);
            }
            for (RuleException exception : read.exceptions()) {
                List<String> problems = new ArrayList<>();
                try {
                    ExceptionWriter.constraint(exception);
                } catch (RuleCompileException e) {
                    // named relative to the folder by the writer; errors name the file as the user gave it
                    e.errors().forEach(err -> problems.add(file + ":" + err));
                }
                problems.addAll(unknown(exception.ruleIds(), tomlRuleIds, drlRuleIds,
                        file + ":" + exception.line() + ": exception \"" + exception.name() + "\""));
                if (problems.isEmpty()) {
                    good.add(exception);
                }
                errors.addAll(problems);
            }
        }
        return new RuleExceptions(List.copyOf(good), List.copyOf(disabled), List.copyOf(suppressions), List.copyOf(errors));
    }

    /** Several folders' exceptions as one, in the order given. */
    public static RuleExceptions merge(List<RuleExceptions> parts) {
        List<RuleException> exceptions = new ArrayList<>();
        List<DisabledRules> disabled = new ArrayList<>();
        List<RuleSuppression> suppressions = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (RuleExceptions part : parts) {
            exceptions.addAll(part.exceptions());
            disabled.addAll(part.disabled());
            suppressions.addAll(part.suppressions());
            errors.addAll(part.errors());
        }
        return new RuleExceptions(List.copyOf(exceptions), List.copyOf(disabled), List.copyOf(suppressions),
                List.copyOf(errors));
    }

    /**
     * {@code rule} as the files tune it: with the exceptions that name it, and the suppression a
     * {@code [[suppression]]} sets on it in place of its own.
     */
    public RuleDefinition tune(RuleDefinition rule) {
        RuleDefinition tuned = rule.withExceptions(exceptions);
        for (RuleSuppression s : suppressions) {
            if (s.ruleIds().contains(rule.ruleId())) {
                return tuned.withSuppression(s.suppression());
            }
        }
        return tuned;
    }

    /** An error for each of {@code ruleIds} no TOML rule has (none when the rules are not known). */
    private static List<String> unknown(List<String> ruleIds, Set<String> tomlRuleIds, Set<String> drlRuleIds, String what) {
        List<String> out = new ArrayList<>();
        for (String id : ruleIds) {
            if (tomlRuleIds != null && !tomlRuleIds.contains(id)) {
                out.add(what + ": " + (drlRuleIds.contains(id) ? "rule_id " + id + " is a DRL rule's; exceptions and [[disabled]] apply to"
                        + " detection-rules TOML files (a DRL rule is tuned, or removed, in its own file)"
                        : "no rule file here has rule_id " + id));
            }
        }
        return out;
    }

    /** The {@code [[disabled]]} that turns {@code ruleId} off, or null when it runs. */
    public DisabledRules disabling(String ruleId) {
        return disabled.stream().filter(d -> d.ruleIds().contains(ruleId)).findFirst().orElse(null);
    }

    /**
     * A warning for each exception that has expired by {@code now}: it excepts no event stamped from
     * then on, and is only left to be removed. {@code root} is the folder the files were read from
     * (their names in the warnings are the user's, as in errors).
     */
    public List<String> expiredBy(java.time.Instant now, Path root) {
        return exceptions.stream().filter(e -> e.expires() != null && !e.expires().isAfter(now))
                .map(e -> root.resolve(e.source()) + ":" + e.line() + ": exception \"" + e.name() + "\" expired at " + e.expires()
                        + ": events from then on are seen again; remove it")
                .toList();
    }
}
