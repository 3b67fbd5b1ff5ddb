package org.eqlfusion.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class WildcardsTest {

    /** The meaning of a wildcard pattern written as a regular expression: the reference to match against. */
    private static boolean reference(String value, String pattern, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        int flags = Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        return Pattern.compile(regex.toString(), flags).matcher(value).matches();
    }

    @Test
    void randomPatternsMatchAsTheirRegularExpressionDoes() {
        Random random = new Random(20261128);
        String alphabet = "abAB\\.*?";
        int matched = 0;
        for (int i = 0; i < 200_000; i++) {
            String value = text(random, "abAB\\.", random.nextInt(9));
            String pattern = text(random, alphabet, random.nextInt(7));
            boolean ignoreCase = random.nextBoolean();
            boolean expected = reference(value, pattern, ignoreCase);
            assertThat(Wildcards.matches(value, pattern, ignoreCase))
                    .as("%s against %s, ignore case %s", value, pattern, ignoreCase)
                    .isEqualTo(expected);
            matched += expected ? 1 : 0;
        }
        // the cases are not all one-sided
        assertThat(matched).isBetween(10_000, 190_000);
    }

    @Test
    void theFixedEndAndWhatPrecedesItMustBothMatch() {
        assertThat(Wildcards.matches("c:\\windows\\system32\\cmd.exe", "?:\\windows\\*\\cmd.exe", true)).isTrue();
        assertThat(Wildcards.matches("c:\\windows\\system32\\cmd.exe", "?:\\windows\\*\\cme.exe", true)).isFalse();
        assertThat(Wildcards.matches("d:\\temp\\cmd.exe", "?:\\windows\\*\\cmd.exe", true)).isFalse();
        // the end needs characters of its own: a star may not lend them to it
        assertThat(Wildcards.matches("ab", "*ab?", false)).isFalse();
        assertThat(Wildcards.matches("xab", "*ab", false)).isTrue();
        assertThat(Wildcards.matches("ab", "a*ab", false)).isFalse();
        assertThat(Wildcards.matches("aab", "a*ab", false)).isTrue();
    }

    private static String text(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
