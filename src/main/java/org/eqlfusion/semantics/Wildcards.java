package org.eqlfusion.semantics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EQL wildcard patterns ({@code *} any run of characters, {@code ?} one character), matched on
 * the whole value, as {@code like}, {@code like~} and {@code :} use them.
 */
public final class Wildcards {

    private static final Map<String, String[]> COMPILED = new ConcurrentHashMap<>();

    private Wildcards() {
    }

    public static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    public static boolean matches(String value, String pattern, boolean ignoreCase) {
        if (ignoreCase) {
            value = value.toLowerCase(Locale.ROOT);
            pattern = pattern.toLowerCase(Locale.ROOT);
        }
        if (!hasWildcard(pattern)) {
            return value.equals(pattern);
        }
        return matchSegments(value, COMPILED.computeIfAbsent(pattern, Wildcards::split));
    }

    /** The pattern cut at each '*': segments that must appear in order, '?' inside them matching any one character. */
    private static String[] split(String pattern) {
        return pattern.split("\\*", -1);
    }

    private static boolean matchSegments(String value, String[] segments) {
        String first = segments[0];
        if (segments.length == 1) {
            return value.length() == first.length() && regionMatches(value, 0, first);
        }
        if (value.length() < first.length() || !regionMatches(value, 0, first)) {
            return false;
        }
        String last = segments[segments.length - 1];
        int end = value.length() - last.length();
        if (end < first.length() || !regionMatches(value, end, last)) {
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

    private static int indexOf(String value, String segment, int from, int end) {
        for (int i = from; i + segment.length() <= end; i++) {
            if (regionMatches(value, i, segment)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatches(String value, int offset, String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char p = segment.charAt(i);
            if (p != '?' && p != value.charAt(offset + i)) {
                return false;
            }
        }
        return true;
    }
}
