package org.eqlfusion.preview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule tests beside the bundled rules all pass, and a wrong expectation is caught and described. */
class RuleTestsTest {

    @TempDir
    Path dir;

    @Test
    void everyBundledRuleHasATestAndItPasses() throws Exception {
        List<RuleTests.Outcome> outcomes = RuleTests.run(Path.of("rules-drl"));
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes).allSatisfy(o -> assertThat(o.problems()).as(o.test().toString()).isEmpty());
    }

    @Test
    void aTestWhoseExpectationIsWrongFailsSayingWhatDiffered() throws Exception {
        String base = "lateral_movement_dcom_shellwindow_shellbrowserwindow";
        Files.copy(Path.of("rules-drl/windows/" + base + ".drl"), dir.resolve(base + ".drl"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = (ObjectNode) json.readTree(Path.of("rules-drl/windows/" + base + RuleTests.SUFFIX).toFile());
        ArrayNode ids = (ArrayNode) spec.get("expect").get(0).get("events");
        ids.removeAll().add("sw-3").add("sw-4");
        json.writeValue(dir.resolve(base + RuleTests.SUFFIX).toFile(), spec);

        RuleTests.Outcome outcome = RuleTests.run(dir).get(0);
        assertThat(outcome.passed()).isFalse();
        assertThat(outcome.problems()).containsExactly(
                "expected, not raised: 8f919d4b-a5af-47ca-a594-6be59cd924a4 [sw-3, sw-4]",
                "raised, not expected: 8f919d4b-a5af-47ca-a594-6be59cd924a4 [sw-1, sw-2]");
    }

    @Test
    void theFoldersExceptionsApplyToItsRuleTestsAsToItsRunningRules() throws Exception {
        Path windows = Files.createDirectories(dir.resolve("windows"));
        Files.copy(Path.of(System.getProperty("eqlfusion.shared", "../shared")).resolve("seed/lateral_movement_dcom_mmc20.toml"),
                windows.resolve("mmc20.toml"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = sampleEvents(json);
        spec.putArray("expect").addObject().put("rule_id", "51ce96fb-9e52-4dad-b0ba-99b54440fc9a")
                .putArray("events").add("evt-0002").add("evt-0005");
        json.writeValue(windows.resolve("mmc20" + RuleTests.SUFFIX).toFile(), spec);
        assertThat(RuleTests.run(dir).get(0).problems()).isEmpty();

        // the exception is live for the folder's rules, so the test that expects the alert now fails
        Files.writeString(dir.resolve("tuning.exceptions.toml"), """
                [[exception]]
                name = "Admins manage workstation 6 over DCOM"
                rule_ids = ["51ce96fb-9e52-4dad-b0ba-99b54440fc9a"]
                where = 'host.name : "workstation6"'
                """);
        assertThat(RuleTests.run(dir).get(0).problems()).containsExactly(
                "expected, not raised: 51ce96fb-9e52-4dad-b0ba-99b54440fc9a [evt-0002, evt-0005]");
        // the same exceptions kept apart from the rules (test --exceptions DIR)
        Path apart = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-tuning"));
        Files.move(dir.resolve("tuning.exceptions.toml"), apart.resolve("tuning.exceptions.toml"));
        assertThat(RuleTests.run(dir).get(0).problems()).isEmpty();
        assertThat(RuleTests.run(dir, apart).get(0).problems()).containsExactly(
                "expected, not raised: 51ce96fb-9e52-4dad-b0ba-99b54440fc9a [evt-0002, evt-0005]");
        Files.move(apart.resolve("tuning.exceptions.toml"), dir.resolve("tuning.exceptions.toml"));
        Files.delete(apart);

        spec.putArray("expect");
        json.writeValue(windows.resolve("mmc20" + RuleTests.SUFFIX).toFile(), spec);
        assertThat(RuleTests.run(dir).get(0).problems()).isEmpty();

        // a disabled rule's test still tests the rule (kept, not run): it raises what it raises
        Files.delete(dir.resolve("tuning.exceptions.toml"));
        Files.writeString(dir.resolve("off.exceptions.toml"),
                "[[disabled]]\nrule_ids = [\"51ce96fb-9e52-4dad-b0ba-99b54440fc9a\"]\nreason = \"not here\"\n");
        assertThat(RuleTests.run(dir).get(0).problems()).containsExactly(
                "raised, not expected: 51ce96fb-9e52-4dad-b0ba-99b54440fc9a [evt-0002, evt-0005]");
    }

    @Test
    void aTestFileThatIsNotWellFormedSaysWhereNotWhatDiffered() throws Exception {
        String base = "lateral_movement_dcom_shellwindow_shellbrowserwindow";
        Files.copy(Path.of("rules-drl/windows/" + base + ".drl"), dir.resolve(base + ".drl"));
        Path test = dir.resolve(base + RuleTests.SUFFIX);

        // an expectation with a number for its rule_id was compared as the text "5" and reported as not raised
        Files.writeString(test, "{\"events\": [], \"expect\": [{\"rule_id\": 5, \"events\": []}]}");
        assertThat(RuleTests.run(dir).get(0).problems()).containsExactly(
                test + ": expect 1 must be {\"rule_id\": \"...\", \"events\": [\"id\", ...]}, not {\"rule_id\":5,\"events\":[]}");

        Files.writeString(test, "{\"events\": [],\n \"expect\": [");
        assertThat(RuleTests.run(dir).get(0).problems()).singleElement().asString()
                .startsWith(test + ": not valid JSON at line 2, column").doesNotContain("REDACTED");
    }

    @Test
    void aSuppressedRulesTestExpectsEachAlertOnceHoweverManyItCounted() throws Exception {
        Files.copy(Path.of("src/test/resources/suppression/started-by-mmc.toml"), dir.resolve("started.toml"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode spec = sampleEvents(json);
        // WORKSTATION6's second start (evt-0007) is counted into its first alert, not raised
        ArrayNode expect = spec.putArray("expect");
        expect.addObject().put("rule_id", "5e1e5e1e-0000-4000-8000-000000000002").putArray("events").add("evt-0005");
        expect.addObject().put("rule_id", "5e1e5e1e-0000-4000-8000-000000000002").putArray("events").add("evt-0006");
        json.writeValue(dir.resolve("started" + RuleTests.SUFFIX).toFile(), spec);
        assertThat(RuleTests.run(dir).get(0).problems()).isEmpty();

        expect.addObject().put("rule_id", "5e1e5e1e-0000-4000-8000-000000000002").putArray("events").add("evt-0007");
        json.writeValue(dir.resolve("started" + RuleTests.SUFFIX).toFile(), spec);
        assertThat(RuleTests.run(dir).get(0).problems())
                .containsExactly("expected, not raised: 5e1e5e1e-0000-4000-8000-000000000002 [evt-0007]");
    }

    /** A test spec holding the sample's seven events, its expectations yet to come. */
    private static ObjectNode sampleEvents(ObjectMapper json) throws Exception {
        ObjectNode spec = json.createObjectNode();
        ArrayNode events = spec.putArray("events");
        for (String line : Files.readAllLines(Path.of("samples/dcom-mmc20.ndjson"))) {
            if (!line.isBlank()) {
                events.add(json.readTree(line));
            }
        }
        return spec;
    }
}
