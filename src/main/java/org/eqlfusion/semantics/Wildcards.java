package org.eqlfusion.semantics;

/**
 * EQL wildcard patterns ({@code *} any run of characters, {@code ?} one character), matched on
 * the whole value, as {@code like}, {@code like~} and {@code :} use them.
 *
 * <p>Patterns are matched as they are written, without compiling or caching them: a rule may
 * test dozens of patterns per event, and most are rejected by their fixed end or first character
 * before anything else is read. The case-insensitive forms compare a value already
 * {@link #fold folded} ({@link org.eqlfusion.event.EcsEvent} folds a field once per event, however
 * many patterns test it) with the pattern folded character by character as it is read.
 */
public final class Wildcards {

    private Wildcards() {
    }

    public static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    public static boolean matches(String value, String pattern, boolean ignoreCase) {
        return ignoreCase ? matchesFolded(fold(value), pattern) : match(value, pattern, false);
    }

    /** A case-insensitive match of a value already {@link #fold folded}. */
    public static boolean matchesFolded(String foldedValue, String pattern) {
        try {
            return match(foldedValue, pattern, true);
        } catch (SurrogateInPattern e) {
            // a character outside the BMP folds by code point: fold the whole pattern first
            return match(foldedValue, fold(pattern), false);
        }
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
            char f = foldChar(c);
            if (f != c) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = f;
            }
        }
        return chars == null ? text : new String(chars);
    }

    private static char foldChar(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** As {@link #fold}, by code point: equalsIgnoreCase compares supplementary characters whole. */
    private static String foldCodePoints(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return out.toString();
    }

    /** The pattern character at {@code i}, folded when {@code fold}; '*' and '?' stay as they are. */
    private static char at(String pattern, int i, boolean fold) {
        char c = pattern.charAt(i);
        if (!fold) {
            return c;
        }
        if (Character.isSurrogate(c)) {
            throw SurrogateInPattern.INSTANCE;
        }
        return foldChar(c);
    }

    /**
     * The pattern's fixed end is read backwards against the value's end, then what is left goes to
     * {@link #glob}.
     */
    private static boolean match(String value, String pattern, boolean fold) {
        int vLength = value.length();
        int pLength = pattern.length();
        // cheap rejections first, from the end: the pattern's fixed end (after its last star) must
        // be the value's end, and paths and program names mostly differ there ("\\cmd.exe")
        int p = pLength - 1;
        int v = vLength - 1;
        while (p >= 0) {
            char pc = at(pattern, p, fold);
            if (pc == '*') {
                break;
            }
            if (v < 0 || (pc != '?' && pc != value.charAt(v))) {
                return false;
            }
            p--;
            v--;
        }
        if (p < 0) {
            // no star: the pattern has been read whole against the value's end
            return v < 0;
        }
        char first = at(pattern, 0, fold);
        if (first != '*' && first != '?' && (vLength == 0 || value.charAt(0) != first)) {
            return false;
        }
        // what is left: the pattern up to its last star against the value before the matched end
        return glob(value, v + 1, pattern, p + 1, fold);
    }

    /**
     * Matches {@code pattern[0, pLength)} against {@code value[0, vLength)}: glob matching with one
     * remembered star — on a mismatch after a '*', the star takes one more character and matching
     * resumes from there. Linear for the patterns rules use; at worst value length × pattern length.
     */
    private static boolean glob(String value, int vLength, String pattern, int pLength, boolean fold) {
        int v = 0;
        int p = 0;
        int star = -1;
        int resume = 0;
        while (v < vLength) {
            char pc = p < pLength ? at(pattern, p, fold) : 0;
            if (p < pLength && pc == '*') {
                star = p++;
                resume = v;
            } else if (p < pLength && (pc == '?' || pc == value.charAt(v))) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pLength && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pLength;
    }

    private static final class SurrogateInPattern extends RuntimeException {
        static final SurrogateInPattern INSTANCE = new SurrogateInPattern();

        private SurrogateInPattern() {
            super(null, null, false, false);
        }
    }
}
