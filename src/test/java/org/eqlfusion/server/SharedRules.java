package org.eqlfusion.server;

import java.nio.file.Path;

/** Elastic's rule files in ../shared, read where they are (never copied into the repository). */
final class SharedRules {

    private SharedRules() {
    }

    static Path seedToml() {
        return Path.of(System.getProperty("eqlfusion.shared", "../shared"))
                .resolve("detection-rules/rules/windows/lateral_movement_dcom_mmc20.toml");
    }
}
