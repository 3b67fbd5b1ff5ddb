package org.eqlfusion.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.drl.SharedData;
import org.eqlfusion.engine.EqlEngine;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.junit.jupiter.api.Test;

/**
 * The OTRF capture of Empire's Invoke-DCOM ShellWindows lateral movement on WORKSTATION6: 32,706
 * raw NXLog events, replayed whole in file order through the NXLog Sysmon normalizer and the
 * bundled rules. Sysmon logged the inbound connection of explorer.exe after the cmd.exe it
 * started; event time, not arrival, decides. The lateness is 3 minutes because NXLog's own
 * @timestamp, which the non-Sysmon events keep, is the shipper's ingest time, about two minutes
 * after the Sysmon UtcTime of the same moment.
 */
class EmpireDcomCaptureTest {

    @Test
    void theCaptureRaisesExactlyTheShellWindowsAlert() throws Exception {
        EcsEventDecoder decoder = new EcsEventDecoder();
        List<EcsEvent> events = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(java.nio.file.Files.newInputStream(SharedData.root()
                .resolve("datasets/otrf-empire-dcom-shellwindows/empire_dcom_shellwindows_stager.zip")))) {
            ZipEntry entry = zip.getNextEntry();
            assertThat(entry).isNotNull();
            BufferedReader lines = new BufferedReader(new InputStreamReader(zip, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                events.add(decoder.decode(line));
            }
        }
        assertThat(events).hasSize(32_706);
        Map<String, EcsEvent> byId = new HashMap<>();
        events.forEach(e -> byId.put(e.getId(), e));

        List<Alert> alerts = new ArrayList<>();
        EqlEngine engine = EqlEngine.builder().lateness(Duration.ofMinutes(3)).onAlert(alerts::add).build();
        for (int i = 0; i < events.size(); i += 1000) {
            engine.submit(events.subList(i, Math.min(events.size(), i + 1000)));
        }
        engine.close();

        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.ruleId()).isEqualTo("8f919d4b-a5af-47ca-a594-6be59cd924a4");
        EcsEvent connection = byId.get(alert.eventIds().get(0));
        EcsEvent started = byId.get(alert.eventIds().get(1));
        assertThat(connection.get("process.name")).isEqualTo("explorer.exe");
        assertThat(connection.get("network.direction")).isEqualTo("ingress");
        assertThat(connection.get("source.ip")).isEqualTo("172.18.39.5");
        assertThat(started.get("process.name")).isEqualTo("cmd.exe");
        assertThat(started.get("process.parent.entity_id")).isEqualTo(connection.get("process.entity_id"));
        assertThat(alert.document()).containsEntry("host.name", "WORKSTATION6.theshire.local");
        // Sysmon logged them the other way round
        assertThat(events.indexOf(started)).isLessThan(events.indexOf(connection));
    }
}
