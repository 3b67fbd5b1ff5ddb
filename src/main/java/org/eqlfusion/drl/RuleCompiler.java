package org.eqlfusion.drl;

import java.util.List;
import org.eqlfusion.eql.ast.Statement;
import org.eqlfusion.eql.check.QueryChecker;
import org.eqlfusion.eql.parser.EqlError;
import org.eqlfusion.eql.parser.EqlException;
import org.eqlfusion.eql.parser.EqlParsing;
import org.eqlfusion.rules.RuleDefinition;

/** EQL rule to DRL text: parse, check, generate. Errors are placed at their line and column in the rule's file. */
public final class RuleCompiler {

    private RuleCompiler() {
    }

    /** The DRL of one rule, or a {@link RuleCompileException} naming what and where. */
    public static String compile(RuleDefinition rule) {
        try {
            Statement statement = QueryChecker.check(rule.query(), EqlParsing.parse(rule.query()));
            return DrlGenerator.generate(rule, statement);
        } catch (EqlException e) {
            List<EqlError> placed = e.errors().stream().map(err -> place(rule, err)).toList();
            throw new RuleCompileException(rule.source(), placed, "invalid EQL", e.getMessage());
        } catch (UnsupportedQueryException e) {
            throw new RuleCompileException(rule.source(), List.of(), "unsupported: " + e.reason(), e.getMessage());
        } catch (StackOverflowError e) {
            // parser, checker and generator walk the expression tree recursively: thousands of nested
            // parentheses, or thousands of terms joined by and/or, run out of stack. An error for this
            // rule, not the end of the command or of the server's reload thread (the stack is unwound here)
            EqlError where = place(rule, new EqlError(1, 1, "the query is nested too deeply or joins too many terms to compile;"
                    + " split it, or use in (...) for long lists of values"));
            throw new RuleCompileException(rule.source(), List.of(where), "query too deep", where.message());
        }
    }

    /** An error's position in the rule file: query lines start at queryLine, the first at queryColumn. */
    private static EqlError place(RuleDefinition rule, EqlError err) {
        int line = rule.queryLine() + err.line() - 1;
        int column = err.line() == 1 ? rule.queryColumn() + err.column() - 1 : err.column();
        return new EqlError(line, column, err.message());
    }
}
