package org.eqlfusion.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes exceptions as an exceptions file an analyst reads and edits: one {@code [[exception]]}
 * table each, keys one per line, the condition as a multi-line literal string, as Elastic's rule
 * files hold their queries. (Jackson's TOML writer would put each exception on one line as an
 * inline table; the values themselves are quoted by it.)
 */
public final class ExceptionsFileWriter {

    private static final TomlMapper TOML = new TomlMapper();

    private ExceptionsFileWriter() {
    }

    public static String write(List<KibanaExceptionImport.Imported> exceptions, String header) {
        return write(exceptions, List.of(), null, header);
    }

    /** The exceptions, then one {@code [[disabled]]} table for {@code disabledRuleIds} (none when empty), one rule_id a line. */
    public static String write(List<KibanaExceptionImport.Imported> exceptions, List<String> disabledRuleIds, String reason,
                               String header) {
        StringBuilder out = new StringBuilder();
        for (String line : header.strip().split("\\R")) {
            out.append("# ").append(line).append('\n');
        }
        for (KibanaExceptionImport.Imported e : exceptions) {
            out.append("\n[[exception]]\n");
            out.append("name = ").append(value(e.name())).append('\n');
            if (e.ruleIds().isEmpty()) {
                out.append("all_rules = true\n");
            } else {
                out.append("rule_ids = [").append(String.join(", ", e.ruleIds().stream().map(ExceptionsFileWriter::value).toList()))
                        .append("]\n");
            }
            out.append("where = ").append(multiLine(e.where())).append('\n');
            if (e.comment() != null && !e.comment().isBlank()) {
                out.append("comment = ").append(value(e.comment())).append('\n');
            }
            if (e.expires() != null) {
                out.append("expires = ").append(e.expires()).append('\n');
            }
        }
        if (!disabledRuleIds.isEmpty()) {
            out.append("\n[[disabled]]\nrule_ids = [\n");
            disabledRuleIds.forEach(id -> out.append("    ").append(value(id)).append(",\n"));
            out.append("]\nreason = ").append(value(reason)).append('\n');
        }
        return out.toString();
    }

    /** A string as TOML writes it, quoted and escaped. */
    private static String value(String text) {
        try {
            String line = TOML.writeValueAsString(Map.of("v", text)).strip();
            return line.substring(line.indexOf('=') + 1).strip();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code '''} on its own line, the text, {@code '''}: when the text can be written so (no ''' and no control character in it). */
    private static String multiLine(String text) {
        boolean literal = !text.contains("'''") && text.chars().noneMatch(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x7f);
        return literal ? "'''\n" + text + "\n'''" : value(text);
    }
}
