package org.eqlfusion.semantics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EQL wildcard patterns ({@code *} any run of characters, {@code ?} one character), matched on
 * the whole value, as {@code like}, {@code like~} and {@code :} use them.
 *
 * <p>Rule patterns are constants, so each is compiled once: cut at its stars, and for the
 * case-insensitive forms {@link #fold folded}. A case-insensitive match then compares a folded
 * value (which {@link org.eqlfusion.event.EcsEvent} folds once per event and field, however many
 * patterns test it) character for character, with the JDK's own {@code startsWith} /
 * {@code indexOf} wherever a segment has no {@code ?}.
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
        return ignoreCase ? matchesFolded(fold(value), pattern) : compiled(pattern, false).matches(value);
    }

    /** A case-insensitive match of a value already {@link #fold folded}. */
    public static boolean matchesFolded(String foldedValue, String pattern) {
        return compiled(pattern, true).matches(foldedValue);
    }

    /**
     * Text folded one character at a time the way {@link String#equalsIgnoreCase} compares
     * (upper case, then lower case): two texts fold alike exactly when equalsIgnoreCase holds,
     * and folding never changes a text's length.
     */
    public static String fold(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                return foldCodePoints(text);
            }
            char f = c < 0x80 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(Character.toUpperCase(c));
            if (f != c) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = f;
            }
        }
        return chars == null ? text : new String(chars);
    }

    /** As {@link #fold}, by code point: equalsIgnoreCase compares supplementary characters whole. */
    private static String foldCodePoints(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return out.toString();
    }

    private static Pattern compiled(String pattern, boolean folded) {
        Map<String, Pattern> cache = folded ? FOLDED : EXACT;
        Pattern compiled = cache.get(pattern);
        if (compiled == null) {
            compiled = new Pattern(folded ? fold(pattern) : pattern);
            if (cache.size() < MAX_CACHED) {
                cache.put(pattern, compiled);
            }
        }
        return compiled;
    }

    /** A pattern cut at each '*': segments that must appear in order, '?' inside them matching any one character. */
    private static final class Pattern {
        private final String[] segments;
        private final boolean[] plain;
        private final int minLength;

        Pattern(String pattern) {
            this.segments = pattern.split("\\*", -1);
            this.plain = new boolean[segments.length];
            int length = 0;
            for (int i = 0; i < segments.length; i++) {
                length += segments[i].length();
                plain[i] = segments[i].indexOf('?') < 0;
            }
            this.minLength = length;
        }

        boolean matches(String value) {
            if (value.length() < minLength) {
                return false;
            }
            String first = segments[0];
            if (segments.length == 1) {
                return value.length() == first.length() && regionMatches(value, 0, 0);
            }
            if (!regionMatches(value, 0, 0)) {
                return false;
            }
            int last = segments.length - 1;
            int end = value.length() - segments[last].length();
            if (!regionMatches(value, end, last)) {
                return false;
            }
            int at = first.length();
            for (int i = 1; i < last; i++) {
                int found = indexOf(value, i, at, end);
                if (found < 0) {
                    return false;
                }
                at = found + segments[i].length();
            }
            return true;
        }

        private int indexOf(String value, int segment, int from, int end) {
            String s = segments[segment];
            if (plain[segment]) {
                int found = value.indexOf(s, from);
                return found >= 0 && found + s.length() <= end ? found : -1;
            }
            for (int i = from; i + s.length() <= end; i++) {
                if (regionMatches(value, i, segment)) {
                    return i;
                }
            }
            return -1;
        }

        private boolean regionMatches(String value, int offset, int segment) {
            String s = segments[segment];
            if (plain[segment]) {
                return value.startsWith(s, offset);
            }
            for (int i = 0; i < s.length(); i++) {
                char p = s.charAt(i);
                if (p != '?' && value.charAt(offset + i) != p) {
                    return false;
                }
            }
            return true;
        }
    }
}
