package org.eqlfusion.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A rule's index patterns resolved against the index or data stream an event was sent to, as Elasticsearch resolves them. */
class IndexPatternsTest {

    private static boolean names(String index, String... patterns) {
        return IndexPatterns.matches(index, patterns);
    }

    @Test
    void wildcardsMatchAnyRunOfCharactersAndNamesMatchWhole() {
        assertThat(names("winlogbeat-8.17.0", "winlogbeat-*")).isTrue();
        assertThat(names("logs-endpoint.events.process-default", "logs-endpoint.events.process*")).isTrue();
        assertThat(names("logs-endpoint.events.network-default", "logs-endpoint.events.process-*", "logs-endpoint.events.*")).isTrue();
        assertThat(names("logs-endpoint.events.network-default", "logs-endpoint.events.process-*")).isFalse();
        assertThat(names("auditbeat", "auditbeat")).isTrue();
        assertThat(names("auditbeat-x", "auditbeat")).isFalse();
        // index names are lower case, and so are patterns: no case folding
        assertThat(names("Winlogbeat-1", "winlogbeat-*")).isFalse();
    }

    @Test
    void anExclusionTakesBackWhatTheEarlierPatternsMatched() {
        assertThat(names("logs-endpoint.events.process-default", "logs-*", "-logs-endpoint.*")).isFalse();
        assertThat(names("logs-system.security-default", "logs-*", "-logs-endpoint.*")).isTrue();
        // an exclusion alone names nothing, and does not undo a later inclusion
        assertThat(names("logs-a", "-logs-b")).isFalse();
        assertThat(names("logs-a", "-logs-*", "logs-a")).isTrue();
    }

    @Test
    void aRemoteClustersPatternNeverNamesALocalIndex() {
        assertThat(names("logs-endpoint.events.process-default", "remote:logs-*")).isFalse();
        assertThat(names("logs-endpoint.events.process-default", "*:logs-*", "logs-endpoint.*")).isTrue();
    }
}
