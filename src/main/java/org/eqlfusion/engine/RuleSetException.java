package org.eqlfusion.engine;

/** Rules that cannot be loaded: missing, unreadable, or not compiling (the message lists every error). */
public final class RuleSetException extends RuntimeException {

    public RuleSetException(String message) {
        super(message);
    }
}
