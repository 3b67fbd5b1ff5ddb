package org.eqlfusion.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.eqlfusion.engine.RuleSetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preview and explain of Elastic's seed rule file (read in ../shared) on the sample events. */
class RulePreviewTest {

    static final Path SEED_TOML = Path.of(System.getProperty("eqlfusion.shared", "../shared"))
            .resolve("detection-rules/rules/windows/lateral_movement_dcom_mmc20.toml");

    @TempDir
    Path dir;

    @Test
    void theRuleFileRaisesItsAlertAndExplainsWhyTheLoopbackConnectionDoesNotStartASequence() throws Exception {
        RulePreview.Result result = RulePreview.run(SEED_TOML, Files.readAllBytes(Path.of("samples/dcom-mmc20.ndjson")),
                Set.of("evt-0003"));
        assertThat(result.alerts()).singleElement().satisfies(a -> assertThat(a.eventIds()).containsExactly("evt-0002", "evt-0005"));

        List<Explainer.Stage> stages = result.explanations().get("evt-0003");
        Explainer.Stage stage1 = stages.stream().filter(s -> s.rule().contains("stage 1 of 2")).findFirst().orElseThrow();
        assertThat(stage1.matched()).isFalse();
        assertThat(stage1.joinKeys()).isEqualTo("\"host.id\", \"process.entity_id\"");
        assertThat(stage1.conditions()).filteredOn(c -> !c.held()).singleElement().satisfies(c -> {
            assertThat(c.condition()).isEqualTo("notEq(\"source.ip\", \"::1\")");
            assertThat(c.values()).containsEntry("source.ip", "::1");
        });
        assertThat(stage1.conditions()).filteredOn(Explainer.Condition::held).extracting(Explainer.Condition::condition)
                .contains("inIgnoreCase(\"process.name\", \"mmc.exe\")", "gte(\"source.port\", 49152)");
    }

    @Test
    void aRuleThatDoesNotCompileIsRefusedWithItsPosition() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.toml"), Files.readString(SEED_TOML)
                .replace("process.name : \"mmc.exe\"", "process.name : \"mmc.exe\" and lenght(process.name) > 2"));
        assertThatThrownBy(() -> RulePreview.run(broken, new byte[0], Set.of()))
                .isInstanceOf(RuleSetException.class)
                .hasMessageContaining(broken + ":41:102: unknown function lenght()");
    }
}
