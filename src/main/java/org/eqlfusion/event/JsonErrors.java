package org.eqlfusion.event;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A JSON parse error as the shipper's user reads it: what is wrong, without the parser's own
 * advice on which of its settings would have let it through ("enable `JsonReadFeature...` to
 * allow") or its source description. Where the error is stays the caller's to say.
 */
public final class JsonErrors {

    private static final Pattern PARSER_ADVICE = Pattern.compile(
            ": enable `[^`]+` to allow| \\(not recognized as one since Feature '[^']+' not enabled for parser\\)");
    /** Where a read limit comes from, in Jackson's words: "(100, from `StreamReadConstraints.getMaxNestingDepth()`)". */
    private static final Pattern LIMIT_SOURCE = Pattern.compile(", from `[^`]+`\\)");
    private static final Pattern START_MARKER = Pattern.compile(
            "\\(start marker at \\[Source: .*?; line: \\d+, column: (\\d+)\\]\\)");

    private JsonErrors() {
    }

    /** What is wrong: {@code Non-standard token 'NaN'}, {@code expected close marker for Object (opened at column 1)}. */
    public static String reason(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        message = PARSER_ADVICE.matcher(message).replaceAll("");
        message = START_MARKER.matcher(message).replaceAll("(opened at column $1)");
        message = LIMIT_SOURCE.matcher(message).replaceAll(")");
        return message.split("\n", 2)[0];
    }

    /** Where in a text of several lines: {@code " at line 3, column 14"}, or nothing when the parser does not say. */
    public static String atLineAndColumn(IOException e) {
        JsonLocation at = where(e);
        return at == null || at.getLineNr() <= 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Where in a file, as compilers say it after the file's name: {@code ":3:14"}, or nothing when the parser does not say. */
    public static String colonLineColumn(IOException e) {
        JsonLocation at = where(e);
        return at == null || at.getLineNr() <= 0 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
    }

    /** The column of the error on its line, or -1 when the parser does not say. */
    public static int column(IOException e) {
        JsonLocation at = where(e);
        return at == null ? -1 : at.getColumnNr();
    }

    private static JsonLocation where(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
    }
}
