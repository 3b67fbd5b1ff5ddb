package org.eqlfusion.eql.parser;

import java.util.List;

/**
 * A query that does not parse or does not pass the checks, with every error found. The message
 * shows each error as {@code line:column: message} followed by the query line and a caret under
 * the column.
 */
public final class EqlException extends RuntimeException {

    private final transient List<EqlError> errors;

    public EqlException(String query, List<EqlError> errors) {
        super(format(query, errors));
        this.errors = List.copyOf(errors);
    }

    public List<EqlError> errors() {
        return errors;
    }

    /** The first error's message alone, for one-line reports. */
    public String firstMessage() {
        return errors.get(0).message();
    }

    static String format(String query, List<EqlError> errors) {
        String[] lines = query.split("\\R", -1);
        StringBuilder out = new StringBuilder();
        for (EqlError e : errors) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(e.line()).append(':').append(e.column()).append(": ").append(e.message());
            if (e.line() >= 1 && e.line() <= lines.length) {
                String line = lines[e.line() - 1];
                out.append('\n').append(line).append('\n')
                        .append(" ".repeat(Math.max(0, Math.min(e.column() - 1, line.length())))).append('^');
            }
        }
        return out.toString();
    }
}
