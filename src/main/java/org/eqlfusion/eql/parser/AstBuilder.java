package org.eqlfusion.eql.parser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Expr.ArithmeticOp;
import org.eqlfusion.eql.ast.Expr.ComparisonOp;
import org.eqlfusion.eql.ast.Expr.MatchOp;
import org.eqlfusion.eql.ast.Position;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.eql.ast.Query.EventFilter;
import org.eqlfusion.eql.ast.Query.Stage;
import org.eqlfusion.eql.ast.Statement;

/** Turns the ANTLR parse tree into AST records; problems the grammar cannot see are collected as errors. */
final class AstBuilder {

    private final List<EqlError> errors = new ArrayList<>();

    List<EqlError> errors() {
        return errors;
    }

    Statement statement(EqlParser.StatementContext ctx) {
        Query query = query(ctx.query());
        List<Statement.Pipe> pipes = new ArrayList<>();
        for (EqlParser.PipeContext p : ctx.pipe()) {
            pipes.add(new Statement.Pipe(p.name.getText(), p.expression().stream().map(this::expression).toList(), pos(p)));
        }
        return new Statement(query, pipes);
    }

    private Query query(EqlParser.QueryContext ctx) {
        if (ctx.sequence() != null) {
            return sequence(ctx.sequence());
        }
        if (ctx.sample() != null) {
            return sample(ctx.sample());
        }
        return eventFilter(ctx.eventQuery().eventFilter());
    }

    private Query.Sequence sequence(EqlParser.SequenceContext ctx) {
        List<Expr> by = List.of();
        Duration maxspan = null;
        EqlParser.SequenceHeaderContext header = ctx.sequenceHeader();
        if (header != null) {
            by = header.joinKeys() == null ? List.of() : keys(header.joinKeys());
            maxspan = header.maxspan == null ? null : duration(header.maxspan);
        }
        List<EqlParser.SequenceTermContext> terms = new ArrayList<>(ctx.sequenceTerm());
        Stage until = null;
        if (ctx.untilTerm != null) {
            terms.remove(ctx.untilTerm);
            until = stage(ctx.untilTerm);
        }
        return new Query.Sequence(by, maxspan, terms.stream().map(this::stage).toList(), until, pos(ctx));
    }

    private Stage stage(EqlParser.SequenceTermContext ctx) {
        int runs = 1;
        if (ctx.runs != null) {
            runs = integer(ctx.runs);
            if (runs < 1 || runs > 100) {
                error(ctx.runs, "runs must be between 1 and 100, not " + ctx.runs.getText());
            }
        }
        return new Stage(eventFilter(ctx.eventFilter()), ctx.joinKeys() == null ? List.of() : keys(ctx.joinKeys()),
                runs, ctx.missing != null, pos(ctx));
    }

    private Query.Sample sample(EqlParser.SampleContext ctx) {
        List<Expr> by = List.of();
        List<Stage> stages = new ArrayList<>();
        int filter = 0;
        for (int i = 1; i < ctx.getChildCount(); i++) {
            var child = ctx.getChild(i);
            if (child instanceof EqlParser.JoinKeysContext keys) {
                if (filter == 0) {
                    by = keys(keys);
                } else {
                    Stage last = stages.remove(stages.size() - 1);
                    stages.add(new Stage(last.filter(), keys(keys), 1, false, last.position()));
                }
            } else if (child instanceof EqlParser.EventFilterContext f) {
                stages.add(new Stage(eventFilter(f), List.of(), 1, false, pos(f)));
                filter++;
            }
        }
        return new Query.Sample(by, stages, pos(ctx));
    }

    private List<Expr> keys(EqlParser.JoinKeysContext ctx) {
        return ctx.expression().stream().map(this::expression).toList();
    }

    private EventFilter eventFilter(EqlParser.EventFilterContext ctx) {
        String category = null;
        if (ctx.eventCategory() != null) {
            var c = ctx.eventCategory();
            category = c.STRING() != null ? string(c.STRING().getSymbol())
                    : c.QUOTED_IDENTIFIER() != null ? unquoteIdentifier(c.QUOTED_IDENTIFIER().getText()) : c.getText();
        }
        return new EventFilter(category, expression(ctx.expression()), pos(ctx));
    }

    Expr expression(EqlParser.ExpressionContext ctx) {
        return bool(ctx.booleanExpression());
    }

    private Expr bool(EqlParser.BooleanExpressionContext ctx) {
        if (ctx instanceof EqlParser.LogicalNotContext not) {
            return new Expr.Not(bool(not.booleanExpression()), pos(ctx));
        }
        if (ctx instanceof EqlParser.LogicalAndContext and) {
            return new Expr.And(bool(and.left), bool(and.right), pos(ctx));
        }
        if (ctx instanceof EqlParser.LogicalOrContext or) {
            return new Expr.Or(bool(or.left), bool(or.right), pos(ctx));
        }
        return predicated(((EqlParser.BooleanDefaultContext) ctx).predicated());
    }

    private Expr predicated(EqlParser.PredicatedContext ctx) {
        Expr value = value(ctx.valueExpression());
        EqlParser.PredicateContext p = ctx.predicate();
        if (p == null) {
            return value;
        }
        List<Expr> values = new ArrayList<>();
        if (!p.expression().isEmpty()) {
            p.expression().forEach(e -> values.add(expression(e)));
        } else {
            p.constant().forEach(c -> values.add(constant(c)));
        }
        MatchOp op = switch (p.kind.getType()) {
            case EqlLexer.IN -> MatchOp.IN;
            case EqlLexer.IN_INSENSITIVE -> MatchOp.IN_INSENSITIVE;
            case EqlLexer.SEQ -> MatchOp.SEQ;
            case EqlLexer.LIKE -> MatchOp.LIKE;
            case EqlLexer.LIKE_INSENSITIVE -> MatchOp.LIKE_INSENSITIVE;
            case EqlLexer.REGEX -> MatchOp.REGEX;
            default -> MatchOp.REGEX_INSENSITIVE;
        };
        return new Expr.Match(op, value, values, p.NOT() != null, pos(ctx));
    }

    private Expr value(EqlParser.ValueExpressionContext ctx) {
        if (ctx instanceof EqlParser.ValueExpressionDefaultContext d) {
            return primary(d.primaryExpression());
        }
        if (ctx instanceof EqlParser.ArithmeticUnaryContext u) {
            Expr operand = value(u.valueExpression());
            if (u.operator.getType() == EqlLexer.PLUS) {
                return operand;
            }
            if (operand instanceof Expr.Literal lit && lit.value() instanceof Number n) {
                return new Expr.Literal(n instanceof Long l ? (Object) (-l) : (Object) (-n.doubleValue()), pos(ctx));
            }
            return new Expr.Arithmetic(ArithmeticOp.NEGATE, null, operand, pos(ctx));
        }
        if (ctx instanceof EqlParser.ArithmeticBinaryContext b) {
            ArithmeticOp op = switch (b.operator.getType()) {
                case EqlLexer.PLUS -> ArithmeticOp.ADD;
                case EqlLexer.MINUS -> ArithmeticOp.SUBTRACT;
                case EqlLexer.ASTERISK -> ArithmeticOp.MULTIPLY;
                case EqlLexer.SLASH -> ArithmeticOp.DIVIDE;
                default -> ArithmeticOp.MODULO;
            };
            return new Expr.Arithmetic(op, value(b.left), value(b.right), pos(ctx));
        }
        EqlParser.ComparisonContext c = (EqlParser.ComparisonContext) ctx;
        ComparisonOp op = switch (c.comparisonOperator().getStart().getType()) {
            case EqlLexer.EQ -> ComparisonOp.EQ;
            case EqlLexer.NEQ -> ComparisonOp.NEQ;
            case EqlLexer.LT -> ComparisonOp.LT;
            case EqlLexer.LTE -> ComparisonOp.LTE;
            case EqlLexer.GT -> ComparisonOp.GT;
            default -> ComparisonOp.GTE;
        };
        return new Expr.Comparison(op, value(c.left), value(c.right), pos(ctx));
    }

    private Expr primary(EqlParser.PrimaryExpressionContext ctx) {
        if (ctx instanceof EqlParser.ConstantDefaultContext c) {
            return constant(c.constant());
        }
        if (ctx instanceof EqlParser.FunctionContext f) {
            EqlParser.FunctionExpressionContext fn = f.functionExpression();
            String name = fn.name.getText();
            boolean insensitive = name.endsWith("~");
            return new Expr.Call(insensitive ? name.substring(0, name.length() - 1) : name, insensitive,
                    fn.expression().stream().map(this::expression).toList(), pos(ctx));
        }
        if (ctx instanceof EqlParser.DereferenceContext d) {
            return field(d.qualifiedName(), false);
        }
        if (ctx instanceof EqlParser.OptionalDereferenceContext o) {
            return field(o.qualifiedName(), true);
        }
        return expression(((EqlParser.ParenthesizedExpressionContext) ctx).expression());
    }

    private Expr field(EqlParser.QualifiedNameContext ctx, boolean optional) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < ctx.getChildCount(); i++) {
            var child = ctx.getChild(i);
            if (child instanceof EqlParser.IdentifierContext id) {
                if (name.length() > 0) {
                    name.append('.');
                }
                name.append(id.QUOTED_IDENTIFIER() != null ? unquoteIdentifier(id.getText()) : id.getText());
            } else if (child instanceof TerminalNode t && t.getSymbol().getType() == EqlLexer.LBRACKET) {
                error(t.getSymbol(), "array indexes ([n]) on fields are not supported");
            }
        }
        return new Expr.Field(name.toString(), optional, pos(ctx));
    }

    private Expr constant(EqlParser.ConstantContext ctx) {
        if (ctx instanceof EqlParser.NullLiteralContext) {
            return new Expr.Literal(null, pos(ctx));
        }
        if (ctx instanceof EqlParser.BooleanLiteralContext b) {
            return new Expr.Literal(b.TRUE() != null, pos(ctx));
        }
        if (ctx instanceof EqlParser.StringLiteralContext s) {
            return new Expr.Literal(string(s.STRING().getSymbol()), pos(ctx));
        }
        EqlParser.NumberContext n = ((EqlParser.NumericLiteralContext) ctx).number();
        String text = n.getText();
        if (n instanceof EqlParser.IntegerLiteralContext) {
            try {
                return new Expr.Literal(Long.parseLong(text), pos(ctx));
            } catch (NumberFormatException e) {
                error(n.getStart(), "number " + text + " is too large");
                return new Expr.Literal(0L, pos(ctx));
            }
        }
        return new Expr.Literal(Double.parseDouble(text), pos(ctx));
    }

    /** A string literal's value: {@code """raw"""} as written, {@code "..."} with its escapes read. */
    private String string(Token token) {
        String text = token.getText();
        if (text.startsWith("\"\"\"")) {
            return text.substring(3, text.length() - 3);
        }
        if (text.startsWith("'")) {
            error(token, "single quotes are not supported for strings; use double quotes");
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '"', '\'', '\\' -> out.append(e);
                case 'u' -> {
                    int close = text.indexOf('}', i);
                    if (i + 1 < text.length() && text.charAt(i + 1) == '{' && close > 0) {
                        try {
                            out.appendCodePoint(Integer.parseInt(text.substring(i + 2, close), 16));
                            i = close;
                            break;
                        } catch (IllegalArgumentException bad) {
                            // reported below
                        }
                    }
                    error(token, "invalid unicode escape in " + text + "; write \\u{hex}");
                }
                default -> error(token, "invalid escape sequence \\" + e + " in " + text);
            }
        }
        return out.toString();
    }

    private static String unquoteIdentifier(String text) {
        return text.substring(1, text.length() - 1).replace("``", "`");
    }

    private Duration duration(EqlParser.TimeValueContext ctx) {
        String text = ctx.getText();
        int split = 0;
        while (split < text.length() && Character.isDigit(text.charAt(split))) {
            split++;
        }
        long n = Long.parseLong(text.substring(0, split));
        String unit = text.substring(split);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> {
                error(ctx.getStart(), "unknown time unit '" + unit + "' in maxspan; use ms, s, m, h or d");
                yield Duration.ZERO;
            }
        };
    }

    private int integer(Token token) {
        try {
            return Integer.parseInt(token.getText());
        } catch (NumberFormatException e) {
            error(token, "number " + token.getText() + " is too large");
            return 1;
        }
    }

    private void error(Token token, String message) {
        errors.add(new EqlError(token.getLine(), token.getCharPositionInLine() + 1, message));
    }

    private static Position pos(ParserRuleContext ctx) {
        return new Position(ctx.getStart().getLine(), ctx.getStart().getCharPositionInLine() + 1);
    }
}
