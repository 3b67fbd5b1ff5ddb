package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Event content in a rejection reason or a log line cannot forge a line or fill one. */
class QuotedTest {

    @Test
    void controlCharactersQuotesAndBackslashesAreEscapedAndLongValuesCut() {
        assertThat(Quoted.of("x\nlevel=SEVERE forged")).isEqualTo("\"x\\nlevel=SEVERE forged\"");
        assertThat(Quoted.of("a\u0000b\"c\\d\u2028")).isEqualTo("\"a\\u0000b\\\"c\\\\d\\u2028\"");
        assertThat(Quoted.of("y".repeat(5000))).isEqualTo("\"" + "y".repeat(100) + "... (5000 characters)\"");
        assertThat(Quoted.of(List.of("a\nb", 1))).isEqualTo("[a\\nb, 1]");
        assertThat(Quoted.of(42)).isEqualTo("42");
    }

    @Test
    void aRejectedEventsReasonShowsItsValueQuoted() {
        EcsEventDecoder decoder = new EcsEventDecoder();
        assertThatThrownBy(() -> decoder.decode("{\"@timestamp\":\"x\\nlevel=SEVERE forged\"}"))
                .hasMessage("@timestamp \"x\\nlevel=SEVERE forged\" is neither ISO-8601 nor epoch milliseconds")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> decoder.decode("{\"@timestamp\":1,\"source\":{\"ip\":\"" + "z".repeat(1000) + "\"}}"))
                .hasMessage("field source.ip: \"" + "z".repeat(100) + "... (1000 characters)\" is not an IP address");
    }
}
