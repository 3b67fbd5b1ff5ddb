package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.event.EcsEvent;
import org.eqlfusion.event.EcsEventDecoder;
import org.junit.jupiter.api.Test;
import org.kie.api.conf.BetaRangeIndexOption;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.runtime.KieContainer;

/**
 * The KJAR that the build compiled from rules-drl/ with kie-maven-plugin (executable model) loads
 * by GAV and raises exactly the alerts that the same DRL compiled at run time raises.
 */
class KjarIT {

    private static final String VERSION = System.getProperty("eqlfusion.version", "0.1.0-SNAPSHOT");

    @Test
    void theKjarLoadsByGavAsAStreamModeKieBaseWithExecutableModelClasses() {
        KieContainer container = KjarRepository.container("org.eqlfusion", "eql-fusion-rules", VERSION);
        assertThat(container.getReleaseId().getVersion()).isEqualTo(VERSION);
        var kieBase = container.getKieBase();
        assertThat(container.getKieBaseModel("eqlfusion").getEventProcessingMode()).isEqualTo(EventProcessingOption.STREAM);
        assertThat(kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream()).map(r -> r.getName()))
                .anyMatch(n -> n.startsWith("Incoming DCOM Lateral Movement with MMC"))
                .anyMatch(n -> n.startsWith("Incoming DCOM Lateral Movement via MSHTA"))
                .anyMatch(n -> n.startsWith("Incoming DCOM Lateral Movement with ShellBrowserWindow"));
        assertThat(container.getClassLoader().getResource("META-INF/kie/org.eqlfusion/eql-fusion-rules/drools-model")).isNotNull();
    }

    @Test
    void theKjarAsksForExpiryJoinsToBeKeptOrdered() throws Exception {
        // without the range index, every move of EventTime re-tests every pending partial sequence.
        // Drools reads this file when it builds a KieBase from the KJAR in a fresh JVM (the option then
        // reads ENABLED: checked with this class run alone); in this shared test JVM a KieContainer of
        // the same artifact upgraded in place by an earlier test no longer shows the file, so the
        // installed jar itself is read
        Path jar = Path.of(System.getProperty("maven.repo.local"), "org", "eqlfusion", "eql-fusion-rules", VERSION,
                "eql-fusion-rules-" + VERSION + ".jar");
        Properties conf = new Properties();
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            var entry = zip.getEntry("META-INF/kie.properties.conf");
            assertThat(entry).as("META-INF/kie.properties.conf in " + jar).isNotNull();
            try (var in = zip.getInputStream(entry)) {
                conf.load(in);
            }
        }
        assertThat(BetaRangeIndexOption.determineBetaRangeIndex(conf.getProperty(BetaRangeIndexOption.PROPERTY_NAME)))
                .isEqualTo(BetaRangeIndexOption.ENABLED);
    }

    @Test
    void theKjarAndTheRulesFolderGiveTheSameAlerts() throws Exception {
        RuleSet kjar = RuleSet.fromContainer(KjarRepository.container("org.eqlfusion:eql-fusion-rules:" + VERSION));
        RuleSet folder = RuleSet.fromDrl(Path.of("rules-drl"));

        List<EcsEvent> sample = decodeSample();
        List<Alert> fromKjar = EngineRun.alertsOf(kjar, Duration.ofSeconds(10), sample);
        assertThat(fromKjar).hasSize(1);
        assertThat(fromKjar.get(0).document()).isEqualTo(
                EngineRun.alertsOf(folder, Duration.ofSeconds(10), decodeSample()).get(0).document());

        List<Map<String, Object>> stream = generated(new Random(7), 3_000);
        List<String> kjarAlerts = EngineRun.sequences(EngineRun.alertsOf(kjar, Duration.ZERO, decode(stream)));
        List<String> folderAlerts = EngineRun.sequences(EngineRun.alertsOf(folder, Duration.ZERO, decode(stream)));
        assertThat(kjarAlerts).hasSizeGreaterThan(10).containsExactlyElementsOf(folderAlerts);
    }

    @Test
    void theKjarsPatternsAreRoutedByTheirOwnConditions() {
        // the executable model keeps each constraint's text, which the router reads its keys from:
        // an event no DCOM rule could match goes nowhere, a process started by mmc.exe to that rule
        var session = KjarRepository.container("org.eqlfusion:eql-fusion-rules:" + VERSION).getKieBase().newKieSession();
        try {
            var router = org.eqlfusion.route.EventRouter.of(session);
            EcsEvent unrelated = new EcsEvent(Map.of("event.category", List.of("process"), "process.parent.name", "services.exe"), 0L, "u");
            EcsEvent mmcChild = new EcsEvent(Map.of("event.category", List.of("process"), "process.parent.name", "MMC.EXE"), 0L, "c");
            assertThat(router.entryPointsFor(unrelated)).isEmpty();
            assertThat(router.entryPointsFor(mmcChild)).extracting(org.kie.api.runtime.rule.EntryPoint::getEntryPointId)
                    .containsExactly("process.parent.name: mmc.exe");
        } finally {
            session.dispose();
        }
    }

    private static List<EcsEvent> decodeSample() throws Exception {
        EcsEventDecoder decoder = new EcsEventDecoder();
        List<EcsEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("samples/dcom-mmc20.ndjson"))) {
            events.add(decoder.decode(line));
        }
        return events;
    }

    private static List<EcsEvent> decode(List<Map<String, Object>> events) {
        return events.stream().map(SeedEvents::decode).toList();
    }

    private static List<Map<String, Object>> generated(Random random, int count) {
        List<Map<String, Object>> events = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < count; i++) {
            t += 1 + random.nextInt(2_000);
            String host = "h" + random.nextInt(10);
            String mmc = "m" + random.nextInt(2);
            events.add(random.nextBoolean() ? SeedEvents.network("e" + i, host, mmc, t) : SeedEvents.process("e" + i, host, mmc, t));
        }
        return events;
    }
}
