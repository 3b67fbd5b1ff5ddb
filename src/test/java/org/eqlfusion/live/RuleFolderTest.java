package org.eqlfusion.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eqlfusion.drl.CatalogueCompiler;
import org.eqlfusion.drl.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule folder as analysts leave it: a TOML rule and the DRL compiled from it side by side, or a
 * rule copied to make a variant and not given a name and rule_id of its own, is named as such.
 */
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

    @Test
    void aCopiedRuleMustHaveANameAndARuleIdOfItsOwn() throws Exception {
        String seed = Files.readString(SharedData.root().resolve("seed/lateral_movement_dcom_mmc20.toml"));
        Path windows = Files.createDirectories(rules.resolve("windows"));
        Files.writeString(windows.resolve("mmc20.toml"), seed);
        Files.writeString(windows.resolve("mmc20_variant.toml"), seed);
        // one line each, in the analyst's terms, not Drools' classes "already defined"
        assertThat(RuleFolder.read(rules).errors()).containsExactly(
                windows.resolve("mmc20_variant.toml") + ": rule_id 51ce96fb-9e52-4dad-b0ba-99b54440fc9a is also that of "
                        + windows.resolve("mmc20.toml") + "; rules with one rule_id would share their partial sequences and alerts:"
                        + " give each its own",
                windows.resolve("mmc20_variant.toml") + ": rule \"Incoming DCOM Lateral Movement with MMC: stage 2 of 2 (process)"
                        + " completes the sequence\" is also defined by " + windows.resolve("mmc20.toml")
                        + " (package eqlfusion.rules.windows): give each rule a name of its own");
        assertThat(FolderBuild.validate(rules)).hasSize(2);

        // renamed, the copy alone still shares the rule_id, which Drools would have let through
        Files.writeString(windows.resolve("mmc20_variant.toml"), seed.replace(
                "name = \"Incoming DCOM Lateral Movement with MMC\"", "name = \"MMC variant\""));
        assertThat(FolderBuild.validate(rules)).singleElement().asString().contains("rule_id 51ce96fb-9e52-4dad-b0ba-99b54440fc9a is also that of");

        Files.writeString(windows.resolve("mmc20_variant.toml"), seed.replace(
                "name = \"Incoming DCOM Lateral Movement with MMC\"", "name = \"MMC variant\"")
                .replace("rule_id = \"51ce96fb-9e52-4dad-b0ba-99b54440fc9a\"", "rule_id = \"00000000-0000-4000-8000-000000000001\""));
        assertThat(FolderBuild.validate(rules)).isEmpty();
    }

    @Test
    void compileCountsACopyAsOneRuleNotCompiledAndCompilesTheRest() throws Exception {
        String seed = Files.readString(SharedData.root().resolve("seed/lateral_movement_dcom_mmc20.toml"));
        Files.writeString(rules.resolve("mmc20.toml"), seed);
        Files.writeString(rules.resolve("mmc20_copy.toml"), seed);
        CatalogueCompiler.Result result = CatalogueCompiler.compile(rules);
        assertThat(result.compiled()).isEqualTo(1);
        assertThat(result.failures()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo(rules.resolve("mmc20_copy.toml").toString());
            assertThat(f.reason()).isEqualTo("defines a rule_id or rule name another file does");
            assertThat(f.message()).contains("rule_id 51ce96fb-9e52-4dad-b0ba-99b54440fc9a is also that of")
                    .doesNotContain("already defined The type");
        });
        assertThat(result.drl().keySet()).anyMatch(name -> name.endsWith("mmc20.drl")).noneMatch(name -> name.contains("copy"));
    }

    @Test
    void drlFoldersGivenToReplayAreCheckedTheSameWay() throws Exception {
        String drl = Files.readString(Path.of("rules-drl/windows/lateral_movement_dcom_mmc20.drl"));
        Files.writeString(rules.resolve("a.drl"), drl);
        Files.writeString(rules.resolve("b.drl"), drl.replace("package eqlfusion.rules.windows;", "package eqlfusion.rules.copy;"));
        assertThatThrownBy(() -> org.eqlfusion.engine.RuleSet.fromDrl(rules))
                .isInstanceOf(org.eqlfusion.engine.RuleSetException.class)
                .hasMessage("b.drl: rule_id 51ce96fb-9e52-4dad-b0ba-99b54440fc9a is also that of a.drl; rules with one rule_id"
                        + " would share their partial sequences and alerts: give each its own");
    }
}
