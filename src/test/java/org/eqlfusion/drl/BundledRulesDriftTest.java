package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The DRL checked in under rules-drl/ is the compiler's output for Elastic's TOML sources: if the
 * compiler or a source changes, this fails until rules-drl/ is regenerated with
 * {@code compile --root ../shared/detection-rules/rules <files> --out rules-drl}.
 */
class BundledRulesDriftTest {

    @Test
    void everyBundledRuleIsExactlyWhatTheCompilerMakesOfItsToml() throws Exception {
        Path rulesRoot = SharedData.detectionRules().resolve("rules");
        List<Path> bundled;
        try (Stream<Path> files = Files.walk(Path.of("rules-drl"))) {
            bundled = files.filter(p -> p.toString().endsWith(".drl"))
                    .filter(p -> !p.getFileName().toString().equals(DrlGenerator.SEQUENCES_DRL)).sorted().toList();
        }
        assertThat(bundled).hasSize(3);
        for (Path drl : bundled) {
            Path relative = Path.of("rules-drl").relativize(drl);
            Path toml = rulesRoot.resolve(relative.toString().replaceAll("\\.drl$", ".toml"));
            CatalogueCompiler.Result result = CatalogueCompiler.compile(List.of(toml), rulesRoot);
            assertThat(result.failures()).isEmpty();
            assertThat(Files.readString(drl)).as("rules-drl/%s against the compiler's output for %s", relative, toml)
                    .isEqualTo(result.drl().get(relative.toString().replace('\\', '/')));
        }
    }
}
