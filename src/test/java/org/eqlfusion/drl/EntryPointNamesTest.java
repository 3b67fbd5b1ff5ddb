package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The entry point a generated pattern reads: named by its key, so that patterns with the same key share it. */
class EntryPointNamesTest {

    private static String programs(int count, String last) {
        return IntStream.range(0, count - 1).mapToObj(i -> "\"tool" + i + ".exe\"").collect(Collectors.joining(", "))
                + ", \"" + last + "\"";
    }

    @Test
    void aPatternOnSeveralCategoriesReadsTheEntryPointOfThoseCategories() {
        assertThat(EntryPoints.of(List.of("isIn(\"event.category\", \"process\", \"file\")", "eq(\"host.os.type\", \"windows\")")))
                .isEqualTo("event.category: file | process");
        assertThat(EntryPoints.of(List.of("category(\"process\")", "eq(\"host.os.type\", \"windows\")"))).isEqualTo("process events");
        assertThat(EntryPoints.of(List.of("eq(\"host.os.type\", \"windows\")"))).as("the platform only: the default").isNull();
    }

    @Test
    void aLongKeyIsCutShortForReadingAndStillSharedByTheSameKey() {
        String key = "inIgnoreCase(\"process.name\", " + programs(40, "zz.exe") + ")";
        String name = EntryPoints.of(List.of("category(\"process\")", key));

        assertThat(name).startsWith("process.name: tool0.exe | tool1.exe").contains("... (40 values, ").hasSizeLessThan(90);
        assertThat(EntryPoints.of(List.of("category(\"process\")", "eq(\"event.type\", \"start\")", key)))
                .as("the same key, another pattern").isEqualTo(name);
        assertThat(EntryPoints.of(List.of("category(\"process\")", "inIgnoreCase(\"process.name\", " + programs(40, "yy.exe") + ")")))
                .as("another key of the same length and beginning").isNotEqualTo(name);
    }
}
