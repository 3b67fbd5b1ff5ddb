package org.eqlfusion.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A folder's rule files by path, size and modification time: what the watch compares. */
final class FolderFingerprint {

    private FolderFingerprint() {
    }

    static String of(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Files.exists(folder) ? folder + "@" + Files.size(folder) + "@" + Files.getLastModifiedTime(folder) : "";
        }
        StringBuilder s = new StringBuilder();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".drl") || f.toString().endsWith(".toml")).sorted().toList()) {
                s.append(p).append('@').append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            }
        }
        return s.toString();
    }
}
