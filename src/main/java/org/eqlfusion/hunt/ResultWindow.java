package org.eqlfusion.hunt;

import java.util.List;
import org.eqlfusion.eql.ast.Expr;
import org.eqlfusion.eql.ast.Statement;

/**
 * Which of a search's results, in Elasticsearch's order, it returns: the query's pipes in turn
 * ({@code | head N} keeps the first N of what is left, {@code | tail N} the last N), then the
 * request's {@code size} taken from the end {@code result_position} names (Elasticsearch's
 * default is the tail: the most recent).
 */
public record ResultWindow(List<Statement.Pipe> pipes, Integer size, boolean sizeFromHead) {

    /** The pipes alone, every result they leave. */
    public static ResultWindow of(Statement statement) {
        return new ResultWindow(statement.pipes(), null, false);
    }

    /** The same window, then at most {@code size} results from the head or the tail of what is left. */
    public ResultWindow limit(int size, boolean fromHead) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        return new ResultWindow(pipes, size, fromHead);
    }

    /** The results of {@code all} (in result order) that this window returns, in the same order. */
    public <T> List<T> select(List<T> all) {
        int from = 0;
        int to = all.size();
        for (Statement.Pipe pipe : pipes) {
            int n = (int) (long) (Long) ((Expr.Literal) pipe.args().get(0)).value();
            if (pipe.name().equals("head")) {
                to = Math.min(to, from + n);
            } else {
                from = Math.max(from, to - n);
            }
        }
        if (size != null) {
            if (sizeFromHead) {
                to = Math.min(to, from + size);
            } else {
                from = Math.max(from, to - size);
            }
        }
        return all.subList(from, to);
    }

    /** {@code | head 4 | tail 2}, as the query wrote it; empty without pipes. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        for (Statement.Pipe pipe : pipes) {
            s.append(s.length() == 0 ? "| " : " | ").append(pipe.name()).append(' ')
                    .append(((Expr.Literal) pipe.args().get(0)).value());
        }
        return s.toString();
    }
}
