package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and TLS over TCP with a PKCS#12 key store made by the JDK's keytool, trusted by the clients as a pinned certificate. */
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void theServerSpeaksHttpsWithTheConfiguredKeyStore() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "eql-fusion", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        try (RunningServer s = RunningServer.start(dir, c -> {
            c.tlsKeystore = keystore;
            c.tlsKeystorePassword = "changeit";
        })) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(keystore.toFile())) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + s.server.httpPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("You Know, for Search");

            // the TCP listener speaks TLS with the same key store
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ssl.getSocketFactory()
                    .createSocket("127.0.0.1", s.server.tcpPort())) {
                socket.startHandshake();
                for (String event : RunningServer.sampleEvents()) {
                    socket.getOutputStream().write((event + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                socket.getOutputStream().flush();
            }
            TcpIngestTest.awaitProcessed(s, 7);
            s.flush();
            assertThat(s.alertsInFile()).singleElement()
                    .satisfies(a -> assertThat(a).containsEntry("kibana.alert.rule.rule_id", RunningServer.SEED_RULE_ID));
        }
    }
}
