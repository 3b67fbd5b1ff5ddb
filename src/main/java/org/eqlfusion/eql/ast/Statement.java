package org.eqlfusion.eql.ast;

import java.util.List;

/** A whole EQL statement: a query and its pipes ({@code | head 5}). */
public record Statement(Query query, List<Pipe> pipes) {

    public record Pipe(String name, List<Expr> args, Position position) {
    }
}
