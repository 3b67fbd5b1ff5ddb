package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eqlfusion.rules.RuleDefinition;
import org.eqlfusion.rules.RuleFileException;
import org.eqlfusion.rules.RuleFileLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Errors in a rule file name the file, and the line and column of the mistake in that file, with a caret. */
class RuleFileErrorsTest {

    @TempDir
    Path dir;

    @Test
    void anEqlErrorIsPlacedAtItsLineAndColumnInTheTomlFile() throws Exception {
        Path toml = write("broken.toml", """
                [metadata]
                creation_date = "2024/01/01"

                [rule]
                rule_id = "b-1"
                name = "Broken"
                description = "d"
                risk_score = 21
                severity = "low"
                language = "eql"
                query = '''
                sequence by host.id with maxspan=1m
                  [process where process.name == "a"]
                  [process where lenght(process.args) > 2 and process.name like~ 5]
                '''
                """);
        RuleDefinition rule = RuleFileLoader.load(toml, dir);
        assertThatThrownBy(() -> RuleCompiler.compile(rule))
                .isInstanceOf(RuleCompileException.class)
                .hasMessageContaining("broken.toml:14:18: unknown function lenght()")
                .hasMessageContaining("broken.toml:14:66: the pattern of like~ must be a string");
    }

    @Test
    void aSyntaxErrorShowsTheLineWithACaret() throws Exception {
        Path toml = write("syntax.toml", """
                [rule]
                rule_id = "s-1"
                name = "Syntax"
                description = "d"
                risk_score = 21
                severity = "low"
                query = 'process where process.name == "a" and and'
                """);
        RuleDefinition rule = RuleFileLoader.load(toml, dir);
        assertThat(rule.queryLine()).isEqualTo(7);
        assertThatThrownBy(() -> RuleCompiler.compile(rule))
                .hasMessageStartingWith("syntax.toml:7:48:");
        try {
            org.eqlfusion.eql.parser.EqlParsing.parse(rule.query());
        } catch (org.eqlfusion.eql.parser.EqlException e) {
            assertThat(e.getMessage()).contains("process where process.name == \"a\" and and\n" + " ".repeat(38) + "^");
        }
    }

    @Test
    void aFileThatIsNotARuleSaysWhatIsMissing() throws Exception {
        assertThatThrownBy(() -> RuleFileLoader.load(write("empty.toml", "[metadata]\nx = 1\n"), dir))
                .isInstanceOf(RuleFileException.class).hasMessageEndingWith("empty.toml: no [rule] table");
        assertThatThrownBy(() -> RuleFileLoader.load(write("noquery.toml", "[rule]\nrule_id = \"x\"\nname = \"n\"\n"), dir))
                .hasMessageEndingWith("noquery.toml: [rule] has no query");
        assertThatThrownBy(() -> RuleFileLoader.load(write("bad.toml", "[rule\nname = 1"), dir))
                .hasMessageEndingWith("bad.toml:1:6: not valid TOML: Newline not permitted here");
        assertThatThrownBy(() -> RuleFileLoader.load(write("twice.toml", "[rule]\nrule_id = \"a\"\nname = \"n\"\nname = \"m\"\n"), dir))
                .hasMessageEndingWith("twice.toml:5:1: not valid TOML: Duplicate key");
        assertThatThrownBy(() -> RuleFileLoader.load(write("kql.toml", "[rule]\nlanguage = \"kuery\"\nquery = \"a:b\"\n"), dir))
                .hasMessageEndingWith("kql.toml: language is kuery, not eql");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "risk_score = \"high\"          | [rule] risk_score must be a whole number from 0 to 100, not \"high\"",
            "risk_score = 500               | [rule] risk_score must be a whole number from 0 to 100, not 500",
            "risk_score = 4294967296        | [rule] risk_score must be a whole number from 0 to 100, not 4294967296",
            "severity = \"extreme\"         | [rule] severity must be low, medium, high or critical, not \"extreme\"",
            "type = \"query\"               | [rule] type is \"query\": only EQL rules (type = \"eql\") run here",
            "tags = \"Windows\"             | [rule] tags must be a list of strings, not \"Windows\"",
            "index = [\"logs-*\", 5]        | [rule] index must be a list of strings; it holds 5",
            "rule_id = 5                    | [rule] rule_id must be a string, not 5"})
    void aFieldKibanaWouldRefuseIsAnErrorNamingItAndItsValue(String setting, String message) throws Exception {
        String key = setting.substring(0, setting.indexOf('=')).strip();
        StringBuilder toml = new StringBuilder("[rule]\n");
        for (String line : new String[] {"rule_id = \"r-1\"", "name = \"Rule\"", "risk_score = 21", "severity = \"low\"",
                "type = \"eql\"", "tags = [\"a\"]", "index = [\"logs-*\"]"}) {
            toml.append(line.startsWith(key + " ") ? setting.strip() : line).append('\n');
        }
        toml.append("query = 'process where true'\n");
        Path file = write("field.toml", toml.toString());
        assertThatThrownBy(() -> RuleFileLoader.load(file, dir))
                .isInstanceOf(RuleFileException.class)
                .hasMessage(file + ": " + message.strip());
        // the same file with the field as Kibana takes it loads
        Files.writeString(file, toml.toString().replace(setting.strip(), key.equals("rule_id") ? "rule_id = \"r-1\""
                : key.equals("risk_score") ? "risk_score = 21" : key.equals("severity") ? "severity = \"critical\""
                : key.equals("type") ? "type = \"eql\"" : key + " = [\"x\"]"));
        assertThat(RuleFileLoader.load(file, dir).ruleId()).isEqualTo("r-1");
    }

    @Test
    void aQueryTooDeepForDroolsOrForTheStackIsAnErrorAtItsPlaceNotAHangOrACrash() throws Exception {
        String header = "[rule]\nrule_id = \"d-1\"\nname = \"Deep\"\nquery = '''\n";
        // 13 nested calls: Drools' DRL parser would take seconds per level more (20 levels: 37 s)
        String calls = "process where " + "length(".repeat(13) + "process.name" + ")".repeat(13) + " > 1";
        RuleDefinition deep = RuleFileLoader.load(write("calls.toml", header + calls + "\n'''\n"), dir);
        assertThatThrownBy(() -> RuleCompiler.compile(deep))
                .isInstanceOf(RuleCompileException.class)
                .hasMessage("calls.toml:5:99: functions and arithmetic nest more than 12 deep here; eql-fusion compiles at most 12"
                        + " (Drools' DRL parser takes time exponential in this depth)");
        // 12 compile
        String twelve = "process where " + "length(".repeat(12) + "process.name" + ")".repeat(12) + " > 1";
        assertThat(RuleCompiler.compile(RuleFileLoader.load(write("twelve.toml", header + twelve + "\n'''\n"), dir)))
                .contains("Eql.length(");
        // 50,000 nested parentheses (or 5,000 terms joined by and, on the command line's stack): the recursive
        // parser ran out of stack, which ended the command
        String terms = "process where " + "(".repeat(50_000) + "process.name != \"a\"" + ")".repeat(50_000);
        RuleDefinition longQuery = RuleFileLoader.load(write("terms.toml", header + terms + "\n'''\n"), dir);
        assertThatThrownBy(() -> RuleCompiler.compile(longQuery))
                .isInstanceOf(RuleCompileException.class)
                .hasMessageStartingWith("terms.toml:5:1: the query is nested too deeply or joins too many terms to compile");
    }

    @Test
    void aMaxspanOfYearsCompilesAndBuilds() throws Exception {
        // its expiry in milliseconds is past int range: the DRL held an int literal Drools refused
        Path toml = write("years.toml", "[rule]\nrule_id = \"y-1\"\nname = \"Years\"\nquery = '''\n"
                + "sequence by host.id with maxspan=100000000d [process where true] [network where true]\n'''\n");
        CatalogueCompiler.Result result = CatalogueCompiler.compile(toml);
        assertThat(result.failures()).isEmpty();
        assertThat(result.compiled()).isEqualTo(1);
        assertThat(String.join("", result.drl().values())).contains(".expiringAfter( 8640000000001000L )");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
