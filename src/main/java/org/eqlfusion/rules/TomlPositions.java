package org.eqlfusion.rules;

/**
 * Where a string value starts in a TOML file, so that an error in the EQL it holds is reported at
 * the file's own line and column. Jackson's TOML reader gives values, not their places.
 */
final class TomlPositions {

    private TomlPositions() {
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
}
