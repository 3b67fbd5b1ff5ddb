package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eqlfusion.live.FolderBuild;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistake in an exceptions file would otherwise leave a rule untuned without a word, or silence
 * it: each is an error naming the file and the line (and column, inside the condition); the
 * rules still compile, without that exception.
 */
class ExceptionsFileErrorsTest {

    private static final String SEED_ID = "51ce96fb-9e52-4dad-b0ba-99b54440fc9a";

    @TempDir
    Path rules;
    Path file;

    @BeforeEach
    void seedRule() throws Exception {
        Files.copy(SharedData.root().resolve("seed/lateral_movement_dcom_mmc20.toml"), rules.resolve("mmc20.toml"));
        file = rules.resolve("tuning.exceptions.toml");
    }

    private List<String> errors(String exceptions) throws Exception {
        Files.writeString(file, exceptions);
        return FolderBuild.validate(rules);
    }

    private static String exception(String body) {
        return "# tuning\n\n[[exception]]\nname = \"Jump host\"\n" + body;
    }

    @Test
    void eachMistakeIsNamedWithItsFileAndLine() throws Exception {
        String rule = "rule_ids = [\"" + SEED_ID + "\"]\n";
        assertThat(errors(exception(rule + "where = 'host.name : \"jump\"'\n"))).isEmpty();

        assertThat(errors(exception("rule_id = \"" + SEED_ID + "\"\nwhere = 'host.name : \"jump\"'\n"))).containsExactly(
                file + ":3: [[exception]] has no key rule_id (it takes name, rule_ids or all_rules, where, comment, expires)");
        assertThat(errors(exception("rule_ids = [\"51ce96fb\"]\nwhere = 'host.name : \"jump\"'\n"))).containsExactly(
                file + ":3: exception \"Jump host\": no rule file here has rule_id 51ce96fb");
        assertThat(errors(exception("where = 'host.name : \"jump\"'\n"))).containsExactly(
                file + ":3: [[exception]] needs the rules it applies to: rule_ids = [\"...\"], or all_rules = true");
        assertThat(errors(exception(rule + "all_rules = true\nwhere = 'host.name : \"jump\"'\n"))).containsExactly(
                file + ":3: [[exception]] needs rule_ids or all_rules, not both");
        assertThat(errors(exception(rule))).containsExactly(file + ":3: [[exception]] needs where as a non-empty string");
        assertThat(errors(exception(rule + "where = 'host.name : \"jump\"'\nexpires = 2027-03-01T10:00:00\n"))).containsExactly(
                file + ":3: expires must be a date (2027-03-01) or a time with its zone (2027-03-01T08:00:00Z,"
                        + " 2027-03-01T09:00:00+01:00), not \"2027-03-01T10:00:00\"");
        // a misspelt table: the other keys read as its own
        assertThat(errors(exception(rule + "where = 'host.name : \"jump\"'\n").replace("[[exception]]", "[[exceptoin]]")))
                .containsExactly(file + ":3: exceptoin is not part of an exceptions file, which holds [[exception]], [[disabled]] and [[suppression]] tables");
        assertThat(errors("[exception]\nname = \"x\"\n")).containsExactly(
                file + ": no [[exception]], [[disabled]] or [[suppression]] table ([exception] is one table: write [[exception]])");
        assertThat(errors(exception(rule + "where = 'host.name : \"jump\"\n"))).singleElement().asString()
                .startsWith(file + ":6:").contains("not valid TOML");
    }

    @Test
    void aConditionErrorIsPlacedInTheFile() throws Exception {
        String rule = "rule_ids = [\"" + SEED_ID + "\"]\n";
        // line 6, column 10 is where the condition starts; lenght( is at column 10 of the file
        assertThat(errors(exception(rule + "where = 'lenght(host.name) > 3'\n"))).singleElement().asString()
                .startsWith(file + ":6:10: unknown function lenght(); EQL has add, between");
        // on the condition's second line, columns are the file's own
        assertThat(errors(exception(rule + "where = '''\n  host.name : \"jump\" and\n  process.name = \"x\"\n'''\n")))
                .singleElement().asString().startsWith(file + ":8:16: ");
        assertThat(errors(exception(rule + "where = 'true'\n"))).containsExactly(
                file + ":6:10: exception \"Jump host\": the condition holds for every event: the exception would silence its rules");
        assertThat(errors(exception(rule + "where = 'host.name : \"jump\" | head 1'\n"))).containsExactly(
                file + ":6:10: exception \"Jump host\": where is a condition on one event (field == value and ...), not a query");
    }

    @Test
    void aDisabledRuleIsNeitherCompiledNorRunAndSaysWhy() throws Exception {
        String brokenId = "00000000-0000-4000-8000-00000000b0b0";
        Files.writeString(rules.resolve("broken.toml"), Files.readString(rules.resolve("mmc20.toml"))
                .replace(SEED_ID, brokenId).replace("name = \"Incoming DCOM Lateral Movement with MMC\"", "name = \"Broken\"")
                .replace("process.name : \"mmc.exe\"", "lenght(process.name) > 2"));
        assertThat(FolderBuild.validate(rules)).singleElement().asString().contains("broken.toml").contains("unknown function lenght()");

        // turned off (say, because it does not compile here): not compiled, not run, and said so
        assertThat(errors("[[disabled]]\nrule_ids = [\"" + brokenId + "\"]\nreason = \"uses what we have not got, SEC-9\"\n")).isEmpty();
        CatalogueCompiler.Result result = CatalogueCompiler.compile(rules);
        assertThat(result.failures()).isEmpty();
        assertThat(result.total()).isEqualTo(1);
        assertThat(result.disabled()).containsExactly(rules.resolve("broken.toml") + ": " + brokenId + " (uses what we have not got, SEC-9)");
        assertThat(result.drl().keySet()).noneMatch(name -> name.endsWith("broken.drl"));

        // a broken exceptions file disables nothing: the rule's own error is back beside the file's
        assertThat(errors("[[disabled]]\nrule_ids = [\"" + brokenId + "\"]\n")).hasSize(2).contains(
                file + ":1: [[disabled]] needs reason as a non-empty string");
        assertThat(errors("\n[[disabled]]\nrule_ids = [\"nope\"]\nreason = \"x\"\n")).contains(
                file + ":2: [[disabled]]: no rule file here has rule_id nope");
        assertThat(errors("[[disabled]]\nrule_ids = [\"" + brokenId + "\"]\nreason = \"x\"\nwhere = 'a == 1'\n")).contains(
                file + ":1: [[disabled]] has no key where (it takes rule_ids, reason)");
    }

    @Test
    void compileWritesTheRulesWithoutABrokenExceptionAndSaysWhy() throws Exception {
        Files.writeString(file, exception("rule_ids = [\"" + SEED_ID + "\"]\nwhere = 'lenght(host.name) > 3'\n"));
        CatalogueCompiler.Result result = CatalogueCompiler.compile(rules);
        assertThat(result.compiled()).isEqualTo(1);
        assertThat(result.exceptionErrors()).singleElement().asString().startsWith(file + ":6:10: unknown function lenght()");
        assertThat(result.drl()).hasSize(2); // and sequences.drl
        assertThat(result.drl().entrySet()).filteredOn(e -> e.getKey().endsWith("/mmc20.drl")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).contains("rule_id " + SEED_ID).doesNotContain("Exceptions").doesNotContain("lenght"));
    }
}
