package org.eqlfusion.eql.ast;

/** Where something starts in the EQL text: 1-based line and column. */
public record Position(int line, int column) {

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
