package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.SEED_RULE_ID;
import static org.eqlfusion.server.RunningServer.ancestorIds;
import static org.eqlfusion.server.RunningServer.bulk;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /_bulk} as Elasticsearch clients and shippers use it, good input and bad. */
class BulkEndpointTest {

    @TempDir
    static Path dir;
    static RunningServer s;

    @BeforeAll
    static void start() throws Exception {
        s = RunningServer.start(dir, c -> c.maxBodyBytes = 64 * 1024);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(HttpResponse<String> r) {
        return ((List<Map<String, Object>>) map(r.body()).get("items")).stream()
                .map(i -> (Map<String, Object>) i.values().iterator().next()).toList();
    }

    private static Map<String, Object> alertWithIds(List<String> wanted) throws Exception {
        s.flush();
        return s.alertsInFile().stream().filter(a -> ancestorIds(a).equals(wanted)).findFirst().orElse(null);
    }

    @Test
    void aBulkOfEventsIsAnsweredAsElasticsearchDoesAndTheSequenceAlerts() throws Exception {
        List<String> events = sampleEvents();
        HttpResponse<String> r = s.post("/logs-endpoint/_bulk", "application/x-ndjson", bulk(events, ids("ok-", events.size())));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
        Map<String, Object> body = map(r.body());
        assertThat(body).containsKey("took").containsEntry("errors", false);
        assertThat(items(r)).hasSize(7).allSatisfy(item -> {
            assertThat(item).containsEntry("status", 201).containsEntry("_index", "logs-endpoint").containsEntry("result", "created")
                    .containsEntry("_version", 1).containsEntry("_shards", Map.of("total", 1, "successful", 1, "failed", 0));
        });
        assertThat(items(r).get(0)).containsEntry("_id", "ok-1");

        // the action's _id is the event's id: the alert's ancestors are those ids
        Map<String, Object> alert = alertWithIds(List.of("ok-2", "ok-4"));
        assertThat(alert).isNotNull().containsEntry("kibana.alert.rule.rule_id", SEED_RULE_ID)
                .containsEntry("host.name", "WORKSTATION6");
    }

    @Test
    void withoutAnIdEachItemGetsAGeneratedOneAndItsIndexFromTheAction() throws Exception {
        String body = "{\"create\":{\"_index\":\"from-action\"}}\n" + sampleEvents().get(0) + "\n";
        HttpResponse<String> r = s.post("/_bulk", "application/json", body);
        Map<String, Object> item = items(r).get(0);
        assertThat(item).containsEntry("_index", "from-action").containsEntry("status", 201);
        assertThat((String) item.get("_id")).isNotBlank();
        assertThat(map(r.body()).get("items").toString()).startsWith("[{create=");
    }

    @Test
    void theIdsMadeForItemsWithoutOneAreTheIdsTheirAlertNames() throws Exception {
        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", bulk(sampleEvents(), null));
        List<String> made = items(r).stream().map(item -> (String) item.get("_id")).toList();
        assertThat(made).hasSize(7).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[0-9a-z]+-[0-9a-z]+"));
        // made ids come before the events' own event.id, as an Elasticsearch document's _id does
        assertThat(alertWithIds(List.of(made.get(1), made.get(3)))).isNotNull();
    }

    @Test
    void bareActionLinesTakeTheIndexOfThePathWhateverTheirSpacing() throws Exception {
        String event = sampleEvents().get(0);
        String body = "{\"create\":{}}\n" + event + "\n{\"index\":{}}\n" + event + "\n{ \"index\" : { } }\n" + event + "\n";
        HttpResponse<String> r = s.post("/bare-actions/_bulk", "application/x-ndjson", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(map(r.body()).get("items").toString()).startsWith("[{create=");
        assertThat(items(r)).hasSize(3).allSatisfy(item -> {
            assertThat(item).containsEntry("_index", "bare-actions").containsEntry("status", 201);
            assertThat((String) item.get("_id")).isNotBlank();
        });
        assertThat(items(r)).extracting(i -> i.get("_id")).doesNotHaveDuplicates();
    }

    @Test
    void aBadDocumentGetsItsOwnErrorWithItsLineAndTheGoodOnesBesideItAreProcessed() throws Exception {
        List<String> events = new ArrayList<>(sampleEvents());
        events.add(2, "{\"@timestamp\": \"2024-05-01T10:00:03Z\", \"event\": {\"category\": \"process\"");   // truncated
        events.add(3, "{\"event\": {\"category\": \"process\"}, \"host\": {\"id\": \"x\"}}");              // no @timestamp
        events.add(4, "{\"@timestamp\": \"2024-05-01T10:00:03Z\", \"source\": {\"port\": \"http\"}}");      // port not a number
        List<String> ids = ids("mixed-", events.size());
        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", bulk(events, ids));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(map(r.body())).containsEntry("errors", true);
        List<Map<String, Object>> items = items(r);
        assertThat(items).extracting(i -> i.get("status")).containsExactly(201, 201, 400, 400, 400, 201, 201, 201, 201, 201);
        assertThat(error(items.get(2))).containsEntry("type", "document_parsing_exception");
        assertThat((String) error(items.get(2)).get("reason")).startsWith("line 6: invalid JSON");
        assertThat((String) error(items.get(3)).get("reason")).startsWith("line 8: ").contains("@timestamp");
        assertThat((String) error(items.get(4)).get("reason")).contains("source.port").contains("not a number");
        assertThat(alertWithIds(List.of("mixed-2", "mixed-7"))).isNotNull();
    }

    @Test
    void aRequestOfManyBatchesIsDecodedTwoAtATimeYetTakenInItsOrder() throws Exception {
        // 400 items are four batches, the second and fourth decoded by the helper thread; the two events of a
        // sequence share one timestamp across the first boundary, so only the request's order puts them in order
        List<String> sample = sampleEvents();
        String network = sample.get(1);
        String process = sample.get(3).replace("2024-05-01T10:00:04.870Z", "2024-05-01T10:00:03.120Z");
        String filler = "{\"@timestamp\":\"2024-05-01T10:00:03.120Z\",\"event\":{\"category\":[\"file\"]}}";
        String bad = "{\"@timestamp\": \"2024-05-01T10:00:03Z\", \"event\": {";
        List<String> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(i == 127 ? network : i == 128 ? process : i == 129 || i == 260 || i == 399 ? bad : filler);
            ids.add("many-" + i);
        }
        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", bulk(events, ids));

        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> items = items(r);
        assertThat(items).hasSize(400);
        for (int i = 0; i < 400; i++) {
            boolean isBad = i == 129 || i == 260 || i == 399;
            assertThat(items.get(i)).as("item " + i).containsEntry("_id", "many-" + i).containsEntry("status", isBad ? 400 : 201);
        }
        assertThat((String) error(items.get(260)).get("reason")).startsWith("line " + (2 * 260 + 2) + ": invalid JSON");
        assertThat(alertWithIds(List.of("many-127", "many-128"))).isNotNull();
    }

    @Test
    void bytesThatAreNotUtf8AndJsonNestedTooDeeplyAreRefusedPerItem() throws Exception {
        String deep = "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"a\":" + "[".repeat(150) + "]".repeat(150) + "}";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("{\"index\":{\"_id\":\"latin1\"}}\n{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"user\":{\"name\":\"".getBytes(StandardCharsets.UTF_8));
        body.write(new byte[] {(byte) 0xE9, (byte) 0x74, (byte) 0xE9}); // "été" in Latin-1
        body.write("\"}}\n{\"index\":{\"_id\":\"deep\"}}\n".getBytes(StandardCharsets.UTF_8));
        body.write((deep + "\n{\"index\":{\"_id\":\"fine\"}}\n" + sampleEvents().get(0) + "\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", body.toByteArray());

        List<Map<String, Object>> items = items(r);
        assertThat(items).extracting(i -> i.get("status")).containsExactly(400, 400, 201);
        assertThat((String) error(items.get(0)).get("reason")).contains("UTF-8");
        assertThat((String) error(items.get(1)).get("reason")).contains("nested too deeply");
    }

    @Test
    void anUnknownActionFailsTheRequestNamingTheLineAndDeleteIsRefusedPerItem() throws Exception {
        String unknown = "{\"index\":{}}\n" + sampleEvents().get(0) + "\n{\"upsert\":{}}\n{}\n";
        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", unknown);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("illegal_argument_exception").contains("line [3]").contains("[upsert]");
        assertThat(r.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");

        String delete = "{\"delete\":{\"_id\":\"gone\"}}\n{\"index\":{\"_id\":\"after-delete\"}}\n" + sampleEvents().get(0) + "\n";
        List<Map<String, Object>> items = items(s.post("/_bulk", "application/x-ndjson", delete));
        assertThat(items).extracting(i -> i.get("status")).containsExactly(400, 201);
        assertThat((String) error(items.get(0)).get("reason")).contains("[delete] is not supported");
    }

    @Test
    void theWrongContentTypeIsRefusedWith406AndAnOversizeBodyWith413() throws Exception {
        HttpResponse<String> wrongType = s.post("/_bulk", "text/plain", bulk(sampleEvents(), null));
        assertThat(wrongType.statusCode()).isEqualTo(406);
        assertThat(wrongType.body()).contains("Content-Type header [text/plain] is not supported");

        String big = bulk(java.util.Collections.nCopies(300, sampleEvents().get(1)), null); // > 64 KiB
        HttpResponse<String> tooBig = s.post("/_bulk", "application/x-ndjson", big);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("max-body-bytes");
        assertThat(tooBig.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    }

    @Test
    void aBodyOverTheLimitIs413AlsoWhenItIsChunkedOrInflatesFromGzip() throws Exception {
        byte[] big = bulk(java.util.Collections.nCopies(300, sampleEvents().get(1)), null).getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(s.uri("/_bulk"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))) // no length: counted as it streams
                .build();
        HttpResponse<String> tooBig = s.http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.body()).contains("max-body-bytes");

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(big);
        }
        assertThat(gz.size()).isLessThan(64 * 1024); // small on the wire, over the limit once inflated
        HttpResponse<String> inflated = s.post("/_bulk", "application/x-ndjson", gz.toByteArray(), "Content-Encoding", "gzip");
        assertThat(inflated.statusCode()).isEqualTo(413);

        List<String> events = sampleEvents();
        HttpResponse<String> after = s.post("/_bulk", "application/x-ndjson", bulk(events, ids("after-413-", events.size())));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(items(after)).hasSize(7).allSatisfy(i -> assertThat(i).containsEntry("status", 201));
    }

    @Test
    void aBodyThatIsNotTheGzipItSaysIsRefusedAsTheClientsFaultAndTheServerGoesOn() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger http = Logger.getLogger("org.eqlfusion.server.http");
        http.addHandler(capture);
        try {
            List<String> events = sampleEvents();
            long received = s.server.engine().stats().received();
            byte[] notGzip = bulk(events, ids("not-gz-", events.size())).getBytes(StandardCharsets.UTF_8);
            try {
                HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", notGzip, "Content-Encoding", "gzip");
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.body()).contains("does not decompress");
            } catch (IOException closedWithoutAnswer) {
                // Vert.x 5.0 closes the connection before that 400 is flushed (eclipse-vertx/vert.x#6155)
            }
            assertThat(s.server.engine().stats().received()).isEqualTo(received);
            assertThat(logged).noneMatch(r -> r.getLevel() == Level.SEVERE);
            assertThat(logged).anySatisfy(r -> assertThat(r.getMessage())
                    .contains("event=bad_body_encoding", "does not decompress as its Content-Encoding says"));

            HttpResponse<String> after = s.post("/_bulk", "application/x-ndjson", bulk(events, ids("after-bad-gz-", events.size())));
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(items(after)).hasSize(7).allSatisfy(i -> assertThat(i).containsEntry("status", 201));
        } finally {
            http.removeHandler(capture);
        }
    }

    @Test
    void gzipAndChunkedBodiesAsBeatsAndTheJavaClientSendThem() throws Exception {
        List<String> events = sampleEvents();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(bulk(events, ids("gz-", events.size())).getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = s.post("/_bulk", "application/x-ndjson", gz.toByteArray(), "Content-Encoding", "gzip");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(items(r)).hasSize(7).allSatisfy(i -> assertThat(i).containsEntry("status", 201));
        assertThat(alertWithIds(List.of("gz-2", "gz-4"))).isNotNull();

        byte[] plain = bulk(events, ids("chunked-", events.size())).getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(s.uri("/_bulk"))
                .header("Content-Type", "application/vnd.elasticsearch+x-ndjson; compatible-with=8")
                .header("Accept", "application/vnd.elasticsearch+json; compatible-with=8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(plain))) // no length: chunked
                .build();
        HttpResponse<String> c = s.http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.headers().firstValue("Content-Type")).hasValue("application/vnd.elasticsearch+json;compatible-with=8");
        assertThat(items(c)).hasSize(7);
        assertThat(alertWithIds(List.of("chunked-2", "chunked-4"))).isNotNull();
    }

    @Test
    void shippersStartUpCallsGetElasticsearchAnswers() throws Exception {
        HttpResponse<String> root = s.get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(map(root.body()).get("version").toString()).contains("number=8.");
        assertThat(s.get("/_license").body()).contains("\"type\":\"basic\"").contains("\"status\":\"active\"");
        assertThat(s.get("/_index_template/filebeat-8.19.0").statusCode()).isEqualTo(404);
        HttpResponse<String> put = s.http.send(HttpRequest.newBuilder(s.uri("/_ilm/policy/filebeat"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"policy\":{}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("\"acknowledged\":true");
        HttpResponse<String> unknown = s.get("/_cat/indices");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-Elastic-Product")).hasValue("Elasticsearch");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> error(Map<String, Object> item) {
        return (Map<String, Object>) item.get("error");
    }
}
