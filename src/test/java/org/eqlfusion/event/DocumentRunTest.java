package org.eqlfusion.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A run of documents read with one parser gives, document by document, what each decoded on its
 * own gives: the same event, or the same error naming the same column — whatever lies around it.
 */
class DocumentRunTest {

    private final EcsEventDecoder decoder = new EcsEventDecoder();

    private static final String[] GOOD = {
        "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"event\":{\"category\":[\"process\"]},\"host\":{\"name\":\"h1\"}}",
        "  {\"@timestamp\":\"2024-05-01T10:00:01Z\",\"source\":{\"ip\":\"::0001\",\"port\":\"443\"}}  ",
        "{\"_index\":\"logs\",\"_id\":\"a1\",\"_source\":{\"@timestamp\":1714557600000,\"process\":{\"name\":\"cmd.exe\"}}}",
        "{\"@timestamp\":\"2024-05-01T10:00:02Z\",\"process.args\":[\"a\",\"b\",[\"c\"]],\"x\":null,\"n\":1e3}\r",
        "\uFEFF{\"@timestamp\":\"2024-05-01T10:00:03Z\"}",
    };

    private static final String[] BAD = {
        "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"a\":",                 // ends mid-object: must not take the next line
        "{\"@timestamp\":\"2024-05-01T10:00:00Z\"} {\"b\":1}",             // a second object on the line
        "{\"@timestamp\":\"2024-05-01T10:00:00Z\"} x",                     // trailing garbage
        "[1,2]",                                                          // not an object
        "{\"@timestamp\":\"yesterday\"}",                                  // rejected after a good parse
        "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"source\":{\"port\":\"http\"}}", // rejected mid-object
        "{\"a\":\"\u00e9\"}",                                            // replaced below by invalid UTF-8
        "{\"@timestamp\":\"2024-05-01T10:00:00Z\",\"a\":1,}",              // trailing comma
        "{" + "[".repeat(150) + "]".repeat(150) + "}",                    // too deep
        "",                                                               // empty
        "}",                                                              // a stray brace
    };

    @Test
    void everyDocumentOfARandomBulkBodyDecodesAsItDoesAlone() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<int[]> docs = new ArrayList<>();
            int lines = 1 + random.nextInt(12);
            for (int i = 0; i < lines; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> write(body, "{\"index\":{}}\n");
                    case 1 -> write(body, "{\"create\":{\"_index\":\"logs\",\"_id\":\"x" + i + "\"}}\r\n");
                    case 2 -> write(body, "\n");
                    default -> { }
                }
                String doc = random.nextInt(3) == 0 ? BAD[random.nextInt(BAD.length)] : GOOD[random.nextInt(GOOD.length)];
                byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
                if (doc.startsWith("{\"a\":\"\u00e9")) {
                    bytes[7] = (byte) 0xff;
                }
                docs.add(new int[] {body.size(), bytes.length});
                body.write(bytes, 0, bytes.length);
                write(body, "\n");
            }
            byte[] buf = body.toByteArray();
            try (DocumentRun run = decoder.run()) {
                for (int[] d : docs) {
                    assertThat(outcome(() -> run.decode(buf, d[0], d[1], null)))
                            .as("round %d, document at %d of %s", round, d[0], new String(buf, StandardCharsets.UTF_8))
                            .isEqualTo(outcome(() -> decoder.decode(buf, d[0], d[1], null)));
                }
            }
        }
    }

    @Test
    void aCleanBulkBodyIsReadWithOneParserAndABrokenLineCostsTwoMore() throws EventRejectedException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            write(body, i % 2 == 0 ? "{\"index\":{}}\n" : "{\"create\":{\"_id\":\"e" + i + "\"}}\n");
            String doc = i == 50 ? BAD[0] : GOOD[i % 3];
            docs.add(new int[] {body.size(), doc.length()});
            write(body, doc + "\n");
        }
        byte[] buf = body.toByteArray();
        try (DocumentRun run = decoder.run()) {
            int decoded = 0;
            for (int[] d : docs) {
                try {
                    run.decode(buf, d[0], d[1], null);
                    decoded++;
                } catch (EventRejectedException e) {
                    assertThat(e.getMessage()).startsWith("invalid JSON at column");
                }
            }
            assertThat(decoded).isEqualTo(99);
            // the run's parser, the broken line's own, and the run's again after it
            assertThat(run.parsersMade()).isEqualTo(3);
        }
    }

    @Test
    void theElementsOfAJsonArrayDecodeAsTheyDoAlone() {
        byte[] buf = ("[" + GOOD[0] + " , " + GOOD[2] + "," + BAD[4] + "]").getBytes(StandardCharsets.UTF_8);
        int first = 1;
        int second = first + GOOD[0].length() + 3;
        int third = second + GOOD[2].length() + 1;
        try (DocumentRun run = decoder.run()) {
            assertThat(outcome(() -> run.decode(buf, first, GOOD[0].length(), null))).startsWith("event ");
            assertThat(outcome(() -> run.decode(buf, second, GOOD[2].length(), "given")))
                    .isEqualTo(outcome(() -> decoder.decode(buf, second, GOOD[2].length(), "given")))
                    .contains("id=given");
            assertThat(outcome(() -> run.decode(buf, third, BAD[4].length(), null))).startsWith("rejected ");
        }
    }

    private interface Decode {
        EcsEvent get() throws EventRejectedException;
    }

    private static String outcome(Decode decode) {
        try {
            EcsEvent e = decode.get();
            return "event id=" + e.getId() + " at " + e.getTimestampNanos() + " index " + e.getIndex() + " " + e.getFields();
        } catch (EventRejectedException e) {
            return "rejected " + e.getMessage();
        }
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
