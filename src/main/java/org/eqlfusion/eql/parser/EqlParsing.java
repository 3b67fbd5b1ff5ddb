package org.eqlfusion.eql.parser;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.eqlfusion.eql.ast.Statement;

/** Parses EQL text into a {@link Statement}; every syntax error is collected with its line and column. */
public final class EqlParsing {

    private EqlParsing() {
    }

    public static Statement parse(String query) {
        List<EqlError> errors = new ArrayList<>();
        BaseErrorListener collect = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int charPositionInLine,
                                    String msg, RecognitionException e) {
                String message = msg;
                if (offending instanceof Token token && token.getType() == EqlLexer.UNRECOGNIZED) {
                    message = "unexpected character '" + token.getText() + "'";
                }
                errors.add(new EqlError(line, charPositionInLine + 1, message));
            }
        };
        EqlLexer lexer = new EqlLexer(CharStreams.fromString(query));
        lexer.removeErrorListeners();
        lexer.addErrorListener(collect);
        EqlParser parser = new EqlParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(collect);
        EqlParser.StatementContext tree = parser.statement();
        if (!errors.isEmpty()) {
            throw new EqlException(query, errors.subList(0, 1));
        }
        AstBuilder builder = new AstBuilder();
        Statement statement = builder.statement(tree);
        if (!builder.errors().isEmpty()) {
            throw new EqlException(query, builder.errors());
        }
        return statement;
    }
}
