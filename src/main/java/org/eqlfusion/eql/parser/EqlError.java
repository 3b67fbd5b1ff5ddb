package org.eqlfusion.eql.parser;

/** One problem in an EQL query, at a 1-based line and column of the query text. */
public record EqlError(int line, int column, String message) {

    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
