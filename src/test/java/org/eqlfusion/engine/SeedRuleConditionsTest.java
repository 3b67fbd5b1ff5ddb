package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.engine.SeedEvents.network;
import static org.eqlfusion.engine.SeedEvents.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eqlfusion.alert.Alert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each condition of both stages of the seed rule ("Incoming DCOM Lateral Movement with MMC"),
 * passing and failing: a network event at T0 and a process start 1 s later on the same host, one
 * field changed per case.
 */
class SeedRuleConditionsTest {

    static Stream<Arguments> stage1() {
        return Stream.of(
                // category
                alerts("event.category network", e -> { }),
                none("event.category process", e -> e.put("event.category", "process")),
                alerts("event.category in an array", e -> e.put("event.category", List.of("host", "network"))),
                // host.os.type == "windows": case-sensitive
                none("host.os.type linux", e -> e.put("host.os.type", "linux")),
                none("host.os.type Windows (== is case-sensitive)", e -> e.put("host.os.type", "Windows")),
                none("host.os.type missing", e -> e.remove("host.os.type")),
                // event.type == "start" on an array
                alerts("event.type [connection, start]", e -> e.put("event.type", List.of("connection", "start"))),
                none("event.type end", e -> e.put("event.type", List.of("end", "connection"))),
                none("event.type START (== is case-sensitive)", e -> e.put("event.type", "START")),
                // process.name : "mmc.exe": case-insensitive
                alerts("process.name MMC.EXE (: folds case)", e -> e.put("process.name", "MMC.EXE")),
                alerts("process.name Mmc.Exe", e -> e.put("process.name", "Mmc.Exe")),
                none("process.name mmc.exe.bak", e -> e.put("process.name", "mmc.exe.bak")),
                none("process.name xmmc.exe", e -> e.put("process.name", "xmmc.exe")),
                // ports >= 49152, numbers or numeric strings
                none("source.port 49151", e -> e.put("source.port", 49151)),
                alerts("source.port 49152", e -> e.put("source.port", 49152)),
                alerts("source.port \"49152\" (numeric string)", e -> e.put("source.port", "49152")),
                none("source.port \"49151\" (numeric string)", e -> e.put("source.port", "49151")),
                alerts("source.port 65535", e -> e.put("source.port", 65535)),
                none("source.port missing", e -> e.remove("source.port")),
                none("destination.port 49151", e -> e.put("destination.port", 49151)),
                alerts("destination.port 49152", e -> e.put("destination.port", 49152)),
                // source.ip != "127.0.0.1" and != "::1", compared as addresses
                none("source.ip 127.0.0.1", e -> e.put("source.ip", "127.0.0.1")),
                none("source.ip ::1", e -> e.put("source.ip", "::1")),
                none("source.ip 0:0:0:0:0:0:0:1", e -> e.put("source.ip", "0:0:0:0:0:0:0:1")),
                none("source.ip ::ffff:127.0.0.1", e -> e.put("source.ip", "::ffff:127.0.0.1")),
                none("source.ip 0000::0001", e -> e.put("source.ip", "0000::0001")),
                alerts("source.ip 127.0.0.2", e -> e.put("source.ip", "127.0.0.2")),
                alerts("source.ip fe80::1", e -> e.put("source.ip", "fe80::1")),
                alerts("source.ip missing (!= matches a missing field)", e -> e.remove("source.ip")),
                // network.direction : ("incoming", "ingress")
                alerts("network.direction ingress", e -> e.put("network.direction", "ingress")),
                alerts("network.direction INGRESS", e -> e.put("network.direction", "INGRESS")),
                alerts("network.direction Incoming", e -> e.put("network.direction", "Incoming")),
                none("network.direction egress", e -> e.put("network.direction", "egress")),
                none("network.direction missing", e -> e.remove("network.direction")),
                // network.transport == "tcp"
                none("network.transport TCP (== is case-sensitive)", e -> e.put("network.transport", "TCP")),
                none("network.transport udp", e -> e.put("network.transport", "udp")),
                // join key
                none("process.entity_id missing (null join key)", e -> e.remove("process.entity_id")),
                none("process.entity_id of another process", e -> e.put("process.entity_id", "mmc-2")),
                none("host.id missing (null join key)", e -> e.remove("host.id")),
                none("host.id of another host", e -> e.put("host.id", "h2")));
    }

    static Stream<Arguments> stage2() {
        return Stream.of(
                alerts("process start", e -> { }),
                none("event.category network", e -> e.put("event.category", "network")),
                alerts("event.category [process, host]", e -> e.put("event.category", List.of("process", "host"))),
                none("host.os.type macos", e -> e.put("host.os.type", "macos")),
                none("event.type end", e -> e.put("event.type", "end")),
                alerts("event.type [start, info]", e -> e.put("event.type", List.of("start", "info"))),
                alerts("process.parent.name MMC.exe", e -> e.put("process.parent.name", "MMC.exe")),
                none("process.parent.name mmc", e -> e.put("process.parent.name", "mmc")),
                none("process.parent.name missing", e -> e.remove("process.parent.name")),
                none("process.parent.entity_id missing (null join key)", e -> e.remove("process.parent.entity_id")),
                none("process.parent.entity_id of another process", e -> e.put("process.parent.entity_id", "mmc-9")),
                none("process.parent.entity_id differs in case", e -> e.put("process.parent.entity_id", "MMC-1")),
                alerts("process.parent.entity_id among several values",
                        e -> e.put("process.parent.entity_id", List.of("other", "mmc-1"))),
                none("host.id of another host", e -> e.put("host.id", "h2")));
    }

    @ParameterizedTest(name = "stage 1, {0}: {1} alert(s)")
    @MethodSource("stage1")
    void networkStage(String change, int expected, Consumer<Map<String, Object>> edit) {
        Map<String, Object> a = network("a1", "h1", "mmc-1", 0);
        edit.accept(a);
        assertThat(run(a, process("b2", "h1", "mmc-1", 1_000))).hasSize(expected);
    }

    @ParameterizedTest(name = "stage 2, {0}: {1} alert(s)")
    @MethodSource("stage2")
    void processStage(String change, int expected, Consumer<Map<String, Object>> edit) {
        Map<String, Object> b = process("b2", "h1", "mmc-1", 1_000);
        edit.accept(b);
        assertThat(run(network("a1", "h1", "mmc-1", 0), b)).hasSize(expected);
    }

    private static List<Alert> run(Map<String, Object> a, Map<String, Object> b) {
        return EngineRun.alerts(Duration.ZERO, List.of(a, b));
    }

    private static Arguments alerts(String change, Consumer<Map<String, Object>> edit) {
        return Arguments.of(change, 1, edit);
    }

    private static Arguments none(String change, Consumer<Map<String, Object>> edit) {
        return Arguments.of(change, 0, edit);
    }
}
