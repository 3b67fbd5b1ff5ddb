package org.eqlfusion.drl;

import java.time.Duration;

/** Text as DRL needs it: string literals that no rule text can break out of, comments, durations. */
public final class DrlText {

    private DrlText() {
    }

    /**
     * A double-quoted DRL/Java string literal that stays one line whatever it holds: quotes and
     * backslashes escaped, line breaks and tabs as {@code \\n \\r \\t}, other control characters
     * as octal escapes. Never {@code \\uXXXX}: the executable model copies literals into Java
     * source, where a unicode escape is read before anything else (so {@code \\u0022} would end the
     * string). Non-ASCII characters stay as they are; DRL files are UTF-8.
     */
    public static String literal(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append('\\').append(Integer.toOctalString(c & 0xff));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * A DRL rule name, quoted. Drools' executable model copies rule names into Java source without
     * escaping them, so a quote, a backslash or a line break in a name would break (or inject
     * into) the generated Java: those become ' / and a space. The exact name stays in {@code @name}.
     */
    public static String ruleName(String name) {
        return literal(javaSafe(name));
    }

    /**
     * An entry point name, quoted and made safe the way {@link #ruleName} is: the executable model
     * copies those into Java source unescaped too. Only a label: routing reads the patterns, not it.
     */
    public static String entryPoint(String name) {
        return literal(javaSafe(name));
    }

    private static String javaSafe(String name) {
        StringBuilder safe = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            safe.append(c == '"' ? '\'' : c == '\\' ? '/' : c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return safe.toString();
    }

    /** A constant as a DRL expression: string literal, number, boolean or null. */
    public static String constant(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return literal(s);
        }
        if (value instanceof Long l) {
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? l.toString() : l + "L";
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? d.toString() : "Double.NaN";
        }
        return value.toString();
    }

    /** Lines of text as {@code //} comments; a line break inside can only start another comment line. */
    public static String comment(String text, String indent) {
        StringBuilder out = new StringBuilder();
        for (String line : text.strip().split("\\R")) {
            out.append(indent).append("//").append(line.isBlank() ? "" : " " + line.stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A count of milliseconds as a Java literal: {@code 61000}, with an {@code L} only past int range (a maxspan of years). */
    public static String millis(long ms) {
        return ms > Integer.MAX_VALUE || ms < Integer.MIN_VALUE ? ms + "L" : Long.toString(ms);
    }

    /** A duration in Drools' notation: 1m, 5s, 500ms, 1m1s, 2h. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
