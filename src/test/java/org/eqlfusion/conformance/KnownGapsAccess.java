package org.eqlfusion.conformance;

import java.util.Map;

/** The conformance section of known-gaps.txt. */
final class KnownGapsAccess {

    private KnownGapsAccess() {
    }

    static Map<String, String> conformance() throws java.io.IOException {
        return org.eqlfusion.drl.KnownGapsReader.section("conformance");
    }
}
