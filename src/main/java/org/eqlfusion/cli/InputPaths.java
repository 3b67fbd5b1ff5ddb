package org.eqlfusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What is wrong with a path a command was given to read, in the user's words; null when nothing is. */
final class InputPaths {

    private InputPaths() {
    }

    /** An events file: it must exist and be a file. */
    static String eventsFileProblem(Path events) {
        if (!Files.exists(events)) {
            return "no such events file: " + events;
        }
        if (Files.isDirectory(events)) {
            return events + " is a folder; --events takes an NDJSON file (or - for standard input)";
        }
        return Files.isReadable(events) ? null : "cannot read " + events;
    }

    /** Exceptions kept apart from the rules ({@code --exceptions}): a file or folder that exists. */
    static String exceptionsProblem(Path exceptions) {
        return exceptions == null || Files.exists(exceptions) ? null : "--exceptions: no such file or folder: " + exceptions;
    }

    /** Rule files: a .toml or .drl file, or a folder holding at least one. */
    static String rulesProblem(Path rules) throws IOException {
        if (!Files.exists(rules)) {
            return "no such rule file or folder: " + rules;
        }
        if (!Files.isDirectory(rules)) {
            return null;
        }
        try (Stream<Path> walk = Files.walk(rules)) {
            return walk.anyMatch(p -> Files.isRegularFile(p) && (p.toString().endsWith(".toml") || p.toString().endsWith(".drl")))
                    ? null : "no rule files (.toml, .drl) under " + rules;
        }
    }
}
