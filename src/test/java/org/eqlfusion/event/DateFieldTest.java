package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Date fields of a mapping are kept in one text, so that the same instant written two ways is one join key. */
class DateFieldTest {

    @Test
    void anInstantWrittenInAnyFormatHasOneText() {
        DateField dayFirst = new DateField(DateTimeFormatter.ofPattern("dd-MM-yyyy", Locale.ROOT));
        DateField yearFirst = new DateField(DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT));
        DateField standard = new DateField(null);
        assertThat(dayFirst.canonical("17-12-2022")).isEqualTo("2022-12-17T00:00:00.000Z");
        assertThat(yearFirst.canonical("2022-12-17")).isEqualTo("2022-12-17T00:00:00.000Z");
        assertThat(standard.canonical("1671235200000")).isEqualTo("2022-12-17T00:00:00.000Z");
        assertThat(standard.canonical(1671235200000L)).isEqualTo("2022-12-17T00:00:00.000Z");
        assertThat(standard.canonical("2022-12-17T01:00:00+01:00")).isEqualTo("2022-12-17T00:00:00.000Z");
        // finer than milliseconds is kept (date_nanos)
        assertThat(standard.canonical("2022-12-17T00:00:00.123456Z")).isEqualTo("2022-12-17T00:00:00.123456Z");
        assertThat(new DateField(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)).canonical("2022-12-17 10:30"))
                .isEqualTo("2022-12-17T10:30:00.000Z");
    }

    @Test
    void aValueThatIsNoDateInItsFormatStaysAsItCame() {
        DateField dayFirst = new DateField(DateTimeFormatter.ofPattern("dd-MM-yyyy", Locale.ROOT));
        assertThat(dayFirst.canonical("2022-12-17")).isEqualTo("2022-12-17");
        assertThat(new DateField(null).canonical("yesterday")).isEqualTo("yesterday");
    }
}
