package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS, and mutual TLS on the TCP listener, with PKCS#12 key stores made by the JDK's keytool:
 * the clients trust the server's certificate, the server trusts the shipper's.
 */
class TlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    private Path keyPair(String name, String dname, String... ext) throws Exception {
        Path store = dir.resolve(name + ".p12");
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", dname, "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        args.addAll(List.of(ext));
        keytool(args.toArray(String[]::new));
        return store;
    }

    private static KeyStore load(Path store) throws IOException, java.security.GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    /** A client context that trusts {@code trusted}'s certificate and, when given, presents {@code own}'s key. */
    private static SSLContext context(Path trusted, Path own) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trusted));
        KeyManagerFactory kmf = null;
        if (own != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(own), PASSWORD.toCharArray());
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }

    private static void sendSample(SSLContext ssl, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            for (String event : RunningServer.sampleEvents()) {
                out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            // a server that refuses the client certificate closes the connection: reading tells
            socket.setSoTimeout(500);
            try {
                socket.getInputStream().read();
            } catch (java.net.SocketTimeoutException stillOpen) {
                // accepted: the server says nothing on this listener
            }
        }
    }

    @Test
    void httpsAndMutualTlsOnTcpWithTheConfiguredStores() throws Exception {
        Path server = keyPair("server", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1");
        Path shipper = keyPair("shipper", "CN=shipper");
        Path stranger = keyPair("stranger", "CN=stranger");
        Path shipperCert = dir.resolve("shipper.cer");
        keytool("-exportcert", "-alias", "shipper", "-keystore", shipper.toString(), "-storepass", PASSWORD,
                "-file", shipperCert.toString());
        Path trusted = dir.resolve("tcp-clients.p12");
        keytool("-importcert", "-noprompt", "-alias", "shipper", "-file", shipperCert.toString(), "-storetype", "PKCS12",
                "-keystore", trusted.toString(), "-storepass", PASSWORD);

        try (RunningServer s = RunningServer.start(dir, c -> {
            c.tlsKeystore = server;
            c.tlsKeystorePassword = PASSWORD;
            c.tcpClientTruststore = trusted;
            c.tcpClientTruststorePassword = PASSWORD;
        })) {
            HttpClient client = HttpClient.newBuilder().sslContext(context(server, null)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + s.server.httpPort() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("You Know, for Search");

            // a client whose certificate the server does not trust gets nothing in
            assertThatThrownBy(() -> sendSample(context(server, stranger), s.server.tcpPort())).isInstanceOf(IOException.class);
            assertThat(s.server.engine().stats().received()).isZero();

            sendSample(context(server, shipper), s.server.tcpPort());
            TcpIngestTest.awaitProcessed(s, 7);
            s.flush();
            assertThat(s.alertsInFile()).singleElement()
                    .satisfies(a -> assertThat(a).containsEntry("kibana.alert.rule.rule_id", RunningServer.SEED_RULE_ID));
        }
    }
}
