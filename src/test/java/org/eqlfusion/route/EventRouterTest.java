package org.eqlfusion.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eqlfusion.engine.DrlBuild;
import org.eqlfusion.engine.RuleSet;
import org.eqlfusion.event.EcsEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.EntryPoint;

/** The entry points an event is inserted into, read from the rules as Drools built them (run-time DRL and executable model). */
class EventRouterTest {

    private static final String RULES = """
            package routing;
            import org.eqlfusion.event.EcsEvent;

            rule "cmd started"
            when
                EcsEvent( category("process"), inIgnoreCase("process.name", "cmd.exe") ) from entry-point "cmd rule"
            then
            end

            rule "forfiles, by name or original name"
            when
                EcsEvent( (inIgnoreCase("process.name", "forfiles.exe") || eq("process.pe.original_file_name", "forfiles.exe")) ) from entry-point "forfiles rule"
            then
            end

            rule "any network event"
            when
                EcsEvent( category("network"), likeIgnoreCase("process.name", "*") ) from entry-point "network events"
            then
            end

            rule "private source address"
            when
                EcsEvent( eq("source.ip", "10.0.0.0/8") ) from entry-point "ip rule"
            then
            end

            rule "the cloud metadata address"
            when
                EcsEvent( eq("destination.ip", "169.254.169.254") ) from entry-point "metadata rule"
            then
            end

            rule "loopback or private, written two ways"
            when
                EcsEvent( isIn("destination.ip", "::1", "10.0.0.0/8") ) from entry-point "mixed ip rule"
            then
            end

            rule "curl by its path"
            when
                EcsEvent( likeIgnoreCase("process.executable", "?:\\\\Windows\\\\System32\\\\curl.exe", "*\\\\Tools\\\\curl.exe") ) from entry-point "curl rule"
            then
            end

            rule "a url wildcard: nothing fixed, the field must be there"
            when
                EcsEvent( likeIgnoreCase("url.original", "*select*") )
            then
            end

            rule "a high source port, on whatever event has one"
            when
                EcsEvent( gte("source.port", 49152) ) from entry-point "port rule"
            then
            end
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DrlBuild.Mode.class)
    void eventsReachOnlyTheEntryPointsWhosePatternsTheyCouldMatch(DrlBuild.Mode mode) throws IOException {
        Files.writeString(dir.resolve("routing.drl"), RULES);
        KieSession session = RuleSet.fromDrl(dir, mode).kieBase().newKieSession();
        try {
            EventRouter router = EventRouter.of(session);

            assertThat(routes(router, Map.of("event.category", List.of("process"), "process.name", "CMD.EXE")))
                    .containsExactly("cmd rule");
            // any value of a multi-valued field may match
            assertThat(routes(router, Map.of("event.category", List.of("process"), "process.name", List.of("x.exe", "cmd.exe"))))
                    .containsExactly("cmd rule");
            // the category is required too
            assertThat(routes(router, Map.of("event.category", "file", "process.name", "cmd.exe"))).isEmpty();
            // either side of an ||
            assertThat(routes(router, Map.of("process.pe.original_file_name", "forfiles.exe", "process.name", "renamed.exe")))
                    .containsExactly("forfiles rule");
            assertThat(routes(router, Map.of("event.category", List.of("network"), "process.name", "svchost.exe")))
                    .containsExactly("network events");
            // a CIDR block matches by address: a pattern with one is offered every event with the field
            assertThat(routes(router, Map.of("source.ip", "10.1.2.3"))).containsExactly("ip rule");
            // an address literal is keyed by its canonical text, which is what events hold
            assertThat(routes(router, Map.of("destination.ip", "169.254.169.254")))
                    .containsExactlyInAnyOrder("metadata rule", "mixed ip rule");
            assertThat(routes(router, Map.of("destination.ip", "10.9.9.9"))).containsExactly("mixed ip rule");
            assertThat(routes(router, Map.of("destination.ip", "0:0:0:0:0:0:0:1")))
                    .containsExactly("mixed ip rule");
            assertThat(routes(router, Map.of("event.category", List.of("process"), "process.name", "notepad.exe")))
                    .isEmpty();
            // a wildcard pattern's fixed end: the value must end with it, whatever its case
            assertThat(routes(router, Map.of("process.executable", "C:\\WINDOWS\\system32\\CURL.EXE")))
                    .containsExactly("curl rule");
            assertThat(routes(router, Map.of("process.executable", List.of("x", "D:\\tools\\curl.exe"))))
                    .containsExactly("curl rule");
            assertThat(routes(router, Map.of("process.executable", "C:\\Windows\\System32\\notcurl.exe"))).isEmpty();
            // an event of two categories reaches the patterns of both, each entry point once
            assertThat(routes(router, Map.of("event.category", List.of("process", "network"), "process.name", "cmd.exe")))
                    .containsExactlyInAnyOrder("cmd rule", "network events");
            // of a category no pattern names: the patterns that name none
            assertThat(routes(router, Map.of("event.category", List.of("iam"), "process.name", "cmd.exe",
                    "process.pe.original_file_name", "forfiles.exe"))).containsExactly("forfiles rule");
            // a test that is false on a missing field: only events that have it
            assertThat(routes(router, Map.of("url.original", "/?q=1 union select"))).containsExactly("DEFAULT");
            assertThat(routes(router, Map.of("source.port", 50123, "url.original", "/"))).containsExactlyInAnyOrder("port rule", "DEFAULT");
        } finally {
            session.dispose();
        }
    }

    @ParameterizedTest
    @EnumSource(DrlBuild.Mode.class)
    void handWrittenPropertyEqualitiesThatDroolsHashesStillGetTheirEvents(DrlBuild.Mode mode) throws IOException {
        // three or more "property == literal" siblings: Drools hashes them instead of testing each in turn
        StringBuilder drl = new StringBuilder("package hashed;\nimport org.eqlfusion.event.EcsEvent;\n");
        for (String id : List.of("e1", "e2", "e3", "e4")) {
            drl.append("rule \"id ").append(id).append("\" when EcsEvent( id == \"").append(id)
                    .append("\" ) from entry-point \"by id\" then end\n");
        }
        Files.writeString(dir.resolve("hashed.drl"), drl.toString());
        KieSession session = RuleSet.fromDrl(dir, mode).kieBase().newKieSession();
        try {
            assertThat(routes(EventRouter.of(session), Map.of("process.name", "x"))).containsExactly("by id");
        } finally {
            session.dispose();
        }
    }

    private static List<String> routes(EventRouter router, Map<String, Object> fields) {
        EcsEvent event = new EcsEvent(new HashMap<>(fields), 0L, "e1");
        return router.entryPointsFor(event).stream().map(EntryPoint::getEntryPointId).toList();
    }
}
