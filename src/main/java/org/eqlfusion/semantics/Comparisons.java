package org.eqlfusion.semantics;

import java.util.List;
import java.util.Locale;
import org.eqlfusion.event.Schema;
import org.eqlfusion.event.IpAddresses;

/**
 * One method per EQL comparison, applied to one field value as Elasticsearch 8 applies it:
 * a multi-valued field matches when any of its values does; a missing value (null) matches
 * nothing. Negations ({@code !=}, {@code not in}) are the callers' "not any".
 *
 * <p>Values come from {@link org.eqlfusion.event.EcsEvent}: String, Long, Double, Boolean, or a
 * List of those. IP fields hold canonical address text.
 */
public final class Comparisons {

    private Comparisons() {
    }

    /** {@code field == literal}: case-sensitive, no wildcards; CIDR blocks on IP fields. */
    public static boolean equalTo(Object value, Object literal, Schema.Type type) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                if (equalTo(v, literal, type)) {
                    return true;
                }
            }
            return false;
        }
        if (value == null || literal == null) {
            return false;
        }
        if (type == Schema.Type.DATE) {
            Long a = Dates.nanos(value);
            Long b = Dates.nanos(literal);
            return a != null && a.equals(b);
        }
        if (type == Schema.Type.IP && literal instanceof String block) {
            if (block.indexOf('/') >= 0) {
                return IpAddresses.inCidr(value.toString(), block);
            }
            String address = value.toString();
            String written = block.trim();
            if (written.indexOf(':') < 0) {
                // an IPv4 literal is canonical as written when it is an address at all: compare the
                // text first and read the literal only on a match (most events do not match)
                return address.equals(written) && IpAddresses.canonical(written) != null;
            }
            return address.equals(IpAddresses.canonicalLiteral(written));
        }
        if (value instanceof Number n && literal instanceof Number l) {
            return compareNumbers(n, l) == 0;
        }
        if (value instanceof Boolean || literal instanceof Boolean) {
            return value.toString().equalsIgnoreCase(literal.toString());
        }
        return text(value).equals(text(literal));
    }

    /** {@code field : "a"} without wildcards, and {@code in~}: equality folding case. */
    public static boolean equalToIgnoreCase(Object value, String literal) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                if (equalToIgnoreCase(v, literal)) {
                    return true;
                }
            }
            return false;
        }
        return value != null && text(value).equalsIgnoreCase(literal);
    }

    /** {@code like}, {@code like~}, and {@code :} with wildcards. */
    public static boolean like(Object value, String pattern, boolean ignoreCase) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                if (like(v, pattern, ignoreCase)) {
                    return true;
                }
            }
            return false;
        }
        return value != null && Wildcards.matches(text(value), pattern, ignoreCase);
    }

    /** {@code like~} and {@code :} against a value {@link #fold folded} beforehand. */
    public static boolean likeFolded(Object foldedValue, String pattern) {
        if (foldedValue instanceof List<?> values) {
            for (Object v : values) {
                if (likeFolded(v, pattern)) {
                    return true;
                }
            }
            return false;
        }
        return foldedValue != null && Wildcards.matchesFolded((String) foldedValue, pattern);
    }

    /** A value's text folded for case (each element of a multi-valued one), or null when missing. */
    public static Object fold(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> values) {
            List<String> out = new java.util.ArrayList<>(values.size());
            for (Object v : values) {
                if (v != null) {
                    out.add(Wildcards.fold(text(v)));
                }
            }
            // unmodifiable, so that a session thread reading it from another's memo sees it whole
            return List.copyOf(out);
        }
        return Wildcards.fold(text(value));
    }

    /** {@code regex} and {@code regex~}: the whole value matches the Lucene regular expression. */
    public static boolean regex(Object value, String pattern, boolean ignoreCase) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                if (regex(v, pattern, ignoreCase)) {
                    return true;
                }
            }
            return false;
        }
        return value != null && LuceneRegex.compile(pattern, ignoreCase).matcher(text(value)).matches();
    }

    /**
     * {@code <, <=, >, >=}: the sign of value − literal is tested by {@code accept}; numbers
     * compare as numbers, strings lexicographically and case-sensitively. A string that must be
     * compared with a number is read as one, or the comparison is false.
     */
    public static boolean range(Object value, Object literal, Sign accept) {
        return range(value, literal, accept, Schema.Type.KEYWORD);
    }

    /** As {@link #range(Object, Object, Sign)}, dates compared as instants and versions by semantic-version order. */
    public static boolean range(Object value, Object literal, Sign accept, Schema.Type type) {
        if (value instanceof List<?> values) {
            for (Object v : values) {
                if (range(v, literal, accept, type)) {
                    return true;
                }
            }
            return false;
        }
        if (value == null || literal == null) {
            return false;
        }
        if (type == Schema.Type.DATE) {
            Long a = Dates.nanos(value);
            Long b = Dates.nanos(literal);
            return a != null && b != null && accept.test(Long.compare(a, b));
        }
        if (type == Schema.Type.VERSION) {
            return accept.test(Integer.signum(Versions.compare(text(value), text(literal))));
        }
        if (literal instanceof Number l) {
            Number n = value instanceof Number v ? v : Numbers.parse(text(value));
            return n != null && accept.test(compareNumbers(n, l));
        }
        return accept.test(Integer.signum(text(value).compareTo(text(literal))));
    }

    public static int compareNumbers(Number a, Number b) {
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    /** A value's text as a keyword field would hold it. */
    public static String text(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }

    public static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Which signs of (value − literal) a range operator accepts. */
    public enum Sign {
        LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL;

        boolean test(int sign) {
            return switch (this) {
                case LESS -> sign < 0;
                case LESS_OR_EQUAL -> sign <= 0;
                case GREATER -> sign > 0;
                case GREATER_OR_EQUAL -> sign >= 0;
            };
        }
    }
}
