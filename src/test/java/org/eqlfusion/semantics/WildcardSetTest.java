package org.eqlfusion.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WildcardSetTest {

    @Test
    void aSetOfRandomPatternsMatchesWhenOneOfItsPatternsDoes() {
        Random random = new Random(20261128);
        int matched = 0;
        for (int i = 0; i < 100_000; i++) {
            String value = text(random, "abAB\\.é", random.nextInt(10));
            String[] patterns = new String[1 + random.nextInt(12)];
            for (int j = 0; j < patterns.length; j++) {
                patterns[j] = text(random, "abAB\\.é*?", random.nextInt(8));
            }
            boolean ignoreCase = random.nextBoolean();
            boolean expected = Arrays.stream(patterns).anyMatch(p -> Wildcards.matches(value, p, ignoreCase));
            String matchedValue = ignoreCase ? Wildcards.fold(value) : value;
            assertThat(WildcardSet.patterns(patterns, ignoreCase).matchesAny(matchedValue))
                    .as("%s against %s, ignore case %s", value, Arrays.toString(patterns), ignoreCase)
                    .isEqualTo(expected);
            matched += expected ? 1 : 0;
        }
        assertThat(matched).isBetween(10_000, 90_000);
    }

    @Test
    void piecesBetweenStarsMayNotOverlapTheHeadOrTheTail() {
        WildcardSet set = WildcardSet.patterns(new String[] {"ab*ba", "?:\\perflogs\\*.exe", "*\\temp\\*\\*.ps?"}, false);
        assertThat(set.matchesAny("aba")).isFalse();
        assertThat(set.matchesAny("abba")).isTrue();
        assertThat(set.matchesAny("c:\\perflogs\\x.exe")).isTrue();
        assertThat(set.matchesAny("c:\\perflogs.exe")).isFalse();
        assertThat(set.matchesAny("c:\\temp\\a\\b.ps1")).isTrue();
        assertThat(set.matchesAny("c:\\temp\\b.ps1")).isFalse();
    }

    @Test
    void literalsKeepTheirStarsAndFoldCaseAsEqualsIgnoreCaseDoes() {
        WildcardSet set = WildcardSet.literals(new String[] {"CMD.exe", "a*b", null}, true);
        assertThat(set.matchesAny(Wildcards.fold("cmd.EXE"))).isTrue();
        assertThat(set.matchesAny(Wildcards.fold("a*B"))).isTrue();
        assertThat(set.matchesAny(Wildcards.fold("axb"))).isFalse();
        assertThat(set.matchesAny(List.of("x", Wildcards.fold("Cmd.Exe")))).isTrue();
        assertThat(set.matchesAny(null)).isFalse();
    }

    @Test
    void aListIsCompiledOnceAndNeverTakenForAnother() {
        String[] first = {"a*", "b*", "c*"};
        String[] sameStartAndEnd = {"a*", "x*", "c*"};
        WildcardSet set = CompiledLists.patterns(first, true);
        // a new array of the same constants, as each evaluation of a constraint passes
        assertThat(CompiledLists.patterns(first.clone(), true)).isSameAs(set);
        // equal content in other String objects
        assertThat(CompiledLists.patterns(new String[] {new String("a*"), new String("b*"), new String("c*")}, true)).isSameAs(set);
        WildcardSet other = CompiledLists.patterns(sameStartAndEnd, true);
        assertThat(other).isNotSameAs(set);
        assertThat(other.matchesAny("xylophone")).isTrue();
        assertThat(set.matchesAny("xylophone")).isFalse();
        // case sensitivity is part of what is compiled
        assertThat(CompiledLists.patterns(first, false)).isNotSameAs(set);
        assertThat(CompiledLists.literalsIgnoreCase(first)).isNotSameAs(set);
    }

    @Test
    void pastItsBoundTheTableStartsAfreshAndStillAnswersRight() {
        String[] kept = {"keep-a*", "keep-b*", "keep-c*"};
        WildcardSet before = CompiledLists.patterns(kept, true);
        // as many new lists as rules edited and reloaded again and again would bring
        for (int i = 0; i <= CompiledLists.LIMIT; i++) {
            String[] list = {"x" + i + "*", "y*", "z" + i};
            assertThat(CompiledLists.patterns(list, false).matchesAny("z" + i)).isTrue();
        }
        WildcardSet after = CompiledLists.patterns(kept, true);
        assertThat(after).isNotSameAs(before);
        assertThat(after.matchesAny("keep-b1")).isTrue();
        assertThat(after.matchesAny("keep-d1")).isFalse();
    }

    @Test
    void keywordLiteralsAnswerAsEqualityDoesForEveryKindOfValue() {
        Object[] literals = {"1", "TRUE", "1.5", "cmd.exe", "2"};
        WildcardSet set = CompiledLists.keywords(literals);
        List<Object> values = List.of("1", 1L, 1.0, 1.5, true, "true", "TRUE", "Cmd.exe", "cmd.exe", 2L, 3L,
                List.of("x", 2L), List.of("y"), false);
        for (Object value : values) {
            boolean expected = Arrays.stream(literals).anyMatch(l -> Comparisons.equalTo(value, l, org.eqlfusion.event.Schema.Type.KEYWORD));
            assertThat(set.containsText(value)).as("%s (%s)", value, value.getClass().getSimpleName()).isEqualTo(expected);
        }
        // a number among the literals compares by value: not compiled as text
        assertThat(CompiledLists.keywords(new Object[] {"a", 1L, "b"})).isNull();
    }

    private static String text(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
