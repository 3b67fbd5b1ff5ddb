package org.eqlfusion.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.eqlfusion.server.RunningServer.map;
import static org.eqlfusion.server.RunningServer.sampleEvents;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /events}: one object, an array, NDJSON; bad events named by line or element. */
class EventsEndpointTest {

    @TempDir
    static Path dir;
    static RunningServer s;

    @BeforeAll
    static void start() throws Exception {
        s = RunningServer.start(dir, c -> c.maxLineBytes = 4096);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static long processed() {
        s.flush();
        return s.server.engine().stats().processed();
    }

    @Test
    void ndjsonWithABadLineKeepsTheGoodLinesAndNamesTheBadOne() throws Exception {
        long before = processed();
        List<String> events = sampleEvents();
        String body = events.get(0) + "\n" + events.get(1) + "\n{\"@timestamp\": 12,\n\n" + events.get(2) + "\n"
                + "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"pad\":\"" + "x".repeat(5000) + "\"}\n" + events.get(3) + "\n";
        HttpResponse<String> r = s.post("/events", "application/x-ndjson", body);

        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> answer = map(r.body());
        assertThat(answer).containsEntry("accepted", 4).containsEntry("rejected", 2);
        assertThat(answer.get("errors").toString())
                .contains("line=3, reason=invalid JSON")
                .containsPattern("line=6, reason=line of 50\\d\\d bytes is longer than the limit of 4096 bytes");
        assertThat(processed() - before).isEqualTo(4);
    }

    @Test
    void aJsonArrayAndASinglePrettyPrintedObjectAreTakenToo() throws Exception {
        long before = processed();
        List<String> events = sampleEvents();
        String array = "[" + events.get(0) + ", 42, " + events.get(1) + "]";
        HttpResponse<String> r = s.post("/events", "application/json", array);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(map(r.body())).containsEntry("accepted", 2).containsEntry("rejected", 1);
        assertThat(map(r.body()).get("errors").toString()).contains("element=2, reason=expected a JSON object");

        String pretty = "{\n  \"@timestamp\": \"2024-05-01T10:00:09Z\",\n  \"host\": {\"name\": \"pretty\"}\n}\n";
        HttpResponse<String> one = s.post("/events", "application/json", pretty);
        assertThat(map(one.body())).containsEntry("accepted", 1).containsEntry("rejected", 0);
        assertThat(processed() - before).isEqualTo(3);
    }

    @Test
    void whenEveryEventIsBadTheAnswerIs400AndABrokenArrayIsRefusedWhole() throws Exception {
        HttpResponse<String> allBad = s.post("/events", "application/x-ndjson", "{\"no\": \"timestamp\"}\nnot json\n");
        assertThat(allBad.statusCode()).isEqualTo(400);
        assertThat(map(allBad.body())).containsEntry("accepted", 0).containsEntry("rejected", 2);
        assertThat(allBad.body()).contains("@timestamp");

        HttpResponse<String> broken = s.post("/events", "application/json", "[" + sampleEvents().get(0) + ", {\"a\": ");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("invalid JSON array at line 1, column");

        // UTF-16 without a byte order mark: Jackson decodes it, and gave no byte offsets (a 500 until session 17)
        HttpResponse<String> utf16 = s.post("/events", "application/json",
                ("[" + sampleEvents().get(0) + "]").getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        assertThat(utf16.statusCode()).isEqualTo(400);
        assertThat(utf16.body()).contains("the body is not UTF-8 (it reads as UTF-16 or UTF-32): send UTF-8");
        // a first line of zero bytes is a bad line, not an encoding: the good line after it is taken
        HttpResponse<String> nulLine = s.post("/events", "application/x-ndjson",
                ("\u0000\u0000\u0000\u0000\n" + sampleEvents().get(0) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(map(nulLine.body())).containsEntry("accepted", 1).containsEntry("rejected", 1);

        HttpResponse<String> notJson = s.post("/events", "application/json", "[\n{\"a\": 1},\n{\"a\": NaN}]");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(map(notJson.body())).extractingByKey("error").asString()
                .contains("invalid JSON array at line 3, column 10: Non-standard token 'NaN'").doesNotContain("JsonReadFeature");
    }
}
