package org.eqlfusion.drl;

import java.util.List;
import org.eqlfusion.eql.ast.Query;
import org.eqlfusion.eql.ast.Statement;
import org.eqlfusion.eql.check.QueryChecker;
import org.eqlfusion.eql.parser.EqlError;
import org.eqlfusion.eql.parser.EqlException;
import org.eqlfusion.eql.parser.EqlParsing;
import org.eqlfusion.rules.QuerySettings;
import org.eqlfusion.rules.RuleException;

/**
 * Lowers a rule exception's {@code where} to the constraint every pattern of its rules ends with:
 * {@code !(c1 && c2 ...)}, the same constraints an EQL query's condition gives, negated, so an
 * event that meets the exception matches no pattern; with {@code && before("<expiry>")} when the
 * exception expires, so that events from then on are seen again. The condition is checked as a
 * query's is; errors are placed at their line and column in the exceptions file.
 */
public final class ExceptionWriter {

    /** The condition is parsed as the query {@code any where <condition>}. */
    private static final String PREFIX = "any where ";

    private ExceptionWriter() {
    }

    /** The negated constraint, or a {@link RuleCompileException} naming the exceptions file, line and column. */
    public static String constraint(RuleException exception) {
        String query = PREFIX + exception.where();
        Statement statement;
        try {
            statement = QueryChecker.check(query, EqlParsing.parse(query));
        } catch (EqlException e) {
            List<EqlError> placed = e.errors().stream().map(err -> place(exception, err)).toList();
            throw new RuleCompileException(exception.source(), placed, "invalid exception", e.getMessage());
        } catch (StackOverflowError e) {
            throw error(exception, "the condition is nested too deeply or joins too many terms to compile");
        }
        if (!statement.pipes().isEmpty() || !(statement.query() instanceof Query.EventFilter filter)) {
            throw error(exception, "where is a condition on one event (field == value and ...), not a query");
        }
        List<String> constraints = ConditionWriter.constraints(filter, QuerySettings.DEFAULT);
        if (constraints.isEmpty()) {
            throw error(exception, "the condition holds for every event: the exception would silence its rules");
        }
        if (exception.expires() != null) {
            constraints.add("before(" + DrlText.literal(exception.expires().toString()) + ")");
        }
        return "!(" + String.join(" && ", constraints) + ")";
    }

    private static RuleCompileException error(RuleException exception, String message) {
        EqlError at = new EqlError(exception.whereLine(), exception.whereColumn(), "exception \"" + exception.name() + "\": " + message);
        return new RuleCompileException(exception.source(), List.of(at), "invalid exception", at.message());
    }

    /** An error's place in the exceptions file: the condition's first line starts at whereColumn, after the prefix. */
    private static EqlError place(RuleException exception, EqlError err) {
        int line = exception.whereLine() + err.line() - 1;
        int column = err.line() == 1 ? exception.whereColumn() + Math.max(0, err.column() - 1 - PREFIX.length()) : err.column();
        return new EqlError(line, column, err.message());
    }
}
