package org.eqlfusion.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.junit.jupiter.api.Test;

/** NXLog's flat Sysmon fields to ECS, for event IDs 1 and 3, and what is left alone. */
class SysmonToEcsTest {

    private final EcsEventDecoder decoder = new EcsEventDecoder();

    @Test
    void processCreation() throws Exception {
        EcsEvent e = decoder.decode("{\"@timestamp\":\"2020-09-18T17:09:14.222Z\",\"Channel\":\"Microsoft-Windows-Sysmon/Operational\","
                + "\"EventID\":1,\"UtcTime\":\"2020-09-18 17:08:36.030\",\"Hostname\":\"WS6\",\"ProcessGuid\":\"{c}\",\"ProcessId\":\"42\","
                + "\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\",\"CommandLine\":\"\\\"C:\\\\Windows\\\\System32\\\\cmd.exe\\\" /c \\\"a b\\\" x\","
                + "\"ParentProcessGuid\":\"{p}\",\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\",\"User\":\"THESHIRE\\\\sbeavers\"}");
        assertThat(e.getTimestamp()).isEqualTo(java.time.Instant.parse("2020-09-18T17:08:36.030Z").toEpochMilli());
        assertThat(e.get("event.category")).isEqualTo(List.of("process"));
        assertThat(e.get("event.type")).isEqualTo(List.of("start"));
        assertThat(e.get("process.name")).isEqualTo("cmd.exe");
        assertThat(e.get("process.pid")).isEqualTo(42L);
        assertThat(e.get("process.args")).isEqualTo(List.of("C:\\Windows\\System32\\cmd.exe", "/c", "a b", "x"));
        assertThat(e.get("process.parent.name")).isEqualTo("explorer.exe");
        assertThat(e.get("process.parent.entity_id")).isEqualTo("{p}");
        assertThat(e.get("host.id")).isEqualTo("WS6");
        assertThat(e.get("host.os.type")).isEqualTo("windows");
        assertThat(e.get("user.name")).isEqualTo("sbeavers");
        assertThat(e.get("user.domain")).isEqualTo("THESHIRE");
    }

    @Test
    void networkConnection() throws Exception {
        EcsEvent e = decoder.decode("{\"@timestamp\":\"2020-09-18T17:09:14.277Z\",\"Channel\":\"Microsoft-Windows-Sysmon/Operational\","
                + "\"EventID\":3,\"UtcTime\":\"2020-09-18 17:08:35.806\",\"Hostname\":\"WS6\",\"ProcessGuid\":\"{e}\","
                + "\"Image\":\"C:\\\\Windows\\\\explorer.exe\",\"Protocol\":\"tcp\",\"Initiated\":\"false\",\"SourceIp\":\"172.18.39.5\","
                + "\"SourcePort\":\"58406\",\"DestinationIp\":\"-\",\"DestinationPort\":\"49913\",\"SourceHostname\":\"-\"}");
        assertThat(e.get("event.category")).isEqualTo(List.of("network"));
        assertThat(e.get("network.direction")).isEqualTo("ingress");
        assertThat(e.get("network.transport")).isEqualTo("tcp");
        assertThat(e.get("source.ip")).isEqualTo("172.18.39.5");
        assertThat(e.get("source.port")).isEqualTo(58406L);
        assertThat(e.get("destination.port")).isEqualTo(49913L);
        assertThat(e.get("destination.ip")).as("Sysmon's '-' is no address").isNull();
        assertThat(e.get("process.entity_id")).isEqualTo("{e}");
    }

    @Test
    void otherEventsPassThroughUntouched() throws Exception {
        EcsEvent e = decoder.decode("{\"@timestamp\":\"2020-09-18T17:09:14.277Z\",\"Channel\":\"security\",\"EventID\":4658}");
        assertThat(e.get("event.category")).isNull();
        assertThat(e.getFields()).containsOnlyKeys("@timestamp", "Channel", "EventID");
    }
}
