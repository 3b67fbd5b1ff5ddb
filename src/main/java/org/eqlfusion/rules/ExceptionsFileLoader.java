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
 * Every mistake is an error naming the file and the exception's line: a misspelt key would
 * otherwise leave a rule untuned without a word.
 */
public final class ExceptionsFileLoader {

    private static final Set<String> KEYS = Set.of("name", "where", "rule_ids", "all_rules", "comment", "expires");

    private ExceptionsFileLoader() {
    }

    /**
     * @param root the folder the file is named from in comments and errors (as rule files are); null for its own name
     */
    public static List<RuleException> load(Path file, Path root) throws RuleFileException {
        TomlFiles.Read read = TomlFiles.read(file);
        String text = read.text();
        JsonNode doc = read.doc();
        for (Iterator<String> keys = doc.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("exception")) {
                int line = TomlFiles.keyLine(text, key);
                throw new RuleFileException(file + (line > 0 ? ":" + line : "") + ": " + key
                        + " is not part of an exceptions file, which holds [[exception]] tables");
            }
        }
        JsonNode tables = doc.path("exception");
        if (!tables.isArray() || tables.isEmpty()) {
            throw new RuleFileException(file + ": no [[exception]] table" + (tables.isObject() ? " ([exception] is one table: write [[exception]])" : ""));
        }
        String source = RuleFileLoader.sourceName(file, root);
        List<RuleException> out = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            int line = tableLine(text, i);
            String at = file + ":" + line;
            JsonNode table = tables.get(i);
            for (Iterator<String> keys = table.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!KEYS.contains(key)) {
                    throw new RuleFileException(at + ": [[exception]] has no key " + key + " (it takes name, rule_ids or all_rules, where, comment, expires)");
                }
            }
            String name = text(table, "name", at);
            String where = text(table, "where", at);
            int[] position = TomlFiles.valueStart(text, "where", i);
            out.add(new RuleException(name, where, ruleIds(table, at), source, line, position[0], position[1],
                    expires(table, at)));
        }
        return out;
    }

    private static String text(JsonNode table, String key, String at) throws RuleFileException {
        JsonNode value = table.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new RuleFileException(at + ": [[exception]] needs " + key + " as a non-empty string"
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

    /** The line of the {@code index}-th (0-based) {@code [[exception]]} header. */
    private static int tableLine(String text, int index) {
        String[] lines = text.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().replace(" ", "").startsWith("[[exception]]") && seen++ == index) {
                return i + 1;
            }
        }
        return 1;
    }
}
