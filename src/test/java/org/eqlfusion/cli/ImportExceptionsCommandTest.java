package org.eqlfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team that tuned Elastic's rules in Kibana exports its rules with their exception lists and
 * imports them: the exceptions file it gets reads like one written by hand, and the rule folder
 * then excepts what Kibana excepted.
 */
class ImportExceptionsCommandTest {

    private static final String SEED_ID = "51ce96fb-9e52-4dad-b0ba-99b54440fc9a";

    /** A rules export as Kibana 8 writes it: the rule naming its list, the list, its items, the summary. */
    private static final String RULES_EXPORT = """
            {"id":"5f3c","rule_id":"%1$s","name":"Incoming DCOM Lateral Movement with MMC","type":"eql","language":"eql","exceptions_list":[{"id":"a1b2","list_id":"dcom-tuning","type":"detection","namespace_type":"single"}]}
            {"id":"7a1d","rule_id":"kql-1","name":"A KQL rule","type":"query","language":"kuery","exceptions_list":[{"id":"a1b2","list_id":"dcom-tuning","type":"detection","namespace_type":"single"},{"id":"c3d4","list_id":"kql-tuning","type":"detection","namespace_type":"single"}]}
            {"_version":"WzEsMV0=","created_by":"elastic","description":"Our DCOM tuning","id":"a1b2","immutable":false,"list_id":"dcom-tuning","name":"DCOM tuning","namespace_type":"single","os_types":[],"tags":[],"type":"detection","version":1}
            {"comments":[{"comment":"Admins use MMC remotely on WS6","created_by":"carol","id":"c1"}],"description":"Exception list item","entries":[{"field":"host.name","operator":"included","type":"match","value":"WORKSTATION6"},{"field":"user.name","operator":"included","type":"match_any","value":["alice","bob"]}],"id":"i1","item_id":"admins-ws6","list_id":"dcom-tuning","name":"Admins on WS6","namespace_type":"single","os_types":["windows"],"tags":[],"type":"simple"}
            {"description":"Software deployment","entries":[{"field":"process.executable","operator":"included","type":"wildcard","value":"C:\\\\\\\\Program Files\\\\\\\\Deploy\\\\\\\\*.exe"},{"field":"destination.port","operator":"excluded","type":"match","value":"443"},{"field":"process.code_signature","type":"nested","entries":[{"field":"trusted","operator":"included","type":"match","value":"true"}]}],"expire_time":"2027-03-01T00:00:00.000Z","id":"i2","item_id":"deploy","list_id":"dcom-tuning","name":"Deployment tool","namespace_type":"single","os_types":[],"type":"simple"}
            {"description":"","entries":[{"field":"source.ip","operator":"included","type":"list","list":{"id":"scanners.txt","type":"ip"}}],"id":"i3","item_id":"scanners","list_id":"dcom-tuning","name":"Scanners","namespace_type":"single","os_types":[],"type":"simple"}
            {"description":"","entries":[{"field":"process.executable","operator":"included","type":"wildcard","value":"C:\\\\Tools\\\\*.exe"}],"id":"i4","item_id":"tools","list_id":"dcom-tuning","name":"Tools","namespace_type":"single","os_types":[],"type":"simple"}
            {"description":"","entries":[{"field":"user.name","operator":"included","type":"match","value":"scanner"}],"id":"i5","item_id":"kql-only","list_id":"kql-tuning","name":"Scanner account","namespace_type":"single","os_types":[],"type":"simple"}
            {"exported_exception_list_count":1,"exported_exception_list_item_count":4,"missing_exception_list_item_count":0,"missing_exception_lists_count":0}
            {"exported_count":5,"exported_rules_count":1,"missing_rules":[],"missing_rules_count":0,"exported_exception_list_count":1,"exported_exception_list_item_count":4}
            """.formatted(SEED_ID);

    @TempDir
    Path dir;

    @Test
    void aKibanaRulesExportBecomesAnExceptionsFileThatExceptsWhatKibanaExcepted() throws Exception {
        Path export = Files.writeString(dir.resolve("rules_export.ndjson"), RULES_EXPORT);
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(AnalystCommandsTest.SEED_TOML, rules.resolve("lateral_movement_dcom_mmc20.toml"));
        Path out = rules.resolve("kibana.exceptions.toml");

        CommandRun run = CommandRun.of("import-exceptions", export.toString(), "--out", out.toString());
        assertThat(run.exit()).as("one item could not be imported").isEqualTo(1);
        assertThat(run.stderr())
                .contains(export + ":6: item scanners (\"Scanners\"): not imported: entry on source.ip tests value list scanners.txt,"
                        + " whose values a Kibana export does not hold")
                // Kibana's user wrote a Windows path with single backslashes: to Elasticsearch's wildcard
                // query \T is T and \* a literal star, so the exception never matched there
                .contains(export + ":7: item tools (\"Tools\"): not imported: \"matches\" entry on process.executable:"
                        + " in Elasticsearch's wildcard syntax \\* is a literal *, which an EQL pattern cannot hold"
                        + " (a Windows path needs \\\\ for each \\ in Kibana)")
                // a full export holds the team's other rules too: their lists are no failure
                .contains(export + ":8: item kql-only (\"Scanner account\"): passed over: only query rules use its list,"
                        + " and only EQL rules run here")
                .contains("imported 2 of 5 items into " + out + " (1 for rules of other types passed over)");
        String written = Files.readString(out);
        assertThat(written).contains("""
                [[exception]]
                name = 'Admins on WS6'
                rule_ids = ['%s']
                where = '''
                (host.os.type in ("windows") or host.os.name.caseless in ("windows")) and
                host.name == "WORKSTATION6" and
                user.name in ("alice", "bob")
                '''
                comment = 'carol: Admins use MMC remotely on WS6 / from Kibana list dcom-tuning, item admins-ws6'
                """.formatted(SEED_ID));
        // Elasticsearch's wildcard escapes with \\; a numeric field's value as a number; "is not" negated
        assertThat(written).contains("""
                process.executable like "C:\\\\Program Files\\\\Deploy\\\\*.exe" and
                destination.port != 443 and
                process.code_signature.trusted == "true"
                '''
                comment = 'Software deployment / from Kibana list dcom-tuning, item deploy'
                expires = 2027-03-01T00:00:00Z
                """);

        // the folder validates, and the sample's sequence (alice on WORKSTATION6) is excepted
        assertThat(CommandRun.of("validate", rules.toString()).exit()).isZero();
        Path drl = dir.resolve("drl");
        assertThat(CommandRun.of("compile", rules.toString(), "--out", drl.toString()).exit()).isZero();
        CommandRun replay = CommandRun.of("replay", "--events", "samples/dcom-mmc20.ndjson", "--rules", drl.toString());
        assertThat(replay.stderr()).contains("alerts: 0");
        Files.writeString(out, Files.readString(out).replace("\"alice\", \"bob\"", "\"bob\""));
        assertThat(CommandRun.of("compile", rules.toString(), "--out", drl.toString()).exit()).isZero();
        assertThat(CommandRun.of("replay", "--events", "samples/dcom-mmc20.ndjson", "--rules", drl.toString()).stderr())
                .contains("alerts: 1");
    }

    @Test
    void theRulesDisabledInKibanaCanComeAlongTurnedOff() throws Exception {
        Path export = Files.writeString(dir.resolve("rules_export.ndjson"),
                RULES_EXPORT.replace("\"type\":\"eql\",", "\"type\":\"eql\",\"enabled\":false,"));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(AnalystCommandsTest.SEED_TOML, rules.resolve("lateral_movement_dcom_mmc20.toml"));
        Path out = rules.resolve("kibana.exceptions.toml");

        CommandRun run = CommandRun.of("import-exceptions", export.toString(), "--out", out.toString(), "--disabled-rules");
        assertThat(run.stderr()).contains("imported 2 of 5 items into " + out + " (1 for rules of other types passed over);"
                + " 1 EQL rule disabled as in Kibana");
        assertThat(Files.readString(out)).endsWith("""

                [[disabled]]
                rule_ids = [
                    '%s',
                ]
                reason = 'disabled in Kibana when rules_export.ndjson was exported'
                """.formatted(SEED_ID));
        CommandRun compiled = CommandRun.of("compile", rules.toString(), "--out", dir.resolve("drl").toString());
        assertThat(compiled.exit()).isZero();
        assertThat(compiled.stderr()).contains("disabled, not compiled: " + rules.resolve("lateral_movement_dcom_mmc20.toml")
                + ": " + SEED_ID + " (disabled in Kibana when rules_export.ndjson was exported)").contains("compiled 0 of 0 rules");
    }

    @Test
    void aListNoRuleOfTheExportUsesNeedsToBeToldItsRules() throws Exception {
        String listsOnly = RULES_EXPORT.lines().skip(2).limit(3).reduce("", (a, b) -> a + b + "\n");
        Path export = Files.writeString(dir.resolve("lists.ndjson"), listsOnly);
        Path out = dir.resolve("x.exceptions.toml");
        CommandRun untold = CommandRun.of("import-exceptions", export.toString(), "--out", out.toString());
        assertThat(untold.exit()).isEqualTo(1);
        assertThat(untold.stderr()).contains(export + ":2: item admins-ws6 (\"Admins on WS6\"): no rule in the export uses its list"
                + " dcom-tuning; name the rules it is for (--rule-id, or --all-rules)");
        assertThat(out).doesNotExist();

        CommandRun told = CommandRun.of("import-exceptions", export.toString(), "--out", out.toString(), "--all-rules");
        assertThat(told.exit()).isZero();
        assertThat(Files.readString(out)).contains("all_rules = true").doesNotContain("rule_ids");

        assertThat(CommandRun.of("import-exceptions", export.toString(), "--out", dir.resolve("x.toml").toString()).stderr())
                .contains("--out must end in .exceptions.toml");
    }
}
