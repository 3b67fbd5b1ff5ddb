package org.eqlfusion.semantics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's list of wildcard patterns ({@code field : ("a*", "b", ...)}, {@code like}, {@code like~})
 * or of literals ({@code in~}), compiled once: the patterns without wildcards go into a hash set,
 * the others into a {@link GlobTrie}, so that matching a value reads only the characters that can tell.
 *
 * <p>A case-insensitive set holds its patterns {@link Wildcards#fold folded} and is matched against
 * values folded the same way ({@link org.eqlfusion.event.EcsEvent#foldedValue}); a case-sensitive
 * one against the values as they are. The answers are those of {@link Wildcards} pattern by pattern.
 */
public final class WildcardSet {

    private final Set<String> exact = new HashSet<>();
    private final GlobTrie globs;

    private WildcardSet(String[] patterns, boolean ignoreCase, boolean literal) {
        List<String> globList = new ArrayList<>();
        for (String p : patterns) {
            if (p == null) {
                // a null literal matches no value
                continue;
            }
            String pattern = ignoreCase ? Wildcards.fold(p) : p;
            if (literal || !Wildcards.hasWildcard(pattern)) {
                exact.add(pattern);
            } else {
                globList.add(pattern);
            }
        }
        this.globs = new GlobTrie(globList);
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
        return globs.matches(value);
    }
}
