package org.eqlfusion.drl;

import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only reference material beside the repository (../shared), as the build points to it. */
public final class SharedData {

    private SharedData() {
    }

    public static Path root() {
        Path shared = Path.of(System.getProperty("eqlfusion.shared", "../shared"));
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("the shared reference folder is missing: " + shared.toAbsolutePath());
        }
        return shared;
    }

    public static Path detectionRules() {
        return root().resolve("detection-rules");
    }
}
