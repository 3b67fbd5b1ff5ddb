package org.eqlfusion.semantics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versions in the order of Elasticsearch's {@code version} field: major.minor.patch
 * numerically, a pre-release (1.2.4-SNAPSHOT) before its release, and text that is no version
 * after every version.
 */
final class Versions {

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    private Versions() {
    }

    static int compare(String a, String b) {
        Matcher x = SEMVER.matcher(a);
        Matcher y = SEMVER.matcher(b);
        boolean validA = x.matches();
        boolean validB = y.matches();
        if (!validA || !validB) {
            return validA ? -1 : validB ? 1 : a.compareTo(b);
        }
        for (int i = 1; i <= 3; i++) {
            int c = new java.math.BigInteger(x.group(i)).compareTo(new java.math.BigInteger(y.group(i)));
            if (c != 0) {
                return c;
            }
        }
        String preA = x.group(4);
        String preB = y.group(4);
        if (preA == null || preB == null) {
            return preA == null ? (preB == null ? 0 : 1) : -1;
        }
        return preA.compareTo(preB);
    }
}
