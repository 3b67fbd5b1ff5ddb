package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.conf.EventProcessingOption;

/**
 * A rules server running a KJAR by GAV, upgraded in place to a new version (KieContainer.updateToVersion)
 * between the two stages of a sequence: the unchanged seed rule still completes it, the rule the
 * new version drops is gone, and GET /rules shows the running GAV. The two versions are KJARs
 * built with Drools' KieBuilder from rules-drl (kmodule, stream kbase), put in the KieRepository.
 */
class KjarUpgradeTest {

    static final String GROUP = "org.eqlfusion.test";
    static final String ARTIFACT = "upgrade-rules";

    @TempDir
    Path dir;

    static void kjar(String version, List<String> ruleFiles) throws Exception {
        kjar(GROUP, ARTIFACT, version, ruleFiles);
    }

    /** A KJAR of some of rules-drl's files, built with KieBuilder and put in Drools' KieRepository. */
    static void kjar(String group, String artifact, String version, List<String> ruleFiles) throws Exception {
        kjar(group, artifact, version, ruleFiles, false);
    }

    /** @param executableModel built as kie-maven-plugin builds the project's KJAR (what an upgrade of it needs) */
    static void kjar(String group, String artifact, String version, List<String> ruleFiles, boolean executableModel)
            throws Exception {
        KieServices ks = KieServices.get();
        ReleaseId id = ks.newReleaseId(group, artifact, version);
        KieFileSystem kfs = ks.newKieFileSystem().generateAndWritePomXML(id);
        KieModuleModel module = ks.newKieModuleModel();
        module.newKieBaseModel("eqlfusion").setDefault(true).setEventProcessingMode(EventProcessingOption.STREAM)
                .newKieSessionModel("eqlfusion-session").setDefault(true);
        kfs.writeKModuleXML(module.toXML());
        for (String file : ruleFiles) {
            kfs.write("src/main/resources/eqlfusion/rules/" + file,
                    Files.readString(Path.of("rules-drl").resolve(file), StandardCharsets.UTF_8));
        }
        KieBuilder built = executableModel
                ? ks.newKieBuilder(kfs).buildAll(org.drools.model.codegen.ExecutableModelProject.class)
                : ks.newKieBuilder(kfs).buildAll();
        assertThat(built.getResults().getMessages(Message.Level.ERROR)).isEmpty();
    }

    @Test
    void anUpgradeBetweenTwoStagesKeepsTheSequenceOfAnUnchangedRule() throws Exception {
        kjar("1.0.0", List.of("sequences.drl", "windows/lateral_movement_dcom_mmc20.drl", "windows/lateral_movement_dcom_hta.drl"));
        kjar("1.1.0", List.of("sequences.drl", "windows/lateral_movement_dcom_mmc20.drl",
                "windows/lateral_movement_dcom_shellwindow_shellbrowserwindow.drl"));
        try (RunningServer s = RunningServer.start(dir, c -> {
            c.kjar = GROUP + ":" + ARTIFACT + ":1.0.0";
            c.lateness = Duration.ZERO;
        })) {
            assertThat(map(s.get("/rules").body())).containsEntry("gav", GROUP + ":" + ARTIFACT + ":1.0.0");
            s.post("/events", "application/json", sampleEvents().get(1));   // stage 1
            s.flush();

            HttpResponse<String> upgraded = s.post("/rules/_upgrade?version=1.1.0", null, new byte[0]);
            assertThat(upgraded.statusCode()).as(upgraded.body()).isEqualTo(200);
            assertThat(map(upgraded.body())).containsEntry("gav", GROUP + ":" + ARTIFACT + ":1.1.0");

            s.post("/events", "application/json", sampleEvents().get(3));   // stage 2
            s.flush();
            assertThat(s.alertsInFile()).singleElement()
                    .satisfies(a -> assertThat(a).containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID));
            assertThat(s.server.engine().rulesDescription()).contains("1.0.0"); // the container it was opened as
            assertThat(map(s.get("/rules").body())).containsEntry("gav", GROUP + ":" + ARTIFACT + ":1.1.0");

            HttpResponse<String> missing = s.post("/rules/_upgrade?version=9.9.9", null, new byte[0]);
            assertThat(missing.statusCode()).isEqualTo(422);
            assertThat(missing.body()).contains("is not in the local Maven repository");
            assertThat(map(s.get("/rules").body())).containsEntry("gav", GROUP + ":" + ARTIFACT + ":1.1.0");
        }
    }
}
