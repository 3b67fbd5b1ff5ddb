package org.eqlfusion.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as users write them: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 0}, or ISO-8601 ({@code PT10S}). */
public final class Durations implements ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = SIMPLE.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            if (unit == null && n != 0) {
                throw new TypeConversionException("'" + text + "' needs a unit: ms, s, m, h or d (e.g. 10s)");
            }
            return switch (unit == null ? "s" : unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a duration (examples: 500ms, 10s, 2m, 1h)");
        }
    }
}
