package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eqlfusion.sink.AlertFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file, EQLFUSION_* variables and flags: one name per setting, flags winning, errors naming the source. */
class ServerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void fileThenEnvironmentThenFlagsEachOverridingTheLast() throws Exception {
        Path file = dir.resolve("eql-fusion.toml");
        Files.writeString(file, """
                http-port = 9300
                tcp-port = 9301
                lateness = "30s"
                max-body-bytes = "50mb"
                ingest-api-keys = ["k1", "k2"]
                alerts-fsync = "always"
                decode-helper = false
                """);
        ServerSettings settings = new ServerSettings()
                .file(file)
                .environment(Map.of("EQLFUSION_TCP_PORT", "-1", "EQLFUSION_LATENESS", "1m", "PATH", "/usr/bin"))
                .set("lateness", "2m", "--lateness");
        ServerConfig c = settings.config();
        assertThat(c.httpPort).isEqualTo(9300);
        assertThat(c.tcpPort).isEqualTo(-1);
        assertThat(c.lateness).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.maxBodyBytes).isEqualTo(50L * 1024 * 1024);
        assertThat(c.ingestApiKeys).isEqualTo(List.of("k1", "k2"));
        assertThat(c.alertsFsync).isEqualTo(AlertFile.Fsync.ALWAYS);
        assertThat(c.host).isEqualTo("127.0.0.1");
        assertThat(c.decodeHelper).isFalse();
    }

    @Test
    void anUnknownSettingOrABadValueIsNamedWithWhereItCameFrom() throws Exception {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, "http-prot = 9300\n");
        assertThatThrownBy(() -> new ServerSettings().file(file))
                .hasMessageContaining("config file " + file + ": http-prot = '9300': unknown setting");
        Files.writeString(file, "http-port = 9300\nlateness = \n");
        assertThatThrownBy(() -> new ServerSettings().file(file))
                .hasMessage("config file " + file + ":2:12: Newline not permitted here");
        assertThatThrownBy(() -> new ServerSettings().environment(Map.of("EQLFUSION_LATENESS", "soon")))
                .hasMessageContaining("environment variable EQLFUSION_LATENESS: lateness = 'soon'")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> new ServerSettings().set("http-port", "70000", "--http-port"))
                .hasMessageContaining("--http-port: http-port = '70000': not a port");
        assertThatThrownBy(() -> new ServerSettings().set("max-body-bytes", "lots", "--set"))
                .hasMessageContaining("not a size");
        assertThatThrownBy(() -> new ServerSettings().set("decode-helper", "maybe", "--set"))
                .hasMessageContaining("--set: decode-helper = 'maybe': true or false");
    }
}
