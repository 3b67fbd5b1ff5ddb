package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.eqlfusion.server.RunningServer.bulk;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys as Elasticsearch clients send them; ingest and admin kept apart; no keys off loopback. */
class ApiKeysTest {

    static final String INGEST = "shipper-id:shipper-secret";
    static final String ADMIN = "admin-token-0123456789";

    @TempDir
    static Path dir;
    static RunningServer s;

    @BeforeAll
    static void start() throws Exception {
        s = RunningServer.start(dir, c -> {
            c.ingestApiKeys = List.of(INGEST);
            c.adminApiKeys = List.of(ADMIN);
        });
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static String encoded(String idAndKey) {
        return Base64.getEncoder().encodeToString(idAndKey.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void ingestNeedsAKeyAndTakesTheEncodedFormElasticsearchClientsSend() throws Exception {
        String body = bulk(sampleEvents(), null);
        HttpResponse<String> none = s.post("/_bulk", "application/x-ndjson", body);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("security_exception").contains("missing authentication credentials");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();

        HttpResponse<String> wrong = s.post("/_bulk", "application/x-ndjson", body, "Authorization", "ApiKey " + encoded("shipper-id:guess"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("unable to authenticate");

        assertThat(s.post("/_bulk", "application/x-ndjson", body, "Authorization", "ApiKey " + encoded(INGEST)).statusCode())
                .isEqualTo(200);
        assertThat(s.post("/events", "application/x-ndjson", sampleEvents().get(0), "Authorization", "Bearer " + INGEST).statusCode())
                .isEqualTo(200);
        assertThat(s.get("/", "Authorization", "ApiKey " + encoded(INGEST)).statusCode()).isEqualTo(200);
    }

    @Test
    void anIngestKeyCannotReadAlertsOrMetricsAndAnAdminKeyCan() throws Exception {
        HttpResponse<String> forbidden = s.get("/alerts", "Authorization", "ApiKey " + encoded(INGEST));
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("needs an admin key");
        assertThat(s.get("/metrics", "Authorization", "Bearer " + INGEST).statusCode()).isEqualTo(403);

        assertThat(s.get("/alerts", "Authorization", "Bearer " + ADMIN).statusCode()).isEqualTo(200);
        assertThat(s.get("/metrics", "Authorization", "ApiKey " + ADMIN).statusCode()).isEqualTo(200);
        assertThat(s.post("/events", "application/json", sampleEvents().get(0), "Authorization", "Bearer " + ADMIN).statusCode())
                .isEqualTo(200);
        // health stays open for probes, and says nothing secret
        assertThat(s.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void listeningBeyondLoopbackWithoutKeysIsRefused() {
        ServerConfig open = new ServerConfig();
        open.host = "0.0.0.0";
        assertThatThrownBy(() -> EqlServer.checkSecurity(open))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0 without API keys");
        ServerConfig keyed = new ServerConfig();
        keyed.host = "0.0.0.0";
        keyed.ingestApiKeys = List.of(INGEST);
        assertThatThrownBy(() -> EqlServer.checkSecurity(keyed))
                .hasMessageContaining("refusing to open the TCP listener on 0.0.0.0 to anyone")
                .hasMessageContaining("mutual TLS");
        keyed.tcpPort = -1;
        org.assertj.core.api.Assertions.assertThatCode(() -> EqlServer.checkSecurity(keyed)).doesNotThrowAnyException();
    }
}
