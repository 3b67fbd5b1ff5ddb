package org.eqlfusion.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eqlfusion.drl.SharedData;
import org.eqlfusion.live.FolderBuild;
import org.eqlfusion.rules.ExceptionsFileWriter;
import org.eqlfusion.rules.KibanaExceptionImport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exceptions tune the seed rule without editing it: an event that meets one is not seen by the
 * rule at any stage, as if it had not happened (Kibana filters a rule's events by its exceptions
 * before the sequence is matched), so it neither starts nor completes nor consumes a sequence.
 */
class SeedRuleExceptionsTest {

    private static final String SEED_ID = "51ce96fb-9e52-4dad-b0ba-99b54440fc9a";

    @TempDir
    Path rules;

    @BeforeEach
    void seedRule() throws Exception {
        Files.copy(SharedData.root().resolve("seed/lateral_movement_dcom_mmc20.toml"), rules.resolve("mmc20.toml"));
    }

    private List<String> sequences(String exceptions, List<Map<String, Object>> events) throws Exception {
        if (exceptions != null) {
            Files.writeString(rules.resolve("tuning.exceptions.toml"), exceptions);
        }
        RuleSet ruleSet = RuleSet.of(FolderBuild.compile(rules).kieBase(), "seed with exceptions");
        return EngineRun.sequences(EngineRun.alertsOf(ruleSet, Duration.ZERO, events.stream().map(SeedEvents::decode).toList()));
    }

    @Test
    void anExceptedHostRaisesNothingAndOtherHostsStillDo() throws Exception {
        List<Map<String, Object>> events = List.of(
                SeedEvents.network("n1", "jump", "mmc-1", 0), SeedEvents.process("p1", "jump", "mmc-1", 1_000),
                SeedEvents.network("n2", "ws", "mmc-2", 2_000), SeedEvents.process("p2", "ws", "mmc-2", 3_000));
        assertThat(sequences(null, events)).containsExactlyInAnyOrder("n1+p1", "n2+p2");

        // : folds case, as in the rule's EQL: the events say "name-jump"
        assertThat(sequences("""
                [[exception]]
                name = "Admins' jump host"
                rule_ids = ["%s"]
                where = 'host.name : "NAME-JUMP"'
                """.formatted(SEED_ID), events)).containsExactly("n2+p2");
    }

    @Test
    void anExceptedEventNeitherCompletesNorConsumesTheSequence() throws Exception {
        // mmc.exe starts the backup agent, then cmd.exe: without the exception the agent completes the
        // sequence and, completed sequences being consumed, cmd.exe raises nothing
        List<Map<String, Object>> events = List.of(
                SeedEvents.network("n1", "ws", "mmc-1", 0),
                named(SeedEvents.process("agent", "ws", "mmc-1", 1_000), "BackupAgent.exe"),
                SeedEvents.process("cmd", "ws", "mmc-1", 2_000));
        assertThat(sequences(null, events)).containsExactly("n1+agent");

        assertThat(sequences("""
                [[exception]]
                name = "Backup agent started over DCOM"
                all_rules = true
                where = '''
                  process.name : "backupagent.exe" and
                  process.parent.name == "mmc.exe"
                '''
                """, events)).containsExactly("n1+cmd");
    }

    @Test
    void anExceptionOnAFieldAStageLacksLeavesThatStageAlone() throws Exception {
        // process.parent.name is on the process event only: the network stage is not excepted by
        // a condition it cannot meet (a missing field equals nothing), so the sequence still starts
        List<Map<String, Object>> events = List.of(
                SeedEvents.network("n1", "ws", "mmc-1", 0), SeedEvents.process("p1", "ws", "mmc-1", 1_000));
        assertThat(sequences("""
                [[exception]]
                name = "Child processes of a renamed MMC"
                rule_ids = ["%s"]
                where = 'process.parent.name == "MMC.EXE"'
                """.formatted(SEED_ID), events)).containsExactly("n1+p1");
    }

    @Test
    void anExceptionThatExpiresExceptsOnlyEventsBeforeItsExpiryByEventTime() throws Exception {
        // T0 is 2024-05-01T10:00:00Z; the exception expires a minute later
        List<Map<String, Object>> events = List.of(
                SeedEvents.network("n1", "ws", "mmc-1", 0), SeedEvents.process("p1", "ws", "mmc-1", 1_000),
                SeedEvents.network("n2", "ws", "mmc-2", 60_000), SeedEvents.process("p2", "ws", "mmc-2", 61_000));
        String exception = """
                [[exception]]
                name = "Change window SEC-77"
                rule_ids = ["%s"]
                where = 'host.name : "name-ws"'
                expires = %s
                """;
        assertThat(sequences(exception.formatted(SEED_ID, "2024-05-01T10:01:00Z"), events)).containsExactly("n2+p2");
        // the same instant written with its zone offset
        assertThat(sequences(exception.formatted(SEED_ID, "2024-05-01T12:01:00+02:00"), events)).containsExactly("n2+p2");
        // a date: from its start (UTC), so both sequences are before it
        assertThat(sequences(exception.formatted(SEED_ID, "2024-05-02"), events)).isEmpty();
    }

    @Test
    void aKibanaItemsHostileTextStaysTextThroughTheExceptionsFileAndTheDrl() throws Exception {
        // quotes, backslashes, $, #, //, a TOML multi-line delimiter, line breaks, a unicode-escape look-alike, non-ASCII
        String nasty = "q\"uote \\back $dollar #hash //slash ''' end\nnew\ttab \\u0022 é 中 ";
        Map<String, Object> item = Map.of("item_id", "i1", "list_id", "l1", "name", "name " + nasty, "description", nasty,
                "entries", List.of(
                        Map.of("field", "host.name", "operator", "included", "type", "match", "value", nasty),
                        Map.of("field", "odd \"field\" $#//.by", "operator", "excluded", "type", "match_any", "value", List.of(nasty)),
                        Map.of("field", "host.os.type", "operator", "included", "type", "wildcard", "value", "win*")));
        KibanaExceptionImport.Result imported = KibanaExceptionImport.read(new ObjectMapper().writeValueAsString(item),
                "export.ndjson", List.of(SEED_ID), false);
        assertThat(imported.problems()).isEmpty();
        String file = ExceptionsFileWriter.write(imported.exceptions(), "hostile " + nasty);

        List<Map<String, Object>> events = List.of(
                SeedEvents.network("n1", "a", "mmc-1", 0), SeedEvents.process("p1", "a", "mmc-1", 1_000),
                SeedEvents.network("n2", "b", "mmc-2", 2_000), SeedEvents.process("p2", "b", "mmc-2", 3_000));
        events.get(0).put("host.name", nasty);
        events.get(1).put("host.name", nasty);
        // one character off: not excepted
        events.get(2).put("host.name", nasty.replace('中', '文'));
        events.get(3).put("host.name", nasty.replace('中', '文'));
        assertThat(sequences(file, events)).containsExactly("n2+p2");
    }

    private static Map<String, Object> named(Map<String, Object> event, String processName) {
        event.put("process.name", processName);
        return event;
    }
}
