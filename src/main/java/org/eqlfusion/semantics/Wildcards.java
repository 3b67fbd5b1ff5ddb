package org.eqlfusion.semantics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EQL wildcard patterns ({@code *} any run of characters, {@code ?} one character), matched on
 * the whole value, as {@code like}, {@code like~} and {@code :} use them.
 *
 * <p>Rule patterns are constants, so each is compiled once (cut at its stars, lower-cased for the
 * case-insensitive forms) and matched without copying the value.
 */
public final class Wildcards {

    private static final int MAX_CACHED = 50_000;
    private static final Map<String, Pattern> EXACT = new ConcurrentHashMap<>();
    private static final Map<String, Pattern> FOLDED = new ConcurrentHashMap<>();

    private Wildcards() {
    }

    public static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    public static boolean matches(String value, String pattern, boolean ignoreCase) {
        Map<String, Pattern> cache = ignoreCase ? FOLDED : EXACT;
        Pattern compiled = cache.get(pattern);
        if (compiled == null) {
            compiled = new Pattern(pattern, ignoreCase);
            if (cache.size() < MAX_CACHED) {
                cache.put(pattern, compiled);
            }
        }
        return compiled.matches(value);
    }

    /** A pattern cut at each '*': segments that must appear in order, '?' inside them matching any one character. */
    private static final class Pattern {
        private final String[] segments;
        private final boolean ignoreCase;
        private final int minLength;

        Pattern(String pattern, boolean ignoreCase) {
            this.ignoreCase = ignoreCase;
            this.segments = (ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern).split("\\*", -1);
            int length = 0;
            for (String s : segments) {
                length += s.length();
            }
            this.minLength = length;
        }

        boolean matches(String value) {
            if (value.length() < minLength) {
                return false;
            }
            String first = segments[0];
            if (segments.length == 1) {
                return value.length() == first.length() && regionMatches(value, 0, first);
            }
            if (!regionMatches(value, 0, first)) {
                return false;
            }
            String last = segments[segments.length - 1];
            int end = value.length() - last.length();
            if (!regionMatches(value, end, last)) {
                return false;
            }
            int at = first.length();
            for (int i = 1; i < segments.length - 1; i++) {
                String segment = segments[i];
                int found = indexOf(value, segment, at, end);
                if (found < 0) {
                    return false;
                }
                at = found + segment.length();
            }
            return true;
        }

        private int indexOf(String value, String segment, int from, int end) {
            for (int i = from; i + segment.length() <= end; i++) {
                if (regionMatches(value, i, segment)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean regionMatches(String value, int offset, String segment) {
            for (int i = 0; i < segment.length(); i++) {
                char p = segment.charAt(i);
                if (p == '?') {
                    continue;
                }
                char c = value.charAt(offset + i);
                if (c != p && !(ignoreCase && foldedEquals(c, p))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean foldedEquals(char c, char lowerPattern) {
            return Character.toLowerCase(c) == lowerPattern
                    || Character.toLowerCase(Character.toUpperCase(c)) == lowerPattern;
        }
    }
}
