package org.eqlfusion.eql.ast;

import java.util.List;

/** An EQL expression. Plain records, one per construct; {@link #position()} is where it starts. */
public sealed interface Expr {

    Position position();

    /** A field: {@code process.name}, {@code ?optional.field}, {@code `field with spaces`}. */
    record Field(String name, boolean optional, Position position) implements Expr {
    }

    /** A constant: String, Long, Double, Boolean, or null. */
    record Literal(Object value, Position position) implements Expr {
    }

    record Not(Expr operand, Position position) implements Expr {
    }

    record And(Expr left, Expr right, Position position) implements Expr {
    }

    record Or(Expr left, Expr right, Position position) implements Expr {
    }

    /** {@code ==, !=, <, <=, >, >=}. */
    record Comparison(ComparisonOp op, Expr left, Expr right, Position position) implements Expr {
    }

    /**
     * {@code left : patterns}, {@code like}, {@code like~}, {@code regex}, {@code regex~},
     * {@code in}, {@code in~} (each possibly negated with {@code not} for the in forms).
     */
    record Match(MatchOp op, Expr left, List<Expr> values, boolean negated, Position position) implements Expr {
    }

    /** {@code name(args)}, or {@code name~(args)} when {@code insensitive}. */
    record Call(String name, boolean insensitive, List<Expr> args, Position position) implements Expr {
    }

    /** {@code + - * / %} and unary minus ({@code left} null). */
    record Arithmetic(ArithmeticOp op, Expr left, Expr right, Position position) implements Expr {
    }

    enum ComparisonOp {
        EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

        public final String symbol;

        ComparisonOp(String symbol) {
            this.symbol = symbol;
        }

        /** The operator with its operands swapped: {@code 3 < x} is {@code x > 3}. */
        public ComparisonOp swapped() {
            return switch (this) {
                case LT -> GT;
                case LTE -> GTE;
                case GT -> LT;
                case GTE -> LTE;
                default -> this;
            };
        }
    }

    enum MatchOp {
        SEQ(":"), LIKE("like"), LIKE_INSENSITIVE("like~"), REGEX("regex"), REGEX_INSENSITIVE("regex~"),
        IN("in"), IN_INSENSITIVE("in~");

        public final String symbol;

        MatchOp(String symbol) {
            this.symbol = symbol;
        }
    }

    enum ArithmeticOp {
        ADD("+", "add"), SUBTRACT("-", "subtract"), MULTIPLY("*", "multiply"), DIVIDE("/", "divide"),
        MODULO("%", "modulo"), NEGATE("-", "negate");

        public final String symbol;
        public final String function;

        ArithmeticOp(String symbol, String function) {
            this.symbol = symbol;
            this.function = function;
        }
    }
}
