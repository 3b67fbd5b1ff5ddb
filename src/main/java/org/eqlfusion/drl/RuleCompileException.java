package org.eqlfusion.drl;

import java.util.List;
import java.util.stream.Collectors;
import org.eqlfusion.eql.parser.EqlError;

/**
 * A rule that does not compile. {@link #getMessage()} lists each error as {@code FILE:LINE:COLUMN: message};
 * {@link #reason()} is a short category for reports ("invalid EQL", "unsupported: sample", ...).
 */
public final class RuleCompileException extends RuntimeException {

    private final String source;
    private final transient List<EqlError> errors;
    private final String reason;

    public RuleCompileException(String source, List<EqlError> errors, String reason, String detail) {
        super(errors.isEmpty() ? source + ": " + detail
                : errors.stream().map(e -> source + ":" + e).collect(Collectors.joining("\n")));
        this.source = source;
        this.errors = List.copyOf(errors);
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public List<EqlError> errors() {
        return errors;
    }

    public String reason() {
        return reason;
    }
}
