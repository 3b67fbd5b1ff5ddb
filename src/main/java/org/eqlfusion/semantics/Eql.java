package org.eqlfusion.semantics;

import java.util.List;
import java.util.Locale;
import org.eqlfusion.event.IpAddresses;

/**
 * EQL's functions and its value-level operators, for conditions that are more than a field
 * compared with constants ({@code length(process.args) > 3}, {@code stringContains(a, "x")}).
 * The generated DRL calls them as {@code Eql.name(...)} on values read with {@code get("field")}.
 *
 * <p>As in Elasticsearch, a null argument gives a null result, a comparison with null is null,
 * and a condition holds only when its value is {@code true} ({@link #isTrue}). A multi-valued
 * field given to a function counts as its first value.
 */
public final class Eql {

    private Eql() {
    }

    // ---- truth (and, or and not are keywords in DRL constraints: hence the long names) -----------------------------------------------------------------------------------

    public static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(scalar(value));
    }

    /** For {@code not f(...)}: holds only when the value is false (null stays null, and fails). */
    public static boolean isFalse(Object value) {
        return Boolean.FALSE.equals(scalar(value));
    }

    public static Boolean conjunction(Object a, Object b) {
        Object x = scalar(a);
        Object y = scalar(b);
        if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) {
            return false;
        }
        return x == null || y == null ? null : true;
    }

    public static Boolean disjunction(Object a, Object b) {
        Object x = scalar(a);
        Object y = scalar(b);
        if (Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y)) {
            return true;
        }
        return x == null || y == null ? null : false;
    }

    public static Boolean negation(Object a) {
        Object x = scalar(a);
        return x instanceof Boolean b ? !b : null;
    }

    // ---- comparison ------------------------------------------------------------------------------

    /** {@code a <op> b} for any two values; {@code ==} and {@code !=} with a null side test nullness, as EQL does. */
    public static Boolean compare(Object a, String op, Object b) {
        Object x = scalar(a);
        Object y = scalar(b);
        if (x == null || y == null) {
            return switch (op) {
                case "==" -> x == y;
                case "!=" -> x != y;
                default -> null;
            };
        }
        int sign;
        if (x instanceof Number n && y instanceof Number m) {
            sign = Comparisons.compareNumbers(n, m);
        } else if (x instanceof Boolean || y instanceof Boolean) {
            if (!op.equals("==") && !op.equals("!=")) {
                return null;
            }
            sign = x.toString().equalsIgnoreCase(y.toString()) ? 0 : 1;
        } else {
            sign = Integer.signum(Comparisons.text(x).compareTo(Comparisons.text(y)));
        }
        return switch (op) {
            case "==" -> sign == 0;
            case "!=" -> sign != 0;
            case "<" -> sign < 0;
            case "<=" -> sign <= 0;
            case ">" -> sign > 0;
            default -> sign >= 0;
        };
    }

    /** {@code value <op> (v1, v2, ...)} for a computed value; op is one of : like like~ regex regex~ in in~. */
    public static Boolean matches(Object value, String op, Object... candidates) {
        Object x = scalar(value);
        if (x == null) {
            return null;
        }
        for (Object c : candidates) {
            if (c == null) {
                continue;
            }
            boolean hit = switch (op) {
                case ":", "like~" -> Comparisons.like(x, c.toString(), true);
                case "like" -> Comparisons.like(x, c.toString(), false);
                case "regex" -> Comparisons.regex(x, c.toString(), false);
                case "regex~" -> Comparisons.regex(x, c.toString(), true);
                case "in~" -> Comparisons.equalToIgnoreCase(x, c.toString());
                default -> Boolean.TRUE.equals(compare(x, "==", c));
            };
            if (hit) {
                return true;
            }
        }
        return false;
    }

    // ---- arithmetic ------------------------------------------------------------------------------

    public static Number add(Object a, Object b) {
        return arithmetic(a, b, '+');
    }

    public static Number subtract(Object a, Object b) {
        return arithmetic(a, b, '-');
    }

    public static Number multiply(Object a, Object b) {
        return arithmetic(a, b, '*');
    }

    /** Integer division rounds down, as EQL's divide does. */
    public static Number divide(Object a, Object b) {
        return arithmetic(a, b, '/');
    }

    public static Number modulo(Object a, Object b) {
        return arithmetic(a, b, '%');
    }

    public static Number negate(Object a) {
        return arithmetic(0L, a, '-');
    }

    private static Number arithmetic(Object a, Object b, char op) {
        Number x = number(scalar(a));
        Number y = number(scalar(b));
        if (x == null || y == null) {
            return null;
        }
        if (x instanceof Long l && y instanceof Long m) {
            return switch (op) {
                case '+' -> l + m;
                case '-' -> l - m;
                case '*' -> l * m;
                case '/' -> m == 0 ? null : Math.floorDiv(l, m);
                default -> m == 0 ? null : l % m;
            };
        }
        double p = x.doubleValue();
        double q = y.doubleValue();
        return switch (op) {
            case '+' -> p + q;
            case '-' -> p - q;
            case '*' -> p * q;
            case '/' -> q == 0 ? null : p / q;
            default -> q == 0 ? null : p % q;
        };
    }

    private static Number number(Object value) {
        if (value instanceof Number n) {
            return n instanceof Integer i ? (Number) i.longValue() : n;
        }
        return value instanceof String s ? Numbers.parse(s) : null;
    }

    // ---- strings ---------------------------------------------------------------------------------

    /** {@code between(source, left, right[, greedy])}: the text between the first left and the (first, or last when greedy) right. */
    public static String between(Object source, Object left, Object right, Object greedy, boolean ignoreCase) {
        String s = text(source);
        String l = text(left);
        String r = text(right);
        if (s == null || l == null || r == null) {
            return null;
        }
        boolean isGreedy = Boolean.TRUE.equals(scalar(greedy));
        String hay = ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
        String lo = ignoreCase ? l.toLowerCase(Locale.ROOT) : l;
        String ro = ignoreCase ? r.toLowerCase(Locale.ROOT) : r;
        int start = hay.indexOf(lo);
        if (start < 0) {
            return "";
        }
        start += lo.length();
        int end = isGreedy ? hay.lastIndexOf(ro) : hay.indexOf(ro, start);
        if (end < start) {
            return "";
        }
        return s.substring(start, end);
    }

    public static Boolean cidrMatch(Object ip, Object... blocks) {
        String address = text(ip);
        if (address == null) {
            return null;
        }
        byte[] bytes = IpAddresses.parse(address);
        if (bytes == null) {
            return false;
        }
        for (Object block : blocks) {
            String b = text(block);
            if (b != null && IpAddresses.inCidr(bytes, b)) {
                return true;
            }
        }
        return false;
    }

    public static String concat(Object... parts) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            Object p = scalar(part);
            if (p == null) {
                return null;
            }
            out.append(Comparisons.text(p));
        }
        return out.toString();
    }

    public static Boolean endsWith(Object source, Object suffix, boolean ignoreCase) {
        return textTest(source, suffix, ignoreCase, String::endsWith);
    }

    public static Boolean startsWith(Object source, Object prefix, boolean ignoreCase) {
        return textTest(source, prefix, ignoreCase, String::startsWith);
    }

    public static Boolean stringContains(Object source, Object part, boolean ignoreCase) {
        return textTest(source, part, ignoreCase, String::contains);
    }

    /** {@code test(source, part)} on the two texts, both lower-cased for the ~ forms; null when either is null. */
    private static Boolean textTest(Object source, Object part, boolean ignoreCase,
                                    java.util.function.BiPredicate<String, String> test) {
        String s = text(source);
        String x = text(part);
        if (s == null || x == null) {
            return null;
        }
        return ignoreCase ? test.test(s.toLowerCase(Locale.ROOT), x.toLowerCase(Locale.ROOT)) : test.test(s, x);
    }

    /** The index of the first {@code part} at or after {@code start}; null when absent. */
    public static Long indexOf(Object source, Object part, Object start, boolean ignoreCase) {
        String s = text(source);
        String x = text(part);
        if (s == null || x == null) {
            return null;
        }
        Number from = start == null ? Long.valueOf(0) : number(scalar(start));
        if (from == null) {
            return null;
        }
        String hay = ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
        int at = hay.indexOf(ignoreCase ? x.toLowerCase(Locale.ROOT) : x, Math.max(0, from.intValue()));
        return at < 0 ? null : (long) at;
    }

    public static Long length(Object source) {
        String s = text(source);
        return s == null ? null : (long) s.length();
    }

    /** {@code number(text[, base])}; a 0x prefix is read with base 16. */
    public static Number number(Object source, Object base) {
        String s = text(source);
        if (s == null) {
            return null;
        }
        Number radix = base == null ? null : number(scalar(base));
        if (radix == null) {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return parseLong(s.substring(2), 16);
            }
            return Numbers.parse(s);
        }
        String digits = radix.intValue() == 16 && (s.startsWith("0x") || s.startsWith("0X")) ? s.substring(2) : s;
        return parseLong(digits, radix.intValue());
    }

    private static Long parseLong(String digits, int radix) {
        try {
            return Long.parseLong(digits.trim(), radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static String string(Object value) {
        Object v = scalar(value);
        return v == null ? null : Comparisons.text(v);
    }

    /** {@code substring(source, start[, end])} with Python-style negative indexes. */
    public static String substring(Object source, Object start, Object end) {
        String s = text(source);
        Number from = number(scalar(start));
        if (s == null || from == null) {
            return null;
        }
        Number to = end == null ? null : number(scalar(end));
        int n = s.length();
        int a = clamp(from.intValue(), n);
        int b = to == null ? n : clamp(to.intValue(), n);
        return a >= b ? "" : s.substring(a, b);
    }

    private static int clamp(int index, int length) {
        int i = index < 0 ? length + index : index;
        return Math.max(0, Math.min(length, i));
    }

    // ---- values ----------------------------------------------------------------------------------

    /** A field's value as a function sees it: the first of several. */
    static Object scalar(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : list.get(0);
        }
        return value;
    }

    private static String text(Object value) {
        Object v = scalar(value);
        return v == null ? null : Comparisons.text(v);
    }

}
