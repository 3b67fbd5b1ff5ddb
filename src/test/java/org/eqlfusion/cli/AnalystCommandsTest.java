package org.eqlfusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, preview --explain and test, as an analyst runs them: output and exit codes. */
class AnalystCommandsTest {

    static final Path SEED_TOML = Path.of(System.getProperty("eqlfusion.shared", "../shared"))
            .resolve("detection-rules/rules/windows/lateral_movement_dcom_mmc20.toml");

    @TempDir
    Path dir;

    @Test
    void validateReportsEachErrorWithFileLineAndColumnAndExitsOne() throws Exception {
        Files.writeString(dir.resolve("broken.toml"), Files.readString(SEED_TOML)
                .replace("process.name : \"mmc.exe\"", "process.name : \"mmc.exe\" and lenght(process.name) > 2")
                .replace("51ce96fb-9e52-4dad-b0ba-99b54440fc9a", "00000000-0000-0000-0000-000000000002"));
        Files.writeString(dir.resolve("bad.drl"), "package x\nimport org.eqlfusion.event.EcsEvent\n\nrule \"bad\"\nwhen\n    EcsEvent( nosuch(\"a\") )\nthen\nend\n");
        // a rule whose "end" went missing: Drools' parser error, without its "null Package" after it
        Files.writeString(dir.resolve("unended.drl"), "package y\nimport org.eqlfusion.event.EcsEvent\n\nrule \"a\"\nwhen\n"
                + "    EcsEvent( )\nthen\n\nrule \"b\"\nwhen\n    EcsEvent( )\nthen\nend\n");
        CommandRun bad = CommandRun.of("validate", dir.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.stdout()).contains(dir.resolve("broken.toml") + ":41:102: unknown function lenght()")
                .contains("bad.drl:6").contains("nosuch")
                .contains("unended.drl:13: [ERR 102]").doesNotContain("null Package");

        CommandRun good = CommandRun.of("validate", SEED_TOML.toString(), "rules-drl");
        assertThat(good.exit()).isZero();
        assertThat(good.stdout()).isEmpty();
    }

    @Test
    void compileAppliesTheFoldersExceptionsAndReplayOfItsDrlHonoursThem() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules/windows"));
        Files.copy(SEED_TOML, rules.resolve("lateral_movement_dcom_mmc20.toml"));
        Path exceptions = dir.resolve("rules/tuning.exceptions.toml");
        Files.writeString(exceptions, """
                [[exception]]
                name = "Admins manage workstation 6 over DCOM"
                rule_ids = ["51ce96fb-9e52-4dad-b0ba-99b54440fc9a"]
                where = 'host.name : "workstation6" and user.name == "alice"'
                """);
        Path out = dir.resolve("out");
        CommandRun compiled = CommandRun.of("compile", dir.resolve("rules").toString(), "--out", out.toString());
        assertThat(compiled.exit()).as(compiled.stderr()).isZero();
        assertThat(Files.readString(out.resolve("windows/lateral_movement_dcom_mmc20.drl")))
                .contains("// \"Admins manage workstation 6 over DCOM\" (tuning.exceptions.toml):")
                .contains("!(inIgnoreCase(\"host.name\", \"workstation6\") && eq(\"user.name\", \"alice\"))");
        // the sample's completing event is alice's cmd.exe on WORKSTATION6: excepted, so no alert
        CommandRun replay = CommandRun.of("replay", "--events", "samples/dcom-mmc20.ndjson", "--rules", out.toString());
        assertThat(replay.exit()).isZero();
        assertThat(replay.stdout()).isEmpty();
        assertThat(replay.stderr()).contains("alerts: 0");

        Files.writeString(exceptions, Files.readString(exceptions).replace("user.name ==", "lenght(user.name) =="));
        CommandRun broken = CommandRun.of("compile", dir.resolve("rules").toString(), "--out", out.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.stderr()).contains(exceptions + ":4:41: unknown function lenght()").contains("compiled 1 of 1 rules");
        assertThat(CommandRun.of("replay", "--events", "samples/dcom-mmc20.ndjson", "--rules", out.toString()).stderr())
                .as("written without the broken exception").contains("alerts: 1");
    }

    @Test
    void validateWarnsOfAnExceptionPastItsExpiryWithoutFailing() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(SEED_TOML, rules.resolve("mmc20.toml"));
        Path exceptions = Files.writeString(rules.resolve("tuning.exceptions.toml"), """
                [[exception]]
                name = "Change window SEC-77"
                rule_ids = ["51ce96fb-9e52-4dad-b0ba-99b54440fc9a"]
                where = 'host.name : "ws6"'
                expires = 2024-06-01

                [[exception]]
                name = "Admins"
                rule_ids = ["51ce96fb-9e52-4dad-b0ba-99b54440fc9a"]
                where = 'user.name == "alice"'
                expires = 2999-01-01
                """);
        CommandRun r = CommandRun.of("validate", rules.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.stderr()).contains("warning: " + exceptions + ":1: exception \"Change window SEC-77\" expired at"
                + " 2024-06-01T00:00:00Z: events from then on are seen again; remove it").doesNotContain("Admins")
                .contains("no errors");
    }

    @Test
    void previewWithExplainShowsTheAlertAndEachConditionWithItsValue() {
        CommandRun r = CommandRun.of("preview", SEED_TOML.toString(), "--events", "samples/dcom-mmc20.ndjson", "--explain", "evt-0005");
        assertThat(r.exit()).isZero();
        assertThat(r.stdout()).contains("ALERT 2024-05-01T10:00:04.870Z Incoming DCOM Lateral Movement with MMC events [evt-0002, evt-0005]")
                .contains("EVENT evt-0005")
                .contains("matches Incoming DCOM Lateral Movement with MMC: stage 2 of 2 (process)")
                .contains("FAILED inIgnoreCase(\"process.name\", \"mmc.exe\")   <- {process.name=cmd.exe}")
                .contains("held   category(\"process\")   <- {event.category=process}");
    }

    @Test
    void previewWithExceptionsShowsWhichExceptionKeptAnEventFromTheRule() throws Exception {
        Path exceptions = Files.writeString(dir.resolve("tuning.exceptions.toml"), """
                [[exception]]
                name = "Admins manage workstation 6 over DCOM"
                rule_ids = ["51ce96fb-9e52-4dad-b0ba-99b54440fc9a", "some-rule-not-previewed"]
                where = 'host.name : "workstation6"'
                """);
        CommandRun r = CommandRun.of("preview", SEED_TOML.toString(), "--events", "samples/dcom-mmc20.ndjson",
                "--exceptions", exceptions.toString(), "--explain", "evt-0005");
        assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).doesNotContain("ALERT")
                .contains("fails   Incoming DCOM Lateral Movement with MMC: stage 2 of 2 (process)")
                .contains("FAILED !(inIgnoreCase(\"host.name\", \"workstation6\"))   <- {host.name=WORKSTATION6}");
        assertThat(CommandRun.of("preview", SEED_TOML.toString(), "--events", "samples/dcom-mmc20.ndjson",
                "--exceptions", dir.resolve("nope.exceptions.toml").toString()).stderr()).contains("no such exceptions file");
    }

    @Test
    void testRunsTheRuleTestsAndFailsWhenNoneOrAnyFail() {
        CommandRun bundled = CommandRun.of("test", "rules-drl");
        assertThat(bundled.exit()).isZero();
        assertThat(bundled.stdout()).contains("3 rule tests, 0 failed");
        assertThat(CommandRun.of("test", dir.toString()).exit()).as("no tests at all is a failure").isEqualTo(1);
    }

    @Test
    void aPathThatIsMissingEmptyOrAFolderIsNamedNotAStackTraceOrNoErrors() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path missing = dir.resolve("missing");
        String events = "samples/dcom-mmc20.ndjson";
        String[][] runs = {
                {"validate", empty.toString()}, {"test", missing.toString()},
                {"preview", missing.toString(), "--events", events}, {"preview", empty.toString(), "--events", events},
                {"preview", SEED_TOML.toString(), "--events", empty.toString()}, {"replay", "--events", empty.toString()}};
        String[] says = {
                "no rule files (.toml, .drl) under " + empty, "no such rule file or folder: " + missing,
                "no such rule file or folder: " + missing, "no rule files (.toml, .drl) under " + empty,
                empty + " is a folder; --events takes an NDJSON file", empty + " is a folder; --events takes an NDJSON file"};
        for (int i = 0; i < runs.length; i++) {
            CommandRun run = CommandRun.of(runs[i]);
            assertThat(run.exit()).as(String.join(" ", runs[i])).isEqualTo(1);
            assertThat(run.stderr()).as(String.join(" ", runs[i])).contains(says[i]).doesNotContain("Exception").doesNotContain("no errors");
        }
    }

    @Test
    void aServerThatIsNotThereOrRulesThatAreNotAreOneLineNotAStackTrace() throws Exception {
        int free;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        CommandRun load = CommandRun.of("load", "--url", "http://127.0.0.1:" + free, "--events", "10");
        assertThat(load.exit()).isEqualTo(1);
        assertThat(load.stderr()).contains("eql-fusion load: cannot connect").doesNotContain("Exception");
        CommandRun bench = CommandRun.of("bench", "--rules", dir.resolve("missing").toString(), "--events", "10");
        assertThat(bench.exit()).isEqualTo(1);
        assertThat(bench.stderr()).contains("eql-fusion bench: rules path " + dir.resolve("missing") + " does not exist")
                .doesNotContain("Exception");
    }

    @Test
    void compileWritesTheDrlAndNamesDrlFilesInTheFolderItDidNotWrite() throws Exception {
        Path out = dir.resolve("out");
        CommandRun first = CommandRun.of("compile", SEED_TOML.toString(), "--out", out.toString());
        assertThat(first.exit()).isZero();
        assertThat(first.stderr()).contains("wrote 2 DRL files to " + out + "; compiled 1 of 1 rules").doesNotContain("not written");
        // a rule since removed from the sources: replay --rules out would still run its DRL
        Files.writeString(out.resolve("removed_rule.drl"), "package x;\n");
        CommandRun again = CommandRun.of("compile", SEED_TOML.toString(), "--out", out.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.stderr()).contains("1 .drl file in " + out + " was not written by this compile")
                .contains(out.resolve("removed_rule.drl").toString());
    }

    @Test
    void previewShowsASuppressedRulesAlertAndItsCountedResend() throws Exception {
        Path rule = Path.of("src/test/resources/suppression/started-by-mmc.toml");
        CommandRun run = CommandRun.of("preview", rule.toString(), "--events", "samples/dcom-mmc20.ndjson");
        assertThat(run.exit()).isZero();
        // WORKSTATION6's second start (10:02:30) falls within 5 minutes of its first: counted, not sent
        assertThat(run.stdout().lines()).containsExactly(
                "ALERT 2024-05-01T10:00:04.870Z Started by mmc.exe events [evt-0005] host WORKSTATION6",
                "ALERT 2024-05-01T10:00:05Z Started by mmc.exe events [evt-0006] host WORKSTATION7",
                "ALERT 2024-05-01T10:00:04.870Z Started by mmc.exe events [evt-0005] host WORKSTATION6"
                        + "   (sent again: 1 more suppressed, the last at 2024-05-01T10:02:30Z)");
    }
}
