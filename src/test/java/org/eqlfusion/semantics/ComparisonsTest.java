package org.eqlfusion.semantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.eqlfusion.event.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonsTest {

    @ParameterizedTest(name = "{0} like {1} (ignore case {2}) = {3}")
    @CsvSource({
            "cmd.exe, *.exe, false, true",
            "CMD.EXE, *.exe, false, false",
            "CMD.EXE, *.exe, true, true",
            "cmd.exe, c?d.exe, false, true",
            "cmd.exe, c?.exe, false, false",
            "C:\\Windows\\System32\\cmd.exe, C:\\Windows\\*\\cmd.exe, false, true",
            "abcabc, *abc*abc*, false, true",
            "abc, *abc*abc*, false, false",
            "a*b, a*b, false, true",
            "'', *, false, true",
            "x, '', false, false",
            // a star that has to give back what it took (backtracking)
            "aaab, *a*b, false, true",
            "abab, *ab, false, true",
            "abac, *ab, false, false",
            "mississippi, m*iss*ppi, false, true",
            "mississippi, m*iss*pi?, false, false",
            "xy, ??, false, true",
            "xy, ?*?, false, true",
            "x, ?*?, false, false",
            "C:\\USERS\\Public\\a.EXE, ?:\\users\\*\\*.exe, true, true",
            "powershell.exe -enc ZQBjAGgAbwA=, *-ENC*, true, true",
            // folding as equalsIgnoreCase does: the long s and the Kelvin sign
            "\u017fcript.exe, Script.exe, true, true",
            "\u212a.exe, k.*, true, true",
            // characters outside the BMP fold whole (Deseret capital and small long i)
            "\uD801\uDC00x, \uD801\uDC28*, true, true",
            "\uD801\uDC00x, \uD801\uDC28*, false, false"})
    void wildcards(String value, String pattern, boolean ignoreCase, boolean matches) {
        assertThat(Comparisons.like(value, pattern, ignoreCase)).isEqualTo(matches);
    }

    @Test
    void equalityIsCaseSensitiveAndLiteral() {
        assertThat(Comparisons.equalTo("mmc.exe", "mmc.exe", Schema.Type.KEYWORD)).isTrue();
        assertThat(Comparisons.equalTo("MMC.exe", "mmc.exe", Schema.Type.KEYWORD)).isFalse();
        assertThat(Comparisons.equalTo("abc", "a*", Schema.Type.KEYWORD)).isFalse();
        assertThat(Comparisons.equalTo("a*", "a*", Schema.Type.KEYWORD)).isTrue();
        assertThat(Comparisons.equalTo(4624L, "4624", Schema.Type.KEYWORD)).isTrue();
        assertThat(Comparisons.equalTo(null, "x", Schema.Type.KEYWORD)).isFalse();
        assertThat(Comparisons.equalTo(List.of("a", "b"), "b", Schema.Type.KEYWORD)).isTrue();
    }

    @Test
    void rangesCompareNumbersAsNumbersAndStringsLexicographically() {
        assertThat(Comparisons.range(49152L, 49152, Comparisons.Sign.GREATER_OR_EQUAL)).isTrue();
        assertThat(Comparisons.range(49151L, 49152, Comparisons.Sign.GREATER_OR_EQUAL)).isFalse();
        assertThat(Comparisons.range(1.5, 1, Comparisons.Sign.GREATER)).isTrue();
        assertThat(Comparisons.range("10", 9, Comparisons.Sign.GREATER)).isTrue();
        assertThat(Comparisons.range("b", "a", Comparisons.Sign.GREATER)).isTrue();
        assertThat(Comparisons.range("B", "a", Comparisons.Sign.GREATER)).isFalse();
        assertThat(Comparisons.range("word", 9, Comparisons.Sign.GREATER)).isFalse();
        assertThat(Comparisons.range(List.of(1L, 70000L), 49152, Comparisons.Sign.GREATER)).isTrue();
    }

    @Test
    void regexIsLuceneAnchoredOnTheWholeValue() {
        assertThat(Comparisons.regex("cmd.exe", "c.d\\.exe", false)).isTrue();
        assertThat(Comparisons.regex("xcmd.exe", "c.d\\.exe", false)).isFalse();
        assertThat(Comparisons.regex("CMD.EXE", "cmd\\.exe", true)).isTrue();
        assertThat(Comparisons.regex("a$b", "a$b", false)).isTrue();
        assertThat(Comparisons.regex("anything", "@", false)).isTrue();
        assertThat(Comparisons.regex("x.y", "\"x.y\"", false)).isTrue();
        assertThat(Comparisons.regex("xzy", "\"x.y\"", false)).isFalse();
        assertThatThrownBy(() -> Comparisons.regex("a", "a&b", false)).hasMessageContaining("'&'");
    }

    @ParameterizedTest(name = "ip field {0} == {1}: {2}")
    @CsvSource({
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, ' 127.0.0.1 ', true",
            "127.0.0.1, 127.0.0.2, false",
            "10.1.1.1, 010.1.1.1, false",
            // events hold IPv6 as RFC 5952 writes it (the decoder's canonical text)
            "::1, ::1, true",
            "::1, 0:0:0:0:0:0:0:1, true",
            "::1, ::2, false",
            "10.1.2.3, 10.0.0.0/8, true",
            "11.1.2.3, 10.0.0.0/8, false",
            // an IP field holding text that is no address equals no literal, not even the same text
            "not-an-ip, not-an-ip, false",
    })
    void anIpFieldEqualsALiteralWrittenAsTheSameAddress(String value, String literal, boolean equal) {
        assertThat(Comparisons.equalTo(value, literal, Schema.Type.IP)).isEqualTo(equal);
        assertThat(Comparisons.equalTo(List.of("192.0.2.1", value), literal, Schema.Type.IP)).isEqualTo(equal);
    }
}
