package org.eqlfusion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sends a load with wrk (Debian's {@code wrk}) instead of this JVM: the requests are written to
 * files and a wrk script sends them, so that the load generator takes next to nothing of the two
 * cores it shares with the server. A request answered 429 whole is sent again (the script's
 * backoff); an item answered 429 inside a 200 is not. The intake is what the server counted as
 * received, over the seconds it was receiving.
 */
final class WrkSender {

    /** How the server's received counter moved: events taken, over how long. */
    record Result(long accepted, double seconds) {
    }

    /** Reads how many events the server has received so far. */
    interface Counter {
        long read() throws Exception;
    }

    /** How often the server's count is read while wrk sends as fast as it is taken: the intake's resolution. */
    private static final long POLL_MILLIS = 50;
    /**
     * The same at a set load, where latency is measured: twenty reads a second took the server's
     * event loop longer than the load's own requests. Four are enough for a run paced over tens of
     * seconds, and still see its end before the server's idle flush (2 s) lets go of the events it
     * holds for the lateness, whose alerts would then come in one burst and count in this run.
     */
    private static final long PACED_POLL_MILLIS = 250;
    /** After every thread has sent its last request: no event received for this long means none is on its way. */
    private static final long SETTLE_MILLIS = 500;

    private WrkSender() {
    }

    /**
     * @param paceMillis how long each connection waits before each request (0: none); the
     *                   rate is then at most connections × batch / pace, less the time answers take
     */
    static Result send(List<List<byte[]>> batches, byte[] action, String url, int connections, long paceMillis,
                       String apiKey, Counter received) throws Exception {
        Path dir = Files.createTempDirectory("eql-fusion-wrk");
        try {
            Path script = write(batches, action, dir, paceMillis);
            // one connection per thread (the script needs it to resend what is answered 429); wrk runs
            // for its whole -d even when every thread has stopped, so it is ended once they all have
            ProcessBuilder wrk = new ProcessBuilder("wrk", "-t" + connections, "-c" + connections, "-d3600s",
                    "--timeout", "60s", "-s", script.toString(), url, "--", String.valueOf(connections))
                    .redirectErrorStream(true);
            if (apiKey != null) {
                wrk.environment().put("EQLFUSION_API_KEY", apiKey);
            }
            long before = received.read();
            Process process;
            try {
                process = wrk.start();
            } catch (IOException e) {
                throw new IllegalStateException("wrk is not installed (apt-get install wrk): " + e.getMessage(), e);
            }
            byte[][] output = new byte[1][];
            Thread reader = new Thread(() -> output[0] = readAll(process.getInputStream()), "wrk-output");
            reader.start();
            // the intake runs from the first event received (wrk first reads its requests in) to the last
            long firstNanos = 0;
            long lastNanos = 0;
            long last = before;
            long poll = paceMillis > 0 ? PACED_POLL_MILLIS : POLL_MILLIS;
            while (process.isAlive()) {
                Thread.sleep(poll);
                long now = received.read();
                if (now > last) {
                    lastNanos = System.nanoTime();
                    if (firstNanos == 0) {
                        firstNanos = lastNanos - TimeUnit.MILLISECONDS.toNanos(poll) / 2;
                    }
                    last = now;
                } else if (allDone(dir, connections) && System.nanoTime() - lastNanos > TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS)) {
                    process.destroy();
                }
            }
            reader.join();
            if (!allDone(dir, connections)) {
                throw new IllegalStateException("wrk stopped before it sent every request (exit " + process.exitValue()
                        + "): " + new String(output[0], StandardCharsets.UTF_8).strip());
            }
            double seconds = firstNanos == 0 ? Double.NaN : (lastNanos - firstNanos) / 1e9;
            return new Result(last - before, seconds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean allDone(Path dir, int threads) {
        for (int k = 0; k < threads; k++) {
            if (!Files.exists(dir.resolve("done-" + k))) {
                return false;
            }
        }
        return true;
    }

    /** The requests as files, one per batch, and the wrk script that sends them; returns the script. */
    private static Path write(List<List<byte[]>> batches, byte[] action, Path dir, long paceMillis) throws IOException {
        for (int i = 0; i < batches.size(); i++) {
            try (OutputStream out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(dir.resolve(String.format("%06d.ndjson", i))), 1 << 16)) {
                for (byte[] line : batches.get(i)) {
                    out.write(action);
                    out.write(line);
                    out.write('\n');
                }
            }
        }
        String template;
        try (InputStream in = WrkSender.class.getResourceAsStream("wrk-bulk.lua")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path script = dir.resolve("bulk.lua");
        Files.writeString(script, template.replace("@DIR@", dir.toAbsolutePath().toString().replace("\\", "\\\\"))
                .replace("@COUNT@", String.valueOf(batches.size())).replace("@PACE@", String.valueOf(paceMillis)));
        return script;
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("(wrk's output could not be read: " + e.getMessage() + ")").getBytes(StandardCharsets.UTF_8);
        }
    }
}
