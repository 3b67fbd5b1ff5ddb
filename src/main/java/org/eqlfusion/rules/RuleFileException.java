package org.eqlfusion.rules;

/** A rule file that cannot be used: unreadable, not TOML, not an EQL rule, or missing a required key. */
public final class RuleFileException extends Exception {

    public RuleFileException(String message) {
        super(message);
    }
}
