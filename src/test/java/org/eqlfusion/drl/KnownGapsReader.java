package org.eqlfusion.drl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * src/test/resources/known-gaps.txt: every detection rule and conformance query that does not
 * pass, one per line as {@code <section> <name>: <reason>}. The tests compare their failures with
 * it exactly, so a fix must remove its line and a regression cannot hide.
 */
public final class KnownGapsReader {

    private KnownGapsReader() {
    }

    /** name to reason, for one section ("detection-rules", "conformance"). */
    public static Map<String, String> section(String section) throws IOException {
        Map<String, String> gaps = new TreeMap<>();
        try (InputStream in = KnownGapsReader.class.getResourceAsStream("/known-gaps.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#") || !line.startsWith(section + " ")) {
                    continue;
                }
                String rest = line.substring(section.length() + 1);
                int colon = rest.indexOf(": ");
                gaps.put(rest.substring(0, colon), rest.substring(colon + 2).trim());
            }
        }
        return gaps;
    }
}
