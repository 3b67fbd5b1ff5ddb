package org.eqlfusion.semantics;

/**
 * A rule's {@code index} patterns as Elasticsearch resolves them against an index or data stream
 * name: {@code *} matches any run of characters, a pattern that starts with {@code -} takes back
 * what the patterns before it matched, and a remote cluster's pattern ({@code cluster:logs-*})
 * never names a local index.
 */
public final class IndexPatterns {

    private IndexPatterns() {
    }

    /** Whether {@code patterns} name {@code index} (an index or data stream name, as written in a {@code _bulk} action). */
    public static boolean matches(String index, String[] patterns) {
        boolean named = false;
        for (String pattern : patterns) {
            if (pattern.startsWith("-") && pattern.length() > 1) {
                named &= !matchesOne(index, pattern.substring(1));
            } else if (!named) {
                named = matchesOne(index, pattern);
            }
        }
        return named;
    }

    private static boolean matchesOne(String index, String pattern) {
        // index names never hold '?' (Elasticsearch refuses them), so EQL's wildcards read these patterns as it does
        return pattern.indexOf(':') < 0 && Wildcards.matches(index, pattern, false);
    }
}
