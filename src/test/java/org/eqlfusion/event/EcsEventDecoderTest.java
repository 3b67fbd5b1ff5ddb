package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcsEventDecoderTest {

    private final EcsEventDecoder decoder = new EcsEventDecoder();

    @Test
    void nestedObjectsAndDottedKeysGiveTheSameFields() throws Exception {
        EcsEvent nested = decoder.decode("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"process\":{\"parent\":{\"name\":\"mmc.exe\"}}}");
        EcsEvent dotted = decoder.decode("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"process.parent.name\":\"mmc.exe\"}");
        EcsEvent mixed = decoder.decode("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"process\":{\"parent.name\":\"mmc.exe\"}}");
        assertThat(nested.get("process.parent.name")).isEqualTo("mmc.exe");
        assertThat(dotted.getFields()).isEqualTo(nested.getFields());
        assertThat(mixed.getFields()).isEqualTo(nested.getFields());
    }

    @Test
    void aSearchHitIsReadAsItsSourceWithItsIdAndIndexOnlyWhenAsked() throws Exception {
        String hit = "{\"_index\":\"logs-endpoint.events.process-default\",\"_type\":\"_doc\",\"_id\":\"doc-1\","
                + "\"_score\":1.0,\"_ignored\":[\"x\"],\"_source\":{\"@timestamp\":\"2024-05-01T10:00:00Z\","
                + "\"event\":{\"id\":\"agent-7\",\"category\":[\"process\"]},\"process\":{\"name\":\"cmd.exe\"}}}";
        EcsEvent e = decoder.decode(hit);
        assertThat(e.getFields()).containsOnlyKeys("@timestamp", "event.id", "event.category", "process.name");
        assertThat(e.getTimestamp()).isEqualTo(1714557600000L);
        assertThat(e.getId()).isEqualTo("doc-1");
        assertThat(e.getIndex()).isNull();
        EcsEvent kept = new EcsEventDecoder(EcsSchema.ECS, null, EcsEventDecoder.DEFAULT_MAX_NESTING_DEPTH, true).decode(hit);
        assertThat(kept.getIndex()).isEqualTo("logs-endpoint.events.process-default");
        assertThat(kept.getFields()).isEqualTo(e.getFields());

        // other names with an underscore are fields, at the top as anywhere else
        EcsEvent plain = decoder.decode("{\"@timestamp\":1714557600000,\"_custom\":\"x\",\"labels\":{\"_id\":\"y\"}}");
        assertThat(plain.getFields()).containsEntry("_custom", "x").containsEntry("labels._id", "y");
        assertThat(plain.getIndex()).isNull();
    }

    @Test
    void arraysAreMultiValuedIncludingArraysOfObjects() throws Exception {
        EcsEvent e = decoder.decode("{\"@timestamp\":1714557600000,\"event\":{\"type\":[\"start\",\"connection\"]},"
                + "\"process\":{\"args\":[\"mshta.exe\",\"-Embedding\"]},\"dns\":{\"answers\":[{\"data\":\"a\"},{\"data\":\"b\"}]}}");
        assertThat(e.get("event.type")).isEqualTo(List.of("start", "connection"));
        assertThat(e.get("dns.answers.data")).isEqualTo(List.of("a", "b"));
        assertThat(e.eq("event.type", "connection")).isTrue();
        assertThat(e.notEq("event.type", "start")).isFalse();
    }

    @Test
    void numericFieldsAcceptNumericStrings() throws Exception {
        EcsEvent e = decoder.decode("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"source\":{\"port\":\"49152\"},\"process.pid\":\"42\"}");
        assertThat(e.get("source.port")).isEqualTo(49152L);
        assertThat(e.get("process.pid")).isEqualTo(42L);
    }

    @Test
    void ipFieldsCompareAsAddresses() throws Exception {
        EcsEvent e = decoder.decode("{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"source.ip\":\"0:0:0:0:0:0:0:1\","
                + "\"destination.ip\":\"::ffff:127.0.0.1\",\"related.ip\":[\"10.1.2.3\",\"fe80::1\"]}");
        assertThat(e.eq("source.ip", "::1")).isTrue();
        assertThat(e.eq("destination.ip", "127.0.0.1")).isTrue();
        assertThat(e.eq("related.ip", "10.0.0.0/8")).isTrue();
        assertThat(e.eq("related.ip", "fe80::/10")).isTrue();
        assertThat(e.eq("related.ip", "192.168.0.0/16")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"2024-05-01T10:00:00Z\"          | 1714557600000",
            "\"2024-05-01T12:00:00+02:00\"     | 1714557600000",
            "\"2024-05-01T05:00:00.250-05:00\" | 1714557600250",
            "\"2024-05-01T10:00:00.123456789Z\"| 1714557600123",
            "\"2024-05-01T10:00:00.5Z\"        | 1714557600500",
            "\"2024-02-29T23:59:59.999Z\"      | 1709251199999",
            "\"2024-05-01t10:00:00z\"          | 1714557600000",
            "\"2024-05-01T10:00:00\"           | 1714557600000",
            "\"2024-05-01\"                    | 1714521600000",
            "1714557600000                     | 1714557600000",
            "\"1714557600000\"                 | 1714557600000"})
    void timestampsInEveryAcceptedForm(String json, long epochMillis) throws Exception {
        assertThat(decoder.decode("{\"@timestamp\":" + json.trim() + "}").getTimestamp()).isEqualTo(epochMillis);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"process.name\":\"x\"}                                    | missing @timestamp",
            "{\"@timestamp\":null}                                       | missing @timestamp",
            "{\"@timestamp\":\"yesterday\"}                              | @timestamp \"yesterday\" is neither ISO-8601 nor epoch milliseconds",
            "{\"@timestamp\":\"2023-02-29T10:00:00Z\"}                   | @timestamp \"2023-02-29T10:00:00Z\" is neither",
            "{\"@timestamp\":\"2024-05-01T24:00:00Z\"}                   | @timestamp \"2024-05-01T24:00:00Z\" is neither",
            "[1,2]                                                       | expected a JSON object, found an array",
            "\"text\"                                                    | expected a JSON object, found a string",
            "{\"@timestamp\":1, \"a\":                                   | invalid JSON at column",
            "{\"@timestamp\":1} {}                                       | after the JSON object",
            "{\"@timestamp\":1,\"source.port\":\"high\"}                 | field source.port: \"high\" is not a number",
            "{\"@timestamp\":1,\"source\":{\"ip\":\"not-an-ip\"}}        | field source.ip: \"not-an-ip\" is not an IP address"})
    void unusableInputIsRejectedWithItsReason(String json, String reason) {
        assertThatThrownBy(() -> decoder.decode(json.trim()))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageContaining(reason.trim());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"@timestamp\":NaN}      | invalid JSON at column 18: Non-standard token 'NaN'",
            "{\"@timestamp\":1,\"a\":\"b\" | invalid JSON at column 24: Unexpected end-of-input: expected close marker for Object (opened at column 1)"})
    void aJsonErrorSaysWhatAndWhereNotWhichParserSettingWouldAllowIt(String json, String reason) {
        assertThatThrownBy(() -> decoder.decode(json.trim()))
                .isInstanceOf(EventRejectedException.class)
                .hasMessage(reason.trim());
    }

    @Test
    void utf16AndTooDeepInputSayWhatTheyAreInTheUsersTerms() {
        byte[] utf16 = "\uFEFF{\"@timestamp\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        assertThatThrownBy(() -> decoder.decode(utf16))
                .isInstanceOf(EventRejectedException.class)
                .hasMessage("not UTF-8: the line begins with a UTF-16 byte order mark");

        String deep = "{\"a\":".repeat(EcsEventDecoder.DEFAULT_MAX_NESTING_DEPTH + 1) + "1" + "}".repeat(EcsEventDecoder.DEFAULT_MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> decoder.decode(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageStartingWith("JSON nested too deeply: ")
                .hasMessageNotContaining("StreamReadConstraints");
    }

    @Test
    void eventIdIsKeptAndOtherwiseDerivedFromTheContent() throws Exception {
        assertThat(decoder.decode("{\"@timestamp\":1,\"event\":{\"id\":\"abc\"}}").getId()).isEqualTo("abc");
        String a = decoder.decode("{\"@timestamp\":1,\"x\":1,\"y\":\"z\"}").getId();
        String b = decoder.decode("{\"y\":\"z\",\"x\":1,\"@timestamp\":1}").getId();
        String c = decoder.decode("{\"@timestamp\":1,\"x\":2,\"y\":\"z\"}").getId();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }
}
