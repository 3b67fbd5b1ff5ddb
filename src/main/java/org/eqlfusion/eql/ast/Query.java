package org.eqlfusion.eql.ast;

import java.time.Duration;
import java.util.List;

/** An EQL query: one event filter, a sequence of them, or a sample. Pipes come with the {@link Statement}. */
public sealed interface Query {

    Position position();

    /** {@code <category> where <condition>}; category null for {@code any}. */
    record EventFilter(String category, Expr condition, Position position) implements Query {
    }

    /**
     * {@code sequence [by keys] [with maxspan=D] stage stage ... [until stage]}.
     *
     * @param maxspan null when the sequence has none
     */
    record Sequence(List<Expr> by, Duration maxspan, List<Stage> stages, Stage until, Position position) implements Query {
    }

    /** {@code [filter] [by keys] [with runs=N]}, or a missing-event stage {@code ![filter]}. */
    record Stage(EventFilter filter, List<Expr> by, int runs, boolean missing, Position position) {
    }

    /** {@code sample [by keys] [filter] [by keys] ...}. */
    record Sample(List<Expr> by, List<Stage> stages, Position position) implements Query {
    }
}
