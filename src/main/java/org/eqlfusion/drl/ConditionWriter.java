package org.eqlfusion.drl;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Expr.MatchOp;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.rules.QuerySettings;
import org.eqlfusion.semantics.Eql;
import org.eqlfusion.semantics.Wildcards;

/**
 * Lowers an EQL condition to constraints of a DRL {@code EcsEvent( ... )} pattern, one conversion
 * per construct. A field compared with constants becomes the {@code EcsEvent} method of that
 * operator ({@code eq}, {@code likeIgnoreCase}, {@code gte}, ...), which reads like the EQL and
 * has Elasticsearch's query semantics (a negation holds on a missing field). Anything computed
 * (functions, arithmetic) goes through {@link Eql}, with Elasticsearch's null-propagating script
 * semantics, and holds only when it is true.
 */
final class ConditionWriter {

    private ConditionWriter() {
    }

    /**
     * The pattern's constraints: the event category, then each top-level {@code and} term. A
     * category is read from the settings' category field: {@code category("process")} on
     * {@code event.category}, otherwise an exact match on the rule's {@code event_category_override}
     * ({@code eq("event.type", "info")}), as Elasticsearch's term filter on that field.
     */
    static List<String> constraints(Query.EventFilter filter, QuerySettings settings) {
        List<String> out = new ArrayList<>();
        if (filter.category() != null) {
            out.add(settings.categoryOverridden()
                    ? "eq(" + DrlText.literal(settings.eventCategoryField()) + ", " + DrlText.literal(filter.category()) + ")"
                    : "category(" + DrlText.literal(filter.category()) + ")");
        }
        for (Expr term : chain(filter.condition(), true)) {
            String constraint = bool(term);
            if (!constraint.equals("true")) {
                out.add(constraint);
            }
        }
        return out;
    }

    /** The operands of a chain of {@code and} (or of {@code or}), in order. */
    private static List<Expr> chain(Expr e, boolean and) {
        if (and && e instanceof Expr.And a) {
            List<Expr> out = new ArrayList<>(chain(a.left(), true));
            out.addAll(chain(a.right(), true));
            return out;
        }
        if (!and && e instanceof Expr.Or o) {
            List<Expr> out = new ArrayList<>(chain(o.left(), false));
            out.addAll(chain(o.right(), false));
            return out;
        }
        return List.of(e);
    }

    // ---- conditions ------------------------------------------------------------------------------

    static String bool(Expr e) {
        if (e instanceof Expr.Literal lit) {
            return Boolean.TRUE.equals(lit.value()) ? "true" : "false";
        }
        if (e instanceof Expr.And || e instanceof Expr.Or) {
            // a chain of the same operator is written flat, (a || b || c), not nested
            boolean and = e instanceof Expr.And;
            return "(" + chain(e, and).stream().map(ConditionWriter::bool).collect(Collectors.joining(and ? " && " : " || ")) + ")";
        }
        if (e instanceof Expr.Not not) {
            return isQuery(not.operand()) ? "!" + parenthesized(bool(not.operand())) : "Eql.isFalse(" + value(not.operand()) + ")";
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c);
        }
        if (e instanceof Expr.Match m && m.left() instanceof Expr.Field f && allLiterals(m.values())) {
            return fieldMatch(m, f);
        }
        if (e instanceof Expr.Match m && m.negated()) {
            return "Eql.isFalse(" + matchValue(m, false) + ")";
        }
        return "Eql.isTrue(" + value(e) + ")";
    }

    /** Whether the condition is a query on fields (negated with a plain not) rather than a computed value. */
    private static boolean isQuery(Expr e) {
        if (e instanceof Expr.And and) {
            return isQuery(and.left()) || isQuery(and.right());
        }
        if (e instanceof Expr.Or or) {
            return isQuery(or.left()) || isQuery(or.right());
        }
        if (e instanceof Expr.Not not) {
            return isQuery(not.operand());
        }
        if (e instanceof Expr.Comparison c) {
            return isFieldAndLiteral(c.left(), c.right()) || isFieldAndLiteral(c.right(), c.left());
        }
        if (e instanceof Expr.Match m) {
            return m.left() instanceof Expr.Field && allLiterals(m.values());
        }
        return e instanceof Expr.Literal;
    }

    private static boolean isFieldAndLiteral(Expr a, Expr b) {
        return a instanceof Expr.Field && b instanceof Expr.Literal;
    }

    private static String comparison(Expr.Comparison c) {
        if (c.left() instanceof Expr.Field f && c.right() instanceof Expr.Literal lit) {
            return fieldComparison(c.op(), f, lit.value());
        }
        if (c.right() instanceof Expr.Field f && c.left() instanceof Expr.Literal lit) {
            return fieldComparison(c.op().swapped(), f, lit.value());
        }
        if (c.left() instanceof Expr.Literal a && c.right() instanceof Expr.Literal b) {
            return Boolean.TRUE.equals(Eql.compare(a.value(), c.op().symbol, b.value())) ? "true" : "false";
        }
        return "Eql.isTrue(" + value(c) + ")";
    }

    private static String fieldComparison(Expr.ComparisonOp op, Expr.Field f, Object literal) {
        String field = DrlText.literal(f.name());
        if (literal == null) {
            return switch (op) {
                case EQ -> "isNull(" + field + ")";
                case NEQ -> "notNull(" + field + ")";
                default -> "false";
            };
        }
        String method = switch (op) {
            case EQ -> "eq";
            case NEQ -> "notEq";
            case LT -> "lt";
            case LTE -> "lte";
            case GT -> "gt";
            default -> "gte";
        };
        return method + "(" + field + ", " + DrlText.constant(literal) + ")";
    }

    private static String fieldMatch(Expr.Match m, Expr.Field f) {
        List<Object> values = m.values().stream().map(v -> ((Expr.Literal) v).value()).toList();
        boolean strings = values.stream().allMatch(v -> v instanceof String);
        String method = switch (m.op()) {
            case SEQ -> !strings ? "isIn"
                    : values.stream().anyMatch(v -> Wildcards.hasWildcard((String) v)) ? "likeIgnoreCase" : "inIgnoreCase";
            case LIKE -> "like";
            case LIKE_INSENSITIVE -> "likeIgnoreCase";
            case REGEX -> "regex";
            case REGEX_INSENSITIVE -> "regexIgnoreCase";
            case IN -> m.negated() ? "isNotIn" : "isIn";
            case IN_INSENSITIVE -> "inIgnoreCase";
        };
        boolean stringArgs = !method.equals("isIn") && !method.equals("isNotIn");
        String args = values.stream()
                .map(v -> stringArgs && v != null && !(v instanceof String) ? DrlText.literal(v.toString()) : DrlText.constant(v))
                .collect(Collectors.joining(", "));
        String call = method + "(" + DrlText.literal(f.name()) + ", " + args + ")";
        return m.negated() && !method.equals("isNotIn") ? "!" + call : call;
    }

    private static boolean allLiterals(List<Expr> values) {
        return values.stream().allMatch(v -> v instanceof Expr.Literal);
    }

    private static String parenthesized(String s) {
        return s.startsWith("(") && s.endsWith(")") ? s : "(" + s + ")";
    }

    // ---- values ----------------------------------------------------------------------------------

    static String value(Expr e) {
        if (e instanceof Expr.Field f) {
            return "get(" + DrlText.literal(f.name()) + ")";
        }
        if (e instanceof Expr.Literal lit) {
            return DrlText.constant(lit.value());
        }
        if (e instanceof Expr.And and) {
            return "Eql.conjunction(" + value(and.left()) + ", " + value(and.right()) + ")";
        }
        if (e instanceof Expr.Or or) {
            return "Eql.disjunction(" + value(or.left()) + ", " + value(or.right()) + ")";
        }
        if (e instanceof Expr.Not not) {
            return "Eql.negation(" + value(not.operand()) + ")";
        }
        if (e instanceof Expr.Comparison c) {
            return "Eql.compare(" + value(c.left()) + ", " + DrlText.literal(c.op().symbol) + ", " + value(c.right()) + ")";
        }
        if (e instanceof Expr.Match m) {
            return matchValue(m, m.negated());
        }
        if (e instanceof Expr.Arithmetic a) {
            return a.op() == Expr.ArithmeticOp.NEGATE ? "Eql.negate(" + value(a.right()) + ")"
                    : "Eql." + a.op().function + "(" + value(a.left()) + ", " + value(a.right()) + ")";
        }
        return call((Expr.Call) e);
    }

    private static String matchValue(Expr.Match m, boolean negate) {
        String op = m.op() == MatchOp.SEQ ? ":" : m.op().symbol;
        String args = m.values().stream().map(ConditionWriter::value).collect(Collectors.joining(", "));
        String call = "Eql.matches(" + value(m.left()) + ", " + DrlText.literal(op) + ", " + args + ")";
        return negate ? "Eql.negation(" + call + ")" : call;
    }

    private static String call(Expr.Call c) {
        List<String> args = c.args().stream().map(ConditionWriter::value).toList();
        String ci = c.insensitive() ? "true" : "false";
        String name = org.eqlfusion.eql.check.Functions.find(c.name()).name();
        return switch (name) {
            case "between" -> "Eql.between(" + args.get(0) + ", " + args.get(1) + ", " + args.get(2) + ", "
                    + (args.size() > 3 ? args.get(3) : "false") + ", " + ci + ")";
            case "endsWith", "startsWith", "stringContains" -> "Eql." + name + "(" + args.get(0) + ", " + args.get(1) + ", " + ci + ")";
            case "indexOf" -> "Eql.indexOf(" + args.get(0) + ", " + args.get(1) + ", " + (args.size() > 2 ? args.get(2) : "null")
                    + ", " + ci + ")";
            case "number" -> "Eql.number(" + args.get(0) + ", " + (args.size() > 1 ? args.get(1) : "null") + ")";
            case "substring" -> "Eql.substring(" + args.get(0) + ", " + args.get(1) + ", " + (args.size() > 2 ? args.get(2) : "null") + ")";
            default -> "Eql." + name + "(" + String.join(", ", args) + ")";
        };
    }
}
