package org.eqlfusion.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieContainer;

/**
 * Where the rules come from, turned into a stream-mode KieBase: DRL files in a folder, the
 * bundled rule set (the DRL of {@code rules-drl/}, on the classpath at {@code eqlfusion/rules/}),
 * or a KieContainer (a KJAR loaded by GAV or from the classpath). For several sessions side by
 * side ({@link RulePartition}) the DRL files make two KieBases: one run by {@link #hostShards()}
 * sessions, each given the events of a share of the hosts, and one run by a session given every
 * event.
 */
public final class RuleSet {

    static final String BUNDLED_RULES = "eqlfusion/rules/";

    private final List<KieBase> kieBases;
    private final int hostShards;
    private final String description;

    private RuleSet(List<KieBase> kieBases, int hostShards, String description) {
        if (kieBases.isEmpty() || kieBases.size() > 2) {
            throw new IllegalArgumentException("a rule set has one KieBase, or two when split: " + kieBases.size());
        }
        if (hostShards < 1 || kieBases.size() == 1 && hostShards > 1) {
            throw new IllegalArgumentException(hostShards + " host shards of " + kieBases.size() + " KieBase(s)");
        }
        this.kieBases = List.copyOf(kieBases);
        this.hostShards = hostShards;
        this.description = description;
    }

    /** The KieBase of the first session: the only one unless the rules were split. */
    public KieBase kieBase() {
        return kieBases.get(0);
    }

    /**
     * The KieBases: one; or, split, the host shards' ({@link RulePartition#HOST_SHARDS_KIEBASE})
     * and that of the session given every event ({@link RulePartition#ALL_EVENTS_KIEBASE}).
     */
    public List<KieBase> kieBases() {
        return kieBases;
    }

    /** How many sessions run the first KieBase, each given the events of a share of the hosts (1: every event). */
    public int hostShards() {
        return hostShards;
    }

    /** How many sessions the rules run in: the host shards, and the session given every event when split. */
    public int sessions() {
        return kieBases.size() == 1 ? 1 : hostShards + 1;
    }

    /** The KieBase (index into {@link #kieBases()}) that session {@code session} (from 0) runs: the host shards come first. */
    public int kieBaseOf(int session) {
        return session < hostShards ? 0 : 1;
    }

    /** How many DRL rules there are over the KieBases (a rule of a file both hold, twice). */
    public long drlRuleCount() {
        return kieBases.stream().flatMap(k -> k.getKiePackages().stream()).mapToLong(p -> p.getRules().size()).sum();
    }

    /** Where the rules came from, for logs and summaries. */
    public String description() {
        return description;
    }

    /** The bundled rule set: the DCOM lateral movement family. */
    public static RuleSet bundled() {
        return bundled(1);
    }

    /** The bundled rule set split over {@code sessions}. */
    public static RuleSet bundled(int sessions) {
        return new RuleSet(build(readBundled(), DrlBuild.Mode.DRL, sessions), sessions,
                "bundled rules" + split(sessions));
    }

    /** Every {@code .drl} file under {@code dir} (or the one file {@code dir} names), compiled as run-time DRL. */
    public static RuleSet fromDrl(Path dir) {
        return fromDrl(dir, DrlBuild.Mode.DRL);
    }

    /** Every {@code .drl} file under {@code dir}, compiled the way {@code mode} says. */
    public static RuleSet fromDrl(Path dir, DrlBuild.Mode mode) {
        return fromDrl(dir, mode, 1);
    }

    /** Every {@code .drl} file under {@code dir}, compiled the way {@code mode} says, split over {@code sessions}. */
    public static RuleSet fromDrl(Path dir, DrlBuild.Mode mode, int sessions) {
        if (!Files.exists(dir)) {
            throw new RuleSetException("rules path " + dir + " does not exist");
        }
        Map<String, String> sources;
        try {
            sources = Files.isDirectory(dir) ? readAll(dir) : Map.of(dir.getFileName().toString(), Files.readString(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules under " + dir, e);
        }
        if (sources.isEmpty()) {
            throw new RuleSetException("no .drl files under " + dir);
        }
        List<DuplicateRules.Duplicate> duplicates = DuplicateRules.find(sources);
        if (!duplicates.isEmpty()) {
            throw new RuleSetException(String.join("\n", duplicates.stream().map(DuplicateRules.Duplicate::message).toList()));
        }
        return new RuleSet(build(sources, mode, sessions), sessions, sources.size() + " DRL files from " + dir
                + (mode == DrlBuild.Mode.EXECUTABLE_MODEL ? " (executable model)" : "") + split(sessions));
    }

    /** How a description says the rules are split over {@code hostShards} host shards. */
    public static String split(int hostShards) {
        return hostShards == 1 ? "" : " in " + hostShards + " host shards and a session of every event";
    }

    /** The default KieBase of a container (a KJAR by GAV: {@code KieServices.newKieContainer(releaseId)}). */
    public static RuleSet fromContainer(KieContainer container) {
        String gav = container.getReleaseId() == null ? "classpath" : container.getReleaseId().toString();
        return new RuleSet(List.of(container.getKieBase()), 1, "KieContainer " + gav);
    }

    public static RuleSet of(KieBase kieBase, String description) {
        return new RuleSet(List.of(kieBase), 1, description);
    }

    /** Rules already split ({@link RulePartition#split}): one KieBase, or two for {@code hostShards} above 1. */
    public static RuleSet of(List<KieBase> kieBases, int hostShards, String description) {
        return new RuleSet(kieBases, hostShards, description);
    }

    /** Compiles DRL sources (file name to text) into a stream-mode KieBase; errors name file and line. */
    static KieBase build(Map<String, String> sources) {
        return build(sources, DrlBuild.Mode.DRL);
    }

    static KieBase build(Map<String, String> sources, DrlBuild.Mode mode) {
        return build(sources, mode, 1).get(0);
    }

    /** The KieBases of {@link RulePartition#split}, built side by side; errors name file and line, each once. */
    static List<KieBase> build(Map<String, String> sources, DrlBuild.Mode mode, int sessions) {
        List<DrlBuild.Result> results = DrlBuild.buildEach(RulePartition.split(sources, sessions), mode);
        java.util.Set<String> lines = new java.util.LinkedHashSet<>();
        for (DrlBuild.Result result : results) {
            result.errors().forEach((file, errors) -> errors.forEach(e -> lines.add(file + e)));
        }
        if (!lines.isEmpty()) {
            throw new RuleSetException("the rules do not compile:\n  " + String.join("\n  ", lines));
        }
        return results.stream().map(DrlBuild.Result::kieBase).toList();
    }

    private static Map<String, String> readBundled() {
        URL anchor = RuleSet.class.getClassLoader().getResource(BUNDLED_RULES + "sequences.drl");
        if (anchor == null) {
            throw new RuleSetException("the bundled rules are missing from the classpath (" + BUNDLED_RULES + ")");
        }
        try {
            URI uri = anchor.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return readAll(fs.getPath("/" + BUNDLED_RULES));
            }
            return readAll(Path.of(uri).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled rules", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readAll(Path root) throws IOException {
        Map<String, String> sources = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                sources.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return sources;
    }
}
