package org.eqlfusion.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.conf.BetaRangeIndexOption;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.conf.KieBaseMutabilityOption;
import org.kie.api.io.ResourceType;

/**
 * Compiles DRL text into a stream-mode KieBase with Drools' KieBuilder, collecting the errors of
 * each file as {@code :LINE: message} under the file's name.
 */
public final class DrlBuild {

    /** @param kieBase null when any file has errors */
    public record Result(KieBase kieBase, Map<String, List<String>> errors) {
    }

    private static final String RESOURCES = "src/main/resources/";
    /** Each build its own module id, so that builds side by side do not take each other's place in Drools' repository. */
    private static final java.util.concurrent.atomic.AtomicLong BUILDS = new java.util.concurrent.atomic.AtomicLong();

    private DrlBuild() {
    }

    /** How Drools compiles the rules: classic run-time DRL (MVEL), or the executable model (Java, as in the KJAR). */
    public enum Mode { DRL, EXECUTABLE_MODEL }

    public static Result build(Map<String, String> sources) {
        return build(sources, Mode.DRL);
    }

    /** Builds each set of sources into its own KieBase, side by side on the machine's cores. */
    public static List<Result> buildEach(List<Map<String, String>> sourceSets, Mode mode) {
        if (sourceSets.size() == 1) {
            return List.of(build(sourceSets.get(0), mode));
        }
        List<java.util.concurrent.CompletableFuture<Result>> builds = sourceSets.stream()
                .map(sources -> java.util.concurrent.CompletableFuture.supplyAsync(() -> build(sources, mode)))
                .toList();
        return builds.stream().map(java.util.concurrent.CompletableFuture::join).toList();
    }

    public static Result build(Map<String, String> sources, Mode mode) {
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("org.eqlfusion.build", "rules-" + BUILDS.incrementAndGet(), "1.0.0");
        kfs.generateAndWritePomXML(releaseId);
        KieModuleModel module = ks.newKieModuleModel();
        module.newKieBaseModel("eqlfusion").setDefault(true).setEventProcessingMode(EventProcessingOption.STREAM);
        if (mode == Mode.EXECUTABLE_MODEL) {
            // Drools 10.2's executable-model generator, run in parallel over many rules, now and then
            // mistypes a constraint ("Cannot find a left leaf"); one rule at a time it does not
            module.setConfigurationProperty("drools.parallelRulesBuildThreshold", String.valueOf(Integer.MAX_VALUE));
        }
        kfs.writeKModuleXML(module.toXML());
        sources.forEach((name, text) -> kfs.write(ks.getResources().newByteArrayResource(text.getBytes(StandardCharsets.UTF_8))
                .setSourcePath(RESOURCES + name.replace('\\', '/'))
                .setResourceType(ResourceType.DRL)));
        KieBuilder builder = mode == Mode.EXECUTABLE_MODEL
                ? ks.newKieBuilder(kfs).buildAll(org.drools.model.codegen.ExecutableModelProject.class)
                : ks.newKieBuilder(kfs).buildAll();
        Map<String, List<String>> errors = new TreeMap<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            String path = m.getPath() == null ? "(kbase)" : m.getPath().replace(RESOURCES, "");
            errors.computeIfAbsent(path, p -> new ArrayList<>())
                    .add((m.getLine() > 0 ? ":" + m.getLine() + (m.getColumn() > 0 ? ":" + m.getColumn() : "") : "")
                            + ": " + m.getText().strip().replaceAll("\\s*\\R\\s*", " "));
        }
        // Drools adds this to every file its parser gave up on: the parser's own error already says why
        errors.values().forEach(list -> {
            if (list.size() > 1) {
                list.removeIf(e -> e.endsWith(": Parser returned a null Package"));
            }
        });
        try {
            if (!errors.isEmpty()) {
                return new Result(null, errors);
            }
            return new Result(ks.newKieContainer(releaseId).newKieBase(configuration(ks)), errors);
        } finally {
            // the KieBase keeps what it needs; the repository would keep every build ever made
            ks.getRepository().removeKieModule(releaseId);
        }
    }

    /**
     * Stream mode, and joins on {@code <} / {@code >} kept ordered (Drools' beta range index): when
     * EventTime moves, an expiry rule then visits only the partial sequences that expired, not every
     * pending one. Drools 10.2 does not apply kmodule.xml's {@code betaRangeIndex} when it builds a
     * KieBase, hence an explicit configuration (the KJAR sets it in META-INF/kie.properties.conf).
     *
     * <p>Mutability off: Drools then keeps a session's facts in one identity store instead of one
     * per class, and drops a fact that no pattern took in at once (an event routed to an entry
     * point whose constraints it fails), which the session driver then need not delete. Rules are
     * still added and removed on a reload; see {@code SessionShard} for the one fact that may be
     * dropped while no rule reads it.
     */
    static KieBaseConfiguration configuration(KieServices ks) {
        KieBaseConfiguration configuration = ks.newKieBaseConfiguration();
        configuration.setOption(EventProcessingOption.STREAM);
        configuration.setOption(BetaRangeIndexOption.ENABLED);
        configuration.setOption(KieBaseMutabilityOption.DISABLED);
        return configuration;
    }
}
