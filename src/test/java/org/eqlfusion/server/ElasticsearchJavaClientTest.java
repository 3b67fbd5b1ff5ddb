package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.ancestorIds;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Elastic's own Java client against the server: it checks {@code X-Elastic-Product}, sends
 * {@code application/vnd.elasticsearch+json; compatible-with=8}, and reads {@code took} and each
 * item's {@code _index} and status. Its BulkIngester ships the sample events; the seed rule alerts.
 */
class ElasticsearchJavaClientTest {

    @TempDir
    Path dir;

    @Test
    void bulkIngesterShipsEventsAndTheSequenceAlerts() throws Exception {
        try (RunningServer s = RunningServer.start(dir, c -> { });
             RestClient rest = RestClient.builder(new HttpHost("127.0.0.1", s.server.httpPort(), "http")).build()) {
            ElasticsearchClient client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
            assertThat(client.info().version().number()).startsWith("8.");

            List<BulkResponseItem> items = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            BulkListener<Void> listener = new BulkListener<>() {
                @Override
                public void beforeBulk(long id, BulkRequest request, List<Void> contexts) {
                }

                @Override
                public void afterBulk(long id, BulkRequest request, List<Void> contexts, BulkResponse response) {
                    items.addAll(response.items());
                }

                @Override
                public void afterBulk(long id, BulkRequest request, List<Void> contexts, Throwable failure) {
                    failures.add(failure);
                }
            };
            List<String> events = sampleEvents();
            try (BulkIngester<Void> ingester = BulkIngester.of(b -> b.client(client).maxOperations(3)
                    .flushInterval(200, TimeUnit.MILLISECONDS).listener(listener))) {
                for (int i = 0; i < events.size(); i++) {
                    Map<String, Object> doc = RunningServer.map(events.get(i));
                    String id = "es-" + (i + 1);
                    ingester.add(op -> op.index(idx -> idx.index("logs-endpoint.events-default").id(id).document(doc)));
                }
            }

            assertThat(failures).isEmpty();
            assertThat(items).hasSize(7).allSatisfy(item -> {
                assertThat(item.status()).isEqualTo(201);
                assertThat(item.index()).isEqualTo("logs-endpoint.events-default");
                assertThat(item.error()).isNull();
            });
            s.flush();
            assertThat(s.alertsInFile()).singleElement().satisfies(alert -> {
                assertThat(alert).containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID);
                assertThat(ancestorIds(alert)).containsExactly("es-2", "es-4");
            });
        }
    }
}
