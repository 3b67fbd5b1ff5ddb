package org.eqlfusion.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eqlfusion.event.JsonErrors;

/**
 * Rule and exceptions files as TOML: read with an error naming the file (and line and column when
 * the parser says), and where a string value starts in the text, so that an error in the EQL it
 * holds is reported at the file's own line and column (Jackson's TOML reader gives values, not
 * their places).
 */
final class TomlFiles {

    private static final TomlMapper TOML = new TomlMapper();

    /** The file's text and its TOML document. */
    record Read(String text, JsonNode doc) {
    }

    private TomlFiles() {
    }

    static Read read(Path file) throws RuleFileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RuleFileException(file + ": cannot read: " + e.getMessage());
        }
        try {
            return new Read(text, TOML.readTree(text));
        } catch (IOException e) {
            // FILE:LINE:COLUMN like every other error in a rule file, when the parser says where
            throw new RuleFileException(file + JsonErrors.colonLineColumn(e) + ": not valid TOML: " + JsonErrors.reason(e));
        }
    }

    /**
     * The line and column where the text of the {@code occurrence}-th (0-based) {@code key = ...}
     * begins: after the opening quote, or on the next line after an opening {@code '''} or
     * {@code """} that ends its line. {1, 1} when not found.
     */
    static int[] valueStart(String text, String key, int occurrence) {
        String[] lines = text.split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.stripLeading();
            if (!trimmed.startsWith(key) || !trimmed.substring(key.length()).stripLeading().startsWith("=")) {
                continue;
            }
            if (seen++ < occurrence) {
                continue;
            }
            int eq = line.indexOf('=');
            String rest = line.substring(eq + 1);
            int open = eq + 1 + (rest.length() - rest.stripLeading().length());
            for (String delimiter : new String[] {"'''", "\"\"\"", "'", "\""}) {
                if (line.startsWith(delimiter, open)) {
                    int after = open + delimiter.length();
                    boolean multiLine = delimiter.length() == 3;
                    if (multiLine && after >= line.stripTrailing().length()) {
                        return new int[] {i + 2, 1};
                    }
                    return new int[] {i + 1, after + 1};
                }
            }
            return new int[] {i + 1, 1};
        }
        return new int[] {1, 1};
    }

    /**
     * The line of a top-level key: its table header ({@code [key]}, {@code [[key]]}, {@code [key.x]})
     * or its {@code key = ...}; 0 when not found.
     */
    static int keyLine(String text, String key) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip().replace(" ", "");
            if (line.startsWith("[[" + key + "]]") || line.startsWith("[" + key + "]") || line.startsWith("[" + key + ".")
                    || line.startsWith(key + "=") || line.startsWith("\"" + key + "\"=")) {
                return i + 1;
            }
        }
        return 0;
    }
}
