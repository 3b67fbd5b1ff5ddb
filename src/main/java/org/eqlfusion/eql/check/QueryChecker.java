package org.eqlfusion.eql.check;

import java.util.ArrayList;
import java.util.List;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Position;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.eql.ast.Statement;
import org.eqlfusion.eql.parser.EqlError;
import org.eqlfusion.eql.parser.EqlException;
import org.eqlfusion.semantics.LuceneRegex;

/**
 * The checks Elasticsearch makes before it runs a query: known functions with the right number of
 * arguments, {@code ~} only where a function has it, patterns that are strings, valid regular
 * expressions, no field compared with another field, sequences of two stages or more with the same
 * number of join keys each, and missing-event stages only with a maxspan.
 */
public final class QueryChecker {

    /**
     * How deep functions and arithmetic may nest: each becomes a call in the DRL, and Drools' DRL
     * parser takes time exponential in how deeply calls nest (measured: 15 levels 4 s, 18 levels of
     * {@code + 1} 21 s, 20 of {@code length(...)} 37 s, 50 not done in two minutes). Elastic's
     * catalogue nests a few levels.
     */
    static final int MAX_VALUE_NESTING = 12;

    private final List<EqlError> errors = new ArrayList<>();
    /** How many calls and arithmetic operations enclose the expression being checked. */
    private int valueNesting;

    private QueryChecker() {
    }

    /** Throws an {@link EqlException} listing every problem, or returns the statement unchanged. */
    public static Statement check(String text, Statement statement) {
        QueryChecker checker = new QueryChecker();
        checker.query(statement.query());
        statement.pipes().forEach(checker::pipe);
        if (!checker.errors.isEmpty()) {
            throw new EqlException(text, checker.errors);
        }
        return statement;
    }

    /** Elasticsearch's two pipes, {@code | head N} and {@code | tail N}: one whole number, 0 or more. */
    private void pipe(Statement.Pipe pipe) {
        if (!pipe.name().equals("head") && !pipe.name().equals("tail")) {
            error(pipe.position(), "unknown pipe | " + pipe.name() + "; Elasticsearch's EQL has | head N and | tail N");
            return;
        }
        if (pipe.args().size() != 1) {
            error(pipe.position(), "| " + pipe.name() + " takes one number, how many results to keep; found "
                    + pipe.args().size());
            return;
        }
        Expr count = pipe.args().get(0);
        if (!(count instanceof Expr.Literal lit && lit.value() instanceof Long n && n >= 0 && n <= Integer.MAX_VALUE)) {
            error(count.position(), "| " + pipe.name() + " takes a whole number from 0 to " + Integer.MAX_VALUE
                    + ", how many results to keep");
        }
    }

    private void query(Query query) {
        if (query instanceof Query.EventFilter f) {
            expr(f.condition());
        } else if (query instanceof Query.Sequence s) {
            sequence(s);
        } else if (query instanceof Query.Sample s) {
            s.by().forEach(this::joinKey);
            s.stages().forEach(stage -> {
                expr(stage.filter().condition());
                stage.by().forEach(this::joinKey);
            });
        }
    }

    private void sequence(Query.Sequence s) {
        if (s.stages().stream().mapToInt(Query.Stage::runs).sum() < 2) {
            error(s.position(), "a sequence needs at least two stages (a stage with runs=N counts N times)");
        }
        s.by().forEach(this::joinKey);
        int keys = -1;
        List<Query.Stage> all = new ArrayList<>(s.stages());
        if (s.until() != null) {
            all.add(s.until());
            if (s.until().missing()) {
                error(s.until().position(), "the until stage cannot be a missing event (![...])");
            }
        }
        for (Query.Stage stage : all) {
            expr(stage.filter().condition());
            stage.by().forEach(this::joinKey);
            if (keys >= 0 && stage.by().size() != keys) {
                error(stage.position(), "inconsistent number of join keys: this stage has " + stage.by().size()
                        + ", an earlier one " + keys);
            }
            keys = stage.by().size();
            if (stage.missing() && s.maxspan() == null) {
                error(stage.position(), "a missing event stage (![...]) needs the sequence to have a maxspan");
            }
        }
        if (s.stages().stream().allMatch(Query.Stage::missing)) {
            error(s.position(), "a sequence needs at least one stage that is not a missing event");
        }
        if (s.maxspan() != null && s.maxspan().isZero()) {
            error(s.position(), "maxspan must be greater than zero");
        }
    }

    private void joinKey(Expr key) {
        if (!(key instanceof Expr.Field)) {
            error(key.position(), "join keys must be fields");
        }
    }

    private void expr(Expr expr) {
        if (expr instanceof Expr.Not n) {
            expr(n.operand());
        } else if (expr instanceof Expr.And a) {
            expr(a.left());
            expr(a.right());
        } else if (expr instanceof Expr.Or o) {
            expr(o.left());
            expr(o.right());
        } else if (expr instanceof Expr.Comparison c) {
            // an optional field absent from the mapping is a null constant to Elasticsearch, so ?x == ?y is allowed
            if (c.left() instanceof Expr.Field a && c.right() instanceof Expr.Field b && !a.optional() && !b.optional()) {
                error(c.position(), "comparing two fields (" + a.name() + " " + c.op().symbol + " " + b.name()
                        + ") is not supported");
            }
            expr(c.left());
            expr(c.right());
        } else if (expr instanceof Expr.Match m) {
            match(m);
        } else if (expr instanceof Expr.Call call) {
            nested(call.position(), () -> call(call));
        } else if (expr instanceof Expr.Arithmetic a) {
            nested(a.position(), () -> {
                if (a.left() != null) {
                    expr(a.left());
                }
                expr(a.right());
            });
        }
    }

    /** Checks a call or an arithmetic operation one level deeper, saying so where it passes the bound. */
    private void nested(Position at, Runnable check) {
        if (++valueNesting == MAX_VALUE_NESTING + 1) {
            error(at, "functions and arithmetic nest more than " + MAX_VALUE_NESTING + " deep here; eql-fusion compiles at most "
                    + MAX_VALUE_NESTING + " (Drools' DRL parser takes time exponential in this depth)");
        }
        try {
            check.run();
        } finally {
            valueNesting--;
        }
    }

    private void match(Expr.Match m) {
        expr(m.left());
        boolean patterns = m.op() != Expr.MatchOp.IN && m.op() != Expr.MatchOp.IN_INSENSITIVE;
        for (Expr value : m.values()) {
            expr(value);
            if (patterns && !(value instanceof Expr.Literal lit && (lit.value() instanceof String
                    || (m.op() == Expr.MatchOp.SEQ && lit.value() instanceof Number)))) {
                error(value.position(), "the pattern of " + m.op().symbol + " must be a string");
            }
            if ((m.op() == Expr.MatchOp.REGEX || m.op() == Expr.MatchOp.REGEX_INSENSITIVE)
                    && value instanceof Expr.Literal lit && lit.value() instanceof String regex) {
                try {
                    LuceneRegex.compile(regex, false);
                } catch (IllegalArgumentException e) {
                    error(value.position(), e.getMessage());
                }
            }
        }
    }

    private void call(Expr.Call call) {
        call.args().forEach(this::expr);
        Functions.Signature f = Functions.find(call.name());
        if (f == null) {
            error(call.position(), "unknown function " + call.name() + "(); EQL has " + String.join(", ", Functions.names()));
            return;
        }
        int n = call.args().size();
        if (n < f.min() || (f.max() >= 0 && n > f.max())) {
            String expected = f.max() < 0 ? "at least " + f.min() : f.min() == f.max() ? String.valueOf(f.min())
                    : f.min() + " to " + f.max();
            error(call.position(), f.name() + "() takes " + expected + " argument" + (expected.equals("1") ? "" : "s")
                    + ", not " + n);
        }
        if (call.insensitive() && !f.foldsCase()) {
            error(call.position(), f.name() + "() has no case-insensitive form " + f.name() + "~()");
        }
    }

    private void error(Position at, String message) {
        errors.add(new EqlError(at.line(), at.column(), message));
    }
}
