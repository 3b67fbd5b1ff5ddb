package org.eqlfusion.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkRequestTest {

    private static final String BODY = "{\"index\":{\"_index\":\"logs-endpoint\",\"_id\":\"e1\"}}\n"
            + "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"process\":{\"name\":\"mmc.exe\"}}\r\n"
            + "\n"
            + "{\"delete\":{\"_id\":\"gone\"}}\n"
            + "{\"update\":{\"_id\":\"u\"}}\n"
            + "{\"doc\":{\"a\":1}}\n"
            + "{\"create\":{}}\n"
            + "{\"@timestamp\":\"2024-05-01T10:00:01Z\",\"host\":{\"name\":\"" + "h".repeat(200) + "\"}}\n"
            + "{\"index\":{}}\n"
            + "{\"@timestamp\":\"2024-05-01T10:00:02Z\"}";

    @Test
    void theItemsOfABodyInPartsAreThoseOfTheWholeBodyWhereverItIsCut() throws Exception {
        byte[] whole = BODY.getBytes(StandardCharsets.UTF_8);
        List<String> expected = describe(BulkRequest.parse(BodyParts.of(whole), "from-path", 1_000));
        assertThat(expected).containsExactly(
                "index logs-endpoint e1 line 2: {\"@timestamp\":\"2024-05-01T10:00:00Z\",\"process\":{\"name\":\"mmc.exe\"}}",
                "delete from-path gone eql-fusion takes in events only; [delete] is not supported",
                "update from-path u eql-fusion takes in events only; [update] is not supported",
                "create from-path made line 8: {\"@timestamp\":\"2024-05-01T10:00:01Z\",\"host\":{\"name\":\"" + "h".repeat(200) + "\"}}",
                "index from-path made line 10: {\"@timestamp\":\"2024-05-01T10:00:02Z\"}");
        for (int cut = 0; cut <= whole.length; cut++) {
            BodyParts parts = BodyParts.of(List.of(Buffer.buffer(Arrays.copyOfRange(whole, 0, cut)),
                    Buffer.buffer(Arrays.copyOfRange(whole, cut, whole.length))));
            assertThat(describe(BulkRequest.parse(parts, "from-path", 1_000))).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void aDocumentOverTheLineLimitOrAnActionWithoutOneIsNamedByItsLine() throws Exception {
        byte[] whole = BODY.getBytes(StandardCharsets.UTF_8);
        BodyParts parts = BodyParts.of(List.of(Buffer.buffer(Arrays.copyOfRange(whole, 0, 300)),
                Buffer.buffer(Arrays.copyOfRange(whole, 300, whole.length))));
        assertThat(BulkRequest.parse(parts, null, 100).get(3).unsupported())
                .isEqualTo("line 8: document of 256 bytes is longer than the limit of 100 bytes");
        assertThatThrownBy(() -> BulkRequest.parse(BodyParts.of(List.of(Buffer.buffer("{\"index\":{}}\n{\"a\":1}\n{\"cr"),
                Buffer.buffer("eate\":{}}\n"))), null, 100))
                .hasMessage("line 3: the [create] action has no document line after it");
        assertThatThrownBy(() -> BulkRequest.parse(BodyParts.of(List.of(Buffer.buffer("{\"index\":{}}\n{\"a\":1}\n{\"up"),
                Buffer.buffer("sert\":{}}\n"))), null, 100))
                .hasMessageContaining("Malformed action/metadata line [3]").hasMessageContaining("found [upsert]");
    }

    private static List<String> describe(List<BulkRequest.Item> items) {
        return items.stream().map(i -> i.action() + " " + i.index() + " " + (i.id() != null ? i.id() : i.generatedId() > 0 ? "made" : "-")
                + " " + (i.doc() != null ? "line " + i.doc().where() + ": "
                        + new String(i.doc().buf(), i.doc().offset(), i.doc().length(), StandardCharsets.UTF_8) : i.unsupported()))
                .toList();
    }
}
