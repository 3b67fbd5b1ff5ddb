package org.eqlfusion.semantics;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link WildcardSet} of each literal list a rule condition passes, compiled the first time the
 * list is seen and found again on every later call.
 *
 * <p>A DRL constraint such as {@code likeIgnoreCase("process.executable", "?:\\PerfLogs\\*.exe", ...)}
 * hands its literals over afresh at each evaluation, in a new array of the same String constants.
 * A list is found by its length and the cached hashes of its first and last literals, then
 * confirmed literal by literal by reference: a constraint's constants are the same objects call
 * after call (each rule's own, as Drools reads the DRL). A list met in new objects is looked up by
 * content once, so rules with the same list share one compiled set, and a list never gets
 * another's. The tables are bounded: Elastic's whole catalogue has about 1,500 such lists; past
 * {@link #LIMIT} (rules edited and reloaded again and again), they start afresh.
 */
public final class CompiledLists {

    /** Lists shorter than this are matched pattern by pattern: looking them up would cost more. */
    public static final int MIN_LENGTH = 3;

    static final int LIMIT = 20_000;

    /** By the very String objects a caller passes: its constants, found by reference alone. */
    private static final ConcurrentHashMap<Key, WildcardSet> BY_REFERENCE = new ConcurrentHashMap<>();
    /** By content: rules with the same list share one compiled set. */
    private static final ConcurrentHashMap<Key, WildcardSet> BY_CONTENT = new ConcurrentHashMap<>();

    private CompiledLists() {
    }

    /** The compiled wildcard patterns of {@code like} ({@code ignoreCase} false), {@code like~} and {@code :}. */
    public static WildcardSet patterns(String[] patterns, boolean ignoreCase) {
        return find(ignoreCase ? Kind.PATTERNS_IGNORE_CASE : Kind.PATTERNS, patterns);
    }

    /** The compiled literals of {@code in~} (and of {@code :} without wildcards). */
    public static WildcardSet literalsIgnoreCase(String[] literals) {
        return find(Kind.LITERALS_IGNORE_CASE, literals);
    }

    /**
     * The compiled literals of {@code in} on a keyword field, compared whole and case-sensitively,
     * or null when a literal is not a String (numbers and booleans compare by value, not as text).
     */
    public static WildcardSet keywords(Object[] literals) {
        WildcardSet set = find(Kind.KEYWORDS, literals);
        return set == NOT_TEXT ? null : set;
    }

    private static final WildcardSet NOT_TEXT = WildcardSet.literals(new String[0], false);

    private static WildcardSet find(Kind kind, Object[] list) {
        WildcardSet set = BY_REFERENCE.get(new Key(kind, list, true));
        return set != null ? set : remember(kind, list);
    }

    /** The set of a list not seen in these String objects before: by content, or compiled now. */
    private static WildcardSet remember(Kind kind, Object[] list) {
        if (BY_REFERENCE.size() >= LIMIT) {
            BY_REFERENCE.clear();
            BY_CONTENT.clear();
        }
        // the copy holds the caller's String objects, which its next calls pass again
        Object[] copy = Arrays.copyOf(list, list.length);
        Key byContent = new Key(kind, copy, false);
        WildcardSet set = BY_CONTENT.get(byContent);
        if (set == null) {
            set = compile(kind, copy);
            WildcardSet raced = BY_CONTENT.putIfAbsent(byContent, set);
            set = raced != null ? raced : set;
        }
        BY_REFERENCE.put(new Key(kind, copy, true), set);
        return set;
    }

    private static WildcardSet compile(Kind kind, Object[] copy) {
        WildcardSet set;
        if (Arrays.stream(copy).allMatch(v -> v == null || v instanceof String)) {
            String[] texts = Arrays.copyOf(copy, copy.length, String[].class);
            set = switch (kind) {
                case PATTERNS -> WildcardSet.patterns(texts, false);
                case PATTERNS_IGNORE_CASE -> WildcardSet.patterns(texts, true);
                case LITERALS_IGNORE_CASE -> WildcardSet.literals(texts, true);
                case KEYWORDS -> WildcardSet.literals(texts, false);
            };
        } else {
            set = NOT_TEXT;
        }
        return set;
    }

    private enum Kind {
        PATTERNS, PATTERNS_IGNORE_CASE, LITERALS_IGNORE_CASE, KEYWORDS
    }

    /**
     * A list looked up by its kind, length, first and last literal; equal when every literal is
     * the same object (by reference) or an equal one (by content).
     */
    private static final class Key {
        private final Kind kind;
        private final Object[] list;
        private final boolean byReference;
        private final int hash;

        Key(Kind kind, Object[] list, boolean byReference) {
            this.kind = kind;
            this.list = list;
            this.byReference = byReference;
            int n = list.length;
            this.hash = n == 0 ? kind.hashCode()
                    : (kind.ordinal() * 31 + n) * 961 + Objects.hashCode(list[0]) * 31 + Objects.hashCode(list[n - 1]);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key other) || other.kind != kind || other.list.length != list.length || other.hash != hash) {
                return false;
            }
            for (int i = 0; i < list.length; i++) {
                Object a = list[i];
                Object b = other.list[i];
                if (a != b && (byReference || a == null || !a.equals(b))) {
                    return false;
                }
            }
            return true;
        }
    }
}
