package org.eqlfusion.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every mapped Sysmon event ID, shipped by NXLog (flat) and by Winlogbeat (winlog.event_data), to the same ECS fields. */
class SysmonEventIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(1, Map.of("Image", "C:\\x\\a.exe", "ParentImage", "C:\\x\\p.exe", "CommandLine", "a.exe /q"),
                        "process", "start", Map.of("process.name", "a.exe", "process.parent.name", "p.exe",
                                "process.args", List.of("a.exe", "/q"))),
                Arguments.of(3, Map.of("Image", "C:\\x\\a.exe", "Initiated", "true", "Protocol", "udp", "DestinationIp", "::1",
                        "DestinationPort", "53"), "network", "start",
                        Map.of("network.direction", "egress", "network.transport", "udp", "destination.ip", "::1",
                                "destination.port", 53L)),
                Arguments.of(5, Map.of("Image", "C:\\x\\a.exe"), "process", "end", Map.of("process.name", "a.exe")),
                Arguments.of(7, Map.of("Image", "C:\\x\\a.exe", "ImageLoaded", "C:\\x\\evil.DLL"), "process", "change",
                        Map.of("dll.name", "evil.DLL", "dll.path", "C:\\x\\evil.DLL", "file.extension", "dll")),
                Arguments.of(10, Map.of("SourceImage", "C:\\x\\mimi.exe", "SourceProcessGUID", "{s}", "TargetImage", "C:\\x\\lsass.exe"),
                        "process", "access", Map.of("process.name", "mimi.exe", "process.entity_id", "{s}")),
                Arguments.of(11, Map.of("Image", "C:\\x\\a.exe", "TargetFilename", "C:\\Users\\u\\run.ps1"), "file", "creation",
                        Map.of("file.name", "run.ps1", "file.directory", "C:\\Users\\u", "file.extension", "ps1")),
                Arguments.of(12, Map.of("EventType", "CreateKey", "TargetObject", "HKLM\\SOFTWARE\\Run\\x"), "registry", "creation",
                        Map.of("registry.hive", "HKLM", "registry.key", "SOFTWARE\\Run\\x", "registry.path", "HKLM\\SOFTWARE\\Run\\x")),
                Arguments.of(13, Map.of("EventType", "SetValue", "TargetObject", "HKU\\S-1\\Run\\evil", "Details", "C:\\e.exe"),
                        "registry", "change", Map.of("registry.value", "evil", "registry.data.strings", List.of("C:\\e.exe"))),
                Arguments.of(22, Map.of("Image", "C:\\x\\a.exe", "QueryName", "evil.example"), "network", "protocol",
                        Map.of("dns.question.name", "evil.example", "network.protocol", "dns")));
    }

    @ParameterizedTest(name = "event ID {0}")
    @MethodSource("cases")
    void nxlogAndWinlogbeatGiveTheSameEcs(int id, Map<String, Object> data, String category, String type,
                                          Map<String, Object> expected) throws Exception {
        for (EcsEvent e : List.of(nxlog(id, data), winlogbeat(id, data))) {
            assertThat(e.getTimestamp()).isEqualTo(java.time.Instant.parse("2024-05-01T10:00:00.123Z").toEpochMilli());
            assertThat(e.eq("event.category", category)).isTrue();
            assertThat(e.eq("event.type", type)).isTrue();
            assertThat(e.get("host.os.type")).isEqualTo("windows");
            expected.forEach((field, value) -> assertThat(e.get(field)).as(field).isEqualTo(value));
        }
    }

    @ParameterizedTest(name = "event ID {0}, malformed values")
    @MethodSource("cases")
    void malformedValuesAreLeftOutAndTheEventKept(int id, Map<String, Object> data, String category, String type,
                                                  Map<String, Object> expected) throws Exception {
        Map<String, Object> bad = new LinkedHashMap<>(data);
        bad.put("UtcTime", "yesterday");
        bad.put("SourcePort", "high");
        bad.put("SourceIp", "not-an-ip");
        bad.put("ProcessId", "-");
        for (EcsEvent e : List.of(nxlog(id, bad), winlogbeat(id, bad))) {
            assertThat(e.getTimestamp()).as("the shipper's @timestamp stays").isEqualTo(
                    java.time.Instant.parse("2024-05-01T10:01:00Z").toEpochMilli());
            assertThat(e.get("source.port")).isNull();
            assertThat(e.get("source.ip")).isNull();
            assertThat(e.get("process.pid")).isNull();
            assertThat(e.eq("event.category", category)).isTrue();
        }
    }

    private static EcsEvent nxlog(int id, Map<String, Object> data) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", "2024-05-01T10:01:00Z");
        doc.put("Channel", "Microsoft-Windows-Sysmon/Operational");
        doc.put("EventID", id);
        doc.put("Hostname", "WS6");
        doc.put("UtcTime", "2024-05-01 10:00:00.123");
        doc.putAll(data);
        return new EcsEventDecoder().decode(JSON.writeValueAsString(doc));
    }

    private static EcsEvent winlogbeat(int id, Map<String, Object> data) throws Exception {
        Map<String, Object> eventData = new LinkedHashMap<>();
        eventData.put("UtcTime", "2024-05-01 10:00:00.123");
        eventData.putAll(data);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", "2024-05-01T10:01:00Z");
        doc.put("winlog", Map.of("channel", "Microsoft-Windows-Sysmon/Operational", "event_id", String.valueOf(id),
                "computer_name", "WS6", "event_data", eventData));
        doc.put("agent", Map.of("type", "winlogbeat"));
        return new EcsEventDecoder().decode(JSON.writeValueAsString(doc));
    }
}
