package org.eqlfusion.drl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eqlfusion.engine.DrlBuild;
import org.junit.jupiter.api.Test;

/** All of Elastic's EQL rules compile to DRL that Drools builds, but for the known gaps. */
class DetectionRulesCorpusTest {

    @Test
    void theWholeCatalogueCompilesButForTheListedGaps() throws Exception {
        Path root = SharedData.detectionRules();
        CatalogueCompiler.Result result = CatalogueCompiler.compile(
                List.of(root.resolve("rules"), root.resolve("rules_building_block")), root);

        assertThat(result.total()).isEqualTo(1024);
        Map<String, String> failures = new TreeMap<>();
        for (CatalogueCompiler.Failure f : result.failures()) {
            failures.put(root.relativize(Path.of(f.file())).toString().replace('\\', '/'), f.reason());
        }
        assertThat(failures).isEqualTo(KnownGapsReader.section("detection-rules"));
        assertThat(result.compiled()).isGreaterThanOrEqualTo((int) Math.ceil(1024 * 0.98));
        // every generated file is in the KieBase Drools built (the compiler drops what Drools refuses)
        assertThat(result.drl()).hasSize(result.compiled() + 1);
        // and the executable model (what kie-maven-plugin puts in a KJAR) builds them all too
        assertThat(DrlBuild.build(result.drl(), DrlBuild.Mode.EXECUTABLE_MODEL).errors()).isEmpty();
    }
}
