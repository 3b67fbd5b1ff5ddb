package org.eqlfusion.event;

/**
 * A value taken from an event, as an error message or a log line shows it: a string in double
 * quotes, with quotes, backslashes and control characters escaped as JSON escapes them, and cut
 * after {@value #MAX_CHARS} characters (saying how long it was). Event content so cannot start a
 * forged line in the server's log (a value holding a newline and {@code level=ERROR ...}) or fill
 * it (a 5 MB value in a rejection reason).
 */
public final class Quoted {

    static final int MAX_CHARS = 100;

    private Quoted() {
    }

    /** A string quoted and escaped; anything else (a number, a list) by its text, escaped. */
    public static String of(Object value) {
        return value instanceof String s ? "\"" + escaped(s) + "\"" : escaped(String.valueOf(value));
    }

    private static String escaped(String text) {
        int length = text.length();
        String shown = length > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        StringBuilder out = new StringBuilder(shown.length() + 16);
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return length > MAX_CHARS ? out.append("... (").append(length).append(" characters)").toString() : out.toString();
    }
}
