package org.eqlfusion.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Loads a KJAR by GAV from a local Maven repository ({@code -Dmaven.repo.local}, else
 * {@code ~/.m2/repository}) into Drools' KieRepository, then opens it with
 * {@code KieServices.newKieContainer(releaseId)}.
 *
 * <p>Drools' own resolver for this, {@code org.kie:kie-ci}, is not published for Drools 10.2.0,
 * so a KJAR must already be in the local repository ({@code mvn install}, or a dependency fetch);
 * remote repositories are not consulted.
 */
public final class KjarRepository {

    private KjarRepository() {
    }

    public static KieContainer container(String groupId, String artifactId, String version) {
        ReleaseId releaseId = register(groupId, artifactId, version);
        return KieServices.get().newKieContainer(releaseId);
    }

    /**
     * Makes a KJAR version known to Drools' KieRepository (from the local Maven repository, unless
     * already there): what {@code KieContainer.updateToVersion} needs before an upgrade.
     */
    public static ReleaseId register(String groupId, String artifactId, String version) {
        KieServices ks = KieServices.get();
        ReleaseId releaseId = ks.newReleaseId(groupId, artifactId, version);
        if (ks.getRepository().getKieModule(releaseId) == null) {
            Path jar = localJar(releaseId);
            if (!Files.isRegularFile(jar)) {
                throw new RuleSetException("KJAR " + releaseId + " is not in the local Maven repository (looked for " + jar
                        + "); install it with mvn install");
            }
            ks.getRepository().addKieModule(ks.getResources().newFileSystemResource(jar.toFile()));
        }
        return releaseId;
    }

    /** {@code group:artifact:version} as written on a command line. */
    public static KieContainer container(String gav) {
        String[] parts = gav.split(":");
        if (parts.length != 3) {
            throw new RuleSetException("\"" + gav + "\" is not a GAV; expected groupId:artifactId:version");
        }
        return container(parts[0], parts[1], parts[2]);
    }

    static Path localJar(ReleaseId id) {
        String repo = System.getProperty("maven.repo.local");
        Path root = repo != null ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return root.resolve(id.getGroupId().replace('.', '/')).resolve(id.getArtifactId()).resolve(id.getVersion())
                .resolve(id.getArtifactId() + "-" + id.getVersion() + ".jar");
    }
}
