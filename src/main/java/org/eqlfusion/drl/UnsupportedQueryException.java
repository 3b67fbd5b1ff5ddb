package org.eqlfusion.drl;

/** A valid EQL query that eql-fusion cannot run yet (samples, pipes, missing events), with the reason. */
public final class UnsupportedQueryException extends RuntimeException {

    private final String reason;

    public UnsupportedQueryException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** A short reason shared by every query refused for the same cause, for counts in reports. */
    public String reason() {
        return reason;
    }
}
