package org.eqlfusion.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule folder as analysts leave it: a TOML rule and the DRL compiled from it side by side is named as such. */
class RuleFolderTest {

    @TempDir
    Path rules;

    @Test
    void aTomlRuleBesideItsCompiledDrlIsRefusedNamingBoth() throws Exception {
        Path toml = SharedData.root().resolve("seed/lateral_movement_dcom_mmc20.toml");
        Files.copy(toml, rules.resolve("mmc20.toml"));
        assertThat(RuleFolder.read(rules).errors()).isEmpty();

        CatalogueCompiler.Result compiled = CatalogueCompiler.compile(java.util.List.of(rules.resolve("mmc20.toml")), rules);
        String drl = compiled.drl().entrySet().stream().filter(e -> e.getKey().endsWith("mmc20.drl"))
                .map(java.util.Map.Entry::getValue).findFirst().orElseThrow();
        Files.writeString(rules.resolve("mmc20.drl"), drl);

        assertThat(RuleFolder.read(rules).errors()).singleElement().asString()
                .contains("mmc20.drl").contains("mmc20.toml beside it defines the same rules").contains("keep one");
    }
}
