package org.eqlfusion.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which constraints give the router a key, and which (rightly) give none. */
class RouteKeyTest {

    @Test
    void categoryAndExactValuesGiveKeysFoldedForCase() {
        assertThat(key("category(\"process\")")).containsExactly(values("event.category", "process"));
        assertThat(key("eq(\"process.name\", \"CMD.exe\")")).containsExactly(values("process.name", "cmd.exe"));
        assertThat(key("isIn(\"event.action\", \"exec\", \"Fork\")")).containsExactly(values("event.action", "exec", "fork"));
        assertThat(key("inIgnoreCase(\"dll.name\", \"a.dll\", \"B.DLL\")")).containsExactly(values("dll.name", "a.dll", "b.dll"));
    }

    @Test
    void anOrNeedsAKeyOnEverySideAndAnAndTakesTheNarrowerSide() {
        assertThat(key("(inIgnoreCase(\"process.name\", \"forfiles.exe\") || eq(\"process.pe.original_file_name\", \"forfiles.exe\"))"))
                .containsExactly(values("process.name", "forfiles.exe"), values("process.pe.original_file_name", "forfiles.exe"));
        assertThat(key("(inIgnoreCase(\"process.name\", \"a.exe\") || likeIgnoreCase(\"process.executable\", \"*.exe\"))"))
                .containsExactly(values("process.name", "a.exe"), RouteKey.FieldValues.present("process.executable"));
        assertThat(key("(inIgnoreCase(\"process.name\", \"a.exe\") || !(eq(\"process.pid\", 4)))")).isNull();
        assertThat(key("(eq(\"host.os.type\", \"windows\") && inIgnoreCase(\"process.name\", \"a.exe\", \"b.exe\"))"))
                .containsExactly(values("process.name", "a.exe", "b.exe"));
        assertThat(key("((eq(\"event.category\", \"file\") && eq(\"file.extension\", \"lnk\")) || (eq(\"event.category\", \"process\") && eq(\"process.name\", \"x\")))"))
                .containsExactly(values("file.extension", "lnk"), values("process.name", "x"));
    }

    @Test
    void wildcardPatternsGiveTheEndTheValueMustHaveWhenEveryPatternHasALongEnoughOne() {
        RouteKey key = RouteKey.parse("likeIgnoreCase(\"process.executable\", \"?:\\\\Windows\\\\System32\\\\Curl.exe\", \"*\\\\wget.exe\")");
        assertThat(key.anyOf()).containsExactly(new RouteKey.FieldValues("process.executable",
                Set.of(":\\windows\\system32\\curl.exe", "\\wget.exe"), true));
        assertThat(key("like(\"process.name\", \"python*\")")).as("nothing fixed at the end: the field present")
                .containsExactly(RouteKey.FieldValues.present("process.name"));
        assertThat(key("likeIgnoreCase(\"process.name\", \"*.exe\", \"*\\\\tool.exe\")")).as("one end too short")
                .containsExactly(RouteKey.FieldValues.present("process.name"));
        assertThat(RouteKey.parse("inIgnoreCase(\"process.name\", \"curl.exe\")").narrowerThan(key)).isTrue();
    }

    @Test
    void testsFalseOnAMissingFieldNeedItPresent() {
        assertThat(key("likeIgnoreCase(\"url.original\", \"*select*\")")).containsExactly(RouteKey.FieldValues.present("url.original"));
        assertThat(key("eq(\"process.pid\", 4)")).containsExactly(RouteKey.FieldValues.present("process.pid"));
        assertThat(key("gte(\"source.port\", 49152)")).containsExactly(RouteKey.FieldValues.present("source.port"));
        assertThat(key("isIn(\"process.name\", \"a\", $other)")).containsExactly(RouteKey.FieldValues.present("process.name"));
        assertThat(key("regexIgnoreCase(\"dll.name\", \"a.*\")")).containsExactly(RouteKey.FieldValues.present("dll.name"));
        // true on a missing field, so no key
        assertThat(key("notEq(\"source.ip\", \"127.0.0.1\")")).isNull();
        assertThat(key("isNotIn(\"user.id\", \"S-1-5-18\")")).isNull();
        assertThat(key("isNull(\"process.parent.name\")")).isNull();
        // an exact value tells more than presence; presence more than the platform, less than a category
        assertThat(key("(eq(\"process.pid\", 4) && inIgnoreCase(\"process.name\", \"a.exe\"))"))
                .containsExactly(values("process.name", "a.exe"));
        assertThat(RouteKey.parse("eq(\"process.pid\", 4)").narrowerThan(RouteKey.parse("eq(\"host.os.type\", \"windows\")"))).isTrue();
        assertThat(RouteKey.parse("category(\"process\")").narrowerThan(RouteKey.parse("eq(\"process.pid\", 4)"))).isTrue();
        assertThat(RouteKey.parse("notNull(\"event.category\")").categories()).isNull();
    }

    @Test
    void negationsNonFieldTestsAndUnknownTextGiveNone() {
        assertThat(key("!(inIgnoreCase(\"process.name\", \"a.exe\"))")).isNull();
        assertThat(key("keys(\"process.name\")")).isNull();
        assertThat(key("processName == \"a\"")).isNull();
        assertThat(key("eq(\"process.name\", \"a\"")).isNull();
        assertThat(key("")).isNull();
    }

    @Test
    void escapedQuotesAndBackslashesAreReadOtherEscapesGiveNoValue() {
        assertThat(key("eq(\"file.path\", \"C:\\\\Temp\\\\\\\"x\\\"\")")).containsExactly(values("file.path", "c:\\temp\\\"x\""));
        assertThat(key("eq(\"file.name\", \"a\\nb\")")).as("the value unread, the field still needed")
                .containsExactly(RouteKey.FieldValues.present("file.name"));
    }

    @Test
    void foldingAgreesWithEqualsIgnoreCase() {
        for (String[] pair : new String[][] {{"ſ", "S"}, {"K", "k"}, {"ÀÉ", "àé"}, {"Ω", "ω"}, {"İ", "i"}}) {
            assertThat(RouteKey.fold(pair[0]).equals(RouteKey.fold(pair[1])))
                    .as("%s vs %s", pair[0], pair[1]).isEqualTo(pair[0].equalsIgnoreCase(pair[1]));
        }
    }

    @Test
    void coarseFieldsDoNotMakeAKeySelective() {
        assertThat(RouteKey.parse("eq(\"host.os.type\", \"windows\")").selective()).isFalse();
        assertThat(RouteKey.parse("eq(\"process.name\", \"cmd.exe\")").selective()).isTrue();
        assertThat(RouteKey.parse("eq(\"process.name\", \"cmd.exe\")").narrowerThan(RouteKey.parse("eq(\"process.args\", \"/c\")"))).isTrue();
        // any category tells more than the platform, even several categories
        assertThat(RouteKey.parse("isIn(\"event.category\", \"file\", \"process\")")
                .narrowerThan(RouteKey.parse("eq(\"host.os.type\", \"windows\")"))).isTrue();
    }

    private static List<RouteKey.FieldValues> key(String constraint) {
        RouteKey key = RouteKey.parse(constraint);
        return key == null ? null : key.anyOf();
    }

    private static RouteKey.FieldValues values(String field, String... values) {
        return new RouteKey.FieldValues(field, Set.of(values));
    }
}
