package org.eqlfusion.semantics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's list of wildcard patterns ({@code field : ("a*", "b", ...)}, {@code like}, {@code like~})
 * or of literals ({@code in~}), compiled once: the patterns without wildcards go into a hash set,
 * the others are split at their stars into a fixed head, fixed tail and the pieces between, so
 * that matching a value reads only the characters that can tell.
 *
 * <p>A case-insensitive set holds its patterns {@link Wildcards#fold folded} and is matched against
 * values folded the same way ({@link org.eqlfusion.event.EcsEvent#foldedValue}); a case-sensitive
 * one against the values as they are. The answers are those of {@link Wildcards} pattern by pattern.
 */
public final class WildcardSet {

    private final Set<String> exact = new HashSet<>();
    private final Glob[] globs;

    private WildcardSet(String[] patterns, boolean ignoreCase, boolean literal) {
        List<Glob> globList = new ArrayList<>();
        for (String p : patterns) {
            if (p == null) {
                // a null literal matches no value
                continue;
            }
            String pattern = ignoreCase ? Wildcards.fold(p) : p;
            if (literal || !Wildcards.hasWildcard(pattern)) {
                exact.add(pattern);
            } else {
                globList.add(new Glob(pattern));
            }
        }
        this.globs = globList.toArray(new Glob[0]);
    }

    /** Wildcard patterns: {@code *} any run of characters, {@code ?} one character. */
    public static WildcardSet patterns(String[] patterns, boolean ignoreCase) {
        return new WildcardSet(patterns, ignoreCase, false);
    }

    /** Literals compared whole, their {@code *} and {@code ?} included ({@code in~}). */
    public static WildcardSet literals(String[] literals, boolean ignoreCase) {
        return new WildcardSet(literals, ignoreCase, true);
    }

    /**
     * Whether the value, or any value of a List, matches a pattern of the set. Values are Strings
     * (folded beforehand for a case-insensitive set); null matches nothing.
     */
    public boolean matchesAny(Object value) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                if (v != null && matches((String) v)) {
                    return true;
                }
            }
            return false;
        }
        return value != null && matches((String) value);
    }

    /**
     * For a case-sensitive set of literals ({@code in} on a keyword field): whether the value, or
     * any value of a List, equals one of them, as {@link Comparisons#equalTo} compares a keyword
     * with a String literal (a number by its text, a boolean ignoring case).
     */
    public boolean containsText(Object value) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                if (containsText(v)) {
                    return true;
                }
            }
            return false;
        }
        if (value instanceof String text) {
            return exact.contains(text);
        }
        if (value instanceof Boolean) {
            return exact.stream().anyMatch(value.toString()::equalsIgnoreCase);
        }
        return value != null && exact.contains(Comparisons.text(value));
    }

    private boolean matches(String value) {
        if (!exact.isEmpty() && exact.contains(value)) {
            return true;
        }
        for (Glob glob : globs) {
            if (glob.matches(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One pattern with wildcards, as {@code head*middle*...*tail}: the head and tail are fixed
     * ({@code ?} aside) and read first; the pieces between stars are then found left to right,
     * each at its first place, which is the only place a star-separated piece needs.
     */
    private static final class Glob {
        private final String head;
        private final String tail;
        private final String[] pieces;
        private final boolean hasStar;
        private final int minLength;

        Glob(String pattern) {
            int first = pattern.indexOf('*');
            int last = pattern.lastIndexOf('*');
            hasStar = first >= 0;
            head = hasStar ? pattern.substring(0, first) : pattern;
            tail = hasStar ? pattern.substring(last + 1) : "";
            List<String> between = new ArrayList<>();
            if (hasStar) {
                for (String piece : pattern.substring(first + 1, last + 1).split("\\*")) {
                    if (!piece.isEmpty()) {
                        between.add(piece);
                    }
                }
            }
            pieces = between.toArray(new String[0]);
            int length = head.length() + tail.length();
            for (String piece : pieces) {
                length += piece.length();
            }
            minLength = length;
        }

        boolean matches(String value) {
            int length = value.length();
            if (length < minLength || (!hasStar && length != minLength)) {
                return false;
            }
            int tailStart = length - tail.length();
            if (!fixedAt(value, tail, tailStart) || !fixedAt(value, head, 0)) {
                return false;
            }
            int from = head.length();
            for (String piece : pieces) {
                int at = find(value, piece, from, tailStart);
                if (at < 0) {
                    return false;
                }
                from = at + piece.length();
            }
            return true;
        }

        /** Whether {@code fixed} ('?' any character) is at {@code at} in the value. */
        private static boolean fixedAt(String value, String fixed, int at) {
            for (int i = fixed.length() - 1; i >= 0; i--) {
                char c = fixed.charAt(i);
                if (c != '?' && c != value.charAt(at + i)) {
                    return false;
                }
            }
            return true;
        }

        /** The first place at or after {@code from} where the piece lies wholly before {@code end}, or -1. */
        private static int find(String value, String piece, int from, int end) {
            int lastStart = end - piece.length();
            if (piece.indexOf('?') < 0) {
                int at = value.indexOf(piece, from);
                return at <= lastStart ? at : -1;
            }
            for (int at = from; at <= lastStart; at++) {
                if (fixedAt(value, piece, at)) {
                    return at;
                }
            }
            return -1;
        }
    }
}
