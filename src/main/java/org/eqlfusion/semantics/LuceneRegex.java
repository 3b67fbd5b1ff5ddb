package org.eqlfusion.semantics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Lucene regular expressions (what EQL's {@code regex} uses) rewritten as java.util.regex
 * patterns: {@code .} matches any character including a newline, {@code @} any string,
 * {@code "..."} a literal run, {@code ^ $} are plain characters, and the whole value must match.
 * The operators Lucene enables beyond that ({@code &}, {@code ~}, {@code <n-m>}, {@code #}) are
 * refused with an error naming the pattern.
 */
public final class LuceneRegex {

    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private LuceneRegex() {
    }

    public static Pattern compile(String lucene, boolean ignoreCase) {
        return CACHE.computeIfAbsent((ignoreCase ? "i:" : "s:") + lucene, key -> {
            int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            try {
                return Pattern.compile(toJava(lucene), flags);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression \"" + lucene + "\": " + e.getDescription(), e);
            }
        });
    }

    static String toJava(String lucene) {
        StringBuilder out = new StringBuilder(lucene.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < lucene.length(); i++) {
            char c = lucene.charAt(i);
            if (c == '\\' && i + 1 < lucene.length()) {
                char next = lucene.charAt(++i);
                out.append(Character.isLetterOrDigit(next) && "dDsSwW".indexOf(next) < 0
                        ? String.valueOf(next) : "\\" + next);
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else {
                    out.append(c == '[' || c == '&' ? "\\" + c : String.valueOf(c));
                }
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    out.append(c);
                }
                case '"' -> {
                    int close = lucene.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated \" in regular expression \"" + lucene + "\"");
                    }
                    out.append(Pattern.quote(lucene.substring(i + 1, close)));
                    i = close;
                }
                case '@' -> out.append(".*");
                case '^', '$' -> out.append('\\').append(c);
                case '&', '~', '<', '>', '#' -> throw new IllegalArgumentException(
                        "regular expression \"" + lucene + "\" uses Lucene operator '" + c
                                + "', which eql-fusion does not support; escape it as \\" + c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
