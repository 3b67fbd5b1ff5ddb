package org.eqlfusion.bench;

import java.util.concurrent.TimeUnit;
import org.eqlfusion.semantics.CompiledLists;
import org.eqlfusion.semantics.Comparisons;
import org.eqlfusion.semantics.Wildcards;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: one {@code process.executable : (...)} condition with a long list of path patterns, the
 * shape of the catalogue's "unusual path" rules (66 patterns such as {@code "?:\\PerfLogs\\*.exe"}),
 * tested against the program paths of ordinary process starts, none of which it matches: each
 * pattern read on its own ({@link Wildcards}, as before the lists were compiled) against the list
 * compiled once and found again per call ({@link CompiledLists}, what {@code EcsEvent} does).
 * Run with README's JMH command; not part of the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class LiteralListBenchmark {

    private static final String[] DIRECTORIES = {"PerfLogs", "Users\\Public", "Windows\\Tasks", "Intel", "AMD\\Temp",
        "Windows\\AppReadiness", "Windows\\ServiceState", "Windows\\security", "Windows\\IdentityCRL", "Windows\\Branding",
        "Windows\\csc", "Windows\\DigitalLocker", "Windows\\en-US", "Windows\\wlansvc", "Windows\\Prefetch", "Windows\\Fonts",
        "Windows\\diagnostics", "Windows\\TAPI", "Windows\\INF", "Windows\\System32\\Speech", "windows\\tracing",
        "windows\\IME", "Windows\\Performance", "windows\\intel", "windows\\ms", "Windows\\dot3svc", "Windows\\panther",
        "Windows\\RemotePackages", "Windows\\OCR", "Windows\\appcompat", "Windows\\apppatch", "Windows\\addins"};

    private static final String[] PROGRAMS = {"c:\\windows\\system32\\cmd.exe", "c:\\windows\\system32\\conhost.exe",
        "c:\\program files\\google\\chrome\\application\\chrome.exe", "c:\\windows\\system32\\notepad.exe",
        "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe", "c:\\windows\\explorer.exe",
        "c:\\windows\\system32\\svchost.exe", "c:\\users\\alice\\appdata\\local\\microsoft\\teams\\current\\teams.exe"};

    private String[] patterns;
    private String[] values;

    @Setup
    public void setUp() {
        patterns = new String[DIRECTORIES.length * 2 + 2];
        for (int i = 0; i < DIRECTORIES.length; i++) {
            patterns[2 * i] = "?:\\" + DIRECTORIES[i] + "\\*.exe";
            patterns[2 * i + 1] = "?:\\" + DIRECTORIES[i] + "\\*\\*.exe";
        }
        patterns[patterns.length - 2] = "?:\\Windows\\System32\\*\\*.exe.exe";
        patterns[patterns.length - 1] = "\\Device\\HarddiskVolume?\\PerfLogs\\*.exe";
        values = new String[PROGRAMS.length];
        for (int i = 0; i < PROGRAMS.length; i++) {
            values[i] = Wildcards.fold(PROGRAMS[i]);
        }
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public int patternByPattern() {
        int matched = 0;
        for (String value : values) {
            // a new array per call, as a DRL constraint passes its literals
            String[] list = patterns.clone();
            for (String p : list) {
                if (Comparisons.likeFolded(value, p)) {
                    matched++;
                    break;
                }
            }
        }
        return matched;
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public int compiledOnce() {
        int matched = 0;
        for (String value : values) {
            if (CompiledLists.patterns(patterns.clone(), true).matchesAny(value)) {
                matched++;
            }
        }
        return matched;
    }
}
