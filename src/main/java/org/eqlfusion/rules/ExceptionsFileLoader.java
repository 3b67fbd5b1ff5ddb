package org.eqlfusion.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads an exceptions file ({@code *.exceptions.toml}): one {@code [[exception]]} table per
 * exception, with
 * <pre>
 * [[exception]]
 * name = "Backup server's scheduled DCOM job"
 * rule_ids = ["51ce96fb-9e52-4dad-b0ba-99b54440fc9a"]     # or: all_rules = true
 * where = '''host.name == "backup-01" and process.parent.name : "mmc.exe"'''
 * comment = "SEC-1234, reviewed 2026-11-30"                # optional, for the reader
 * expires = 2027-03-01                                     # optional: events from then on are not excepted
 * </pre>
 * and, for rules the team does not run at all (an update of the catalogue brings their files back),
 * <pre>
 * [[disabled]]
 * rule_ids = ["..."]
 * reason = "noisy on our build servers, SEC-99"
 * </pre>
 * and alert suppression for rules the team does not write ({@link RuleSuppression}, {@code [[suppression]]}).
 * Every mistake is an error naming the file and the table's line: a misspelt key would otherwise
 * leave a rule untuned without a word.
 */
public final class ExceptionsFileLoader {

    private static final Set<String> KEYS = Set.of("name", "where", "rule_ids", "all_rules", "comment", "expires");
    private static final Set<String> DISABLED_KEYS = Set.of("rule_ids", "reason");

    private ExceptionsFileLoader() {
    }

    /** What an exceptions file holds: its exceptions, the rules it disables, the suppression it sets. */
    public record ExceptionsFile(List<RuleException> exceptions, List<DisabledRules> disabled,
                                 List<RuleSuppression> suppressions) {
    }

    /**
     * @param root the folder the file is named from in comments and errors (as rule files are); null for its own name
     */
    public static ExceptionsFile load(Path file, Path root) throws RuleFileException {
        TomlFiles.Read read = TomlFiles.read(file);
        String text = read.text();
        JsonNode doc = read.doc();
        for (Iterator<String> keys = doc.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("exception") && !key.equals("disabled") && !key.equals("suppression")) {
                int line = TomlFiles.keyLine(text, key);
                throw new RuleFileException(file + (line > 0 ? ":" + line : "") + ": " + key
                        + " is not part of an exceptions file, which holds [[exception]], [[disabled]] and [[suppression]] tables");
            }
        }
        JsonNode tables = doc.path("exception");
        JsonNode disabledTables = doc.path("disabled");
        JsonNode suppressionTables = doc.path("suppression");
        if (!(tables.isArray() && !tables.isEmpty()) && !(disabledTables.isArray() && !disabledTables.isEmpty())
                && !(suppressionTables.isArray() && !suppressionTables.isEmpty())) {
            String single = tables.isObject() ? "exception" : disabledTables.isObject() ? "disabled"
                    : suppressionTables.isObject() ? "suppression" : null;
            throw new RuleFileException(file + ": no [[exception]], [[disabled]] or [[suppression]] table"
                    + (single == null ? "" : " ([" + single + "] is one table: write [[" + single + "]])"));
        }
        String source = RuleFileLoader.sourceName(file, root);
        return new ExceptionsFile(exceptions(tables, text, file, source), disabled(disabledTables, text, file, source),
                suppressions(suppressionTables, text, file, source));
    }

    /** Reads one table of an exceptions file: {@code at} is "FILE:LINE" of its header, {@code index} its place among its kind. */
    @FunctionalInterface
    private interface TableReader<T> {
        T read(JsonNode table, String at, int line, int index) throws RuleFileException;
    }

    /** Each {@code [[kind]]} table of {@code tables}, read by {@code reader} with the line of its header. */
    private static <T> List<T> each(JsonNode tables, String kind, String text, Path file, TableReader<T> reader)
            throws RuleFileException {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            int line = tableLine(text, kind, i);
            out.add(reader.read(tables.get(i), file + ":" + line, line, i));
        }
        return out;
    }

    private static List<RuleSuppression> suppressions(JsonNode tables, String text, Path file, String source)
            throws RuleFileException {
        return each(tables, "suppression", text, file, (table, at, line, i) -> {
            if (table.get("rule_ids") == null) {
                throw new RuleFileException(at + ": [[suppression]] needs the rules it applies to: rule_ids = [\"...\"]");
            }
            AlertSuppression suppression = AlertSuppression.read(at + ": [[suppression]] ", table, List.of("rule_ids"));
            return new RuleSuppression(ruleIds(table, at), suppression, source, line);
        });
    }

    private static List<RuleException> exceptions(JsonNode tables, String text, Path file, String source) throws RuleFileException {
        return each(tables, "exception", text, file, (table, at, line, i) -> {
            onlyKeys(table, KEYS, "[[exception]] has no key %s (it takes name, rule_ids or all_rules, where, comment, expires)", at);
            String name = text(table, "exception", "name", at);
            String where = text(table, "exception", "where", at);
            int[] position = TomlFiles.valueStart(text, "where", i);
            return new RuleException(name, where, ruleIds(table, at), source, line, position[0], position[1], expires(table, at));
        });
    }

    private static List<DisabledRules> disabled(JsonNode tables, String text, Path file, String source) throws RuleFileException {
        return each(tables, "disabled", text, file, (table, at, line, i) -> {
            onlyKeys(table, DISABLED_KEYS, "[[disabled]] has no key %s (it takes rule_ids, reason)", at);
            if (table.get("rule_ids") == null) {
                throw new RuleFileException(at + ": [[disabled]] needs the rules it turns off: rule_ids = [\"...\"]");
            }
            return new DisabledRules(ruleIds(table, at), text(table, "disabled", "reason", at).strip(), source, line);
        });
    }

    private static void onlyKeys(JsonNode table, Set<String> keys, String message, String at) throws RuleFileException {
        for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!keys.contains(key)) {
                throw new RuleFileException(at + ": " + message.formatted(key));
            }
        }
    }

    private static String text(JsonNode table, String kind, String key, String at) throws RuleFileException {
        JsonNode value = table.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new RuleFileException(at + ": [[" + kind + "]] needs " + key + " as a non-empty string"
                    + (value == null ? "" : ", not " + value));
        }
        return value.asText();
    }

    /** The rule_ids named, or none for {@code all_rules = true}; one of the two, never both. */
    private static List<String> ruleIds(JsonNode table, String at) throws RuleFileException {
        JsonNode ids = table.get("rule_ids");
        JsonNode all = table.get("all_rules");
        if (all != null && (!all.isBoolean() || !all.asBoolean())) {
            throw new RuleFileException(at + ": all_rules can only be true (name the rules with rule_ids otherwise), not " + all);
        }
        if ((ids == null) == (all == null)) {
            throw new RuleFileException(at + ": [[exception]] needs " + (ids == null
                    ? "the rules it applies to: rule_ids = [\"...\"], or all_rules = true" : "rule_ids or all_rules, not both"));
        }
        if (all != null) {
            return List.of();
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw new RuleFileException(at + ": rule_ids must be a list of rule_ids, not " + ids);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || id.asText().isBlank()) {
                throw new RuleFileException(at + ": rule_ids must be a list of rule_ids; it holds " + id);
            }
            out.add(id.asText().strip());
        }
        return out;
    }

    /**
     * {@code expires}: a date (from its start, UTC) or a time with its zone; a time without a zone
     * is refused rather than guessed.
     */
    private static Instant expires(JsonNode table, String at) throws RuleFileException {
        JsonNode value = table.get("expires");
        if (value == null) {
            return null;
        }
        String text = value.asText();
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new RuleFileException(at + ": expires must be a date (2027-03-01) or a time with its zone"
                        + " (2027-03-01T08:00:00Z, 2027-03-01T09:00:00+01:00), not " + value);
            }
        }
    }

    /** The line of the {@code index}-th (0-based) {@code [[table]]} header. */
    private static int tableLine(String text, String table, int index) {
        String[] lines = text.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().replace(" ", "").startsWith("[[" + table + "]]") && seen++ == index) {
                return i + 1;
            }
        }
        return 1;
    }
}
