package org.eqlfusion.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.alert.Alert;
import org.eqlfusion.event.Quoted;

/**
 * POSTs each alert, as one JSON document, to a URL. Alerts go through a spool file first
 * ({@code alerts.spool} in the spool folder), and a sender thread delivers them in order: a 2xx
 * answer moves it to the next; so does 400, 413 or 422 — the target refuses that document, and
 * would refuse it again, so it would hold back every alert after it for ever: it is logged and
 * counted as rejected, and stays in the alerts file —; anything else (5xx, 408, 429, and 401, 403
 * or 404, which say the target or its key is wrong for every alert), or no answer, is retried
 * with exponential backoff (0.5 s doubling up to the maximum). While the target is down the spool grows on disk, not in
 * memory; what is not delivered at shutdown stays there and is sent after the next start. Once
 * everything is delivered the spool is emptied.
 *
 * <p>The spool file never grows past its bound: when an alert would take it there, the alerts
 * still to deliver are first moved to its start over the delivered ones (when those take more
 * room, so that a crash mid-move loses nothing), and if that does not make room the new alert is
 * not spooled — counted, logged, and still in the alerts file and on the other sinks.
 */
public final class WebhookSink implements AlertSink {

    private static final Logger LOG = Logger.getLogger(WebhookSink.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final URI target;
    private final Map<String, String> headers;
    private final Duration maxBackoff;
    private final Duration shutdownGrace;
    private final Path spoolPath;
    private final Path offsetPath;
    private final FileChannel spool;
    private final HttpClient http;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final Thread sender;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final long maxSpoolBytes;
    private volatile boolean stopping;
    private long offset;

    /**
     * @param headers       sent with every POST (an Authorization header, say)
     * @param shutdownGrace how long {@link #close()} lets the sender deliver what is spooled
     * @param maxSpoolBytes the most the spool file may hold
     */
    public WebhookSink(URI target, Map<String, String> headers, Path spoolDir, Duration maxBackoff,
                       Duration shutdownGrace, long maxSpoolBytes) throws IOException {
        this.target = target;
        this.maxSpoolBytes = maxSpoolBytes;
        this.shutdownGrace = shutdownGrace;
        this.headers = Map.copyOf(headers);
        this.maxBackoff = maxBackoff;
        Files.createDirectories(spoolDir);
        this.spoolPath = spoolDir.resolve("alerts.spool");
        this.offsetPath = spoolDir.resolve("alerts.spool.offset");
        this.spool = FileChannel.open(spoolPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.offset = readOffset();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.sender = new Thread(this::deliverLoop, "eql-fusion-webhook");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    @Override
    public void accept(Alert alert, byte[] json) {
        lock.lock();
        try {
            ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
            long end = spool.size();
            if (end + line.remaining() > maxSpoolBytes) {
                end = compact(end);
                if (end + line.remaining() > maxSpoolBytes) {
                    long n = dropped.incrementAndGet();
                    if (n == 1 || n % 1000 == 0) {
                        LOG.warning("webhook spool " + spoolPath + " is full (" + maxSpoolBytes + " bytes) while " + target
                                + " is behind: " + n + " alerts not spooled for it so far (they are in the alerts file)");
                    }
                    return;
                }
            }
            while (line.hasRemaining()) {
                end += spool.write(line, end);
            }
            written.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool alert " + alert.uuid() + " to " + spoolPath, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the alerts still to deliver to the start of the spool, over the delivered ones, when
     * those take more room; returns the spool's size. The sender's alert in flight is the first
     * moved, so its position becomes 0. Under the lock. A crash at any point loses nothing: the
     * two regions do not overlap, so until the file is cut the recorded position still reads the
     * same alerts, and once it is cut that position lies past its end, which {@link #readOffset}
     * takes for a move that was not recorded (read from 0).
     */
    private long compact(long size) throws IOException {
        long live = size - offset;
        if (live >= offset) {
            return size;
        }
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(Math.max(live, 1), 1 << 20));
        for (long moved = 0; moved < live; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), live - moved));
            int n = spool.read(chunk, offset + moved);
            if (n <= 0) {
                throw new IOException("webhook spool " + spoolPath + " ends before its recorded alerts do");
            }
            chunk.flip();
            while (chunk.hasRemaining()) {
                spool.write(chunk, moved + chunk.position());
            }
            moved += n;
        }
        spool.force(false);
        spool.truncate(live);
        spool.force(true);
        offset = 0;
        Files.writeString(offsetPath, "0", StandardCharsets.US_ASCII);
        return live;
    }

    /** Alerts not spooled for the target because the spool was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Alerts the target refused as documents (400, 413, 422): not sent again. */
    public long rejected() {
        return rejected.get();
    }

    /** Alerts the target acknowledged since start. */
    public long delivered() {
        return delivered.get();
    }

    /** POSTs that failed (and were retried) since start. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Bytes of alerts spooled and not yet delivered. */
    public long backlogBytes() {
        try {
            return spool.size() - offset;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Gives the sender up to {@code grace} to deliver what is spooled, then stops it; the rest stays
     * in the spool for the next start.
     */
    public void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (backlogBytes() > 0 && System.nanoTime() < deadline && sender.isAlive()) {
            sleep(Duration.ofMillis(20));
        }
        stopping = true;
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(5));
            spool.force(true);
            spool.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot close the webhook spool " + spoolPath, e);
        }
        if (backlogBytes() > 0) {
            LOG.warning("webhook target " + target + " did not take every alert; the rest stay in " + spoolPath
                    + " and are sent after the next start");
        }
    }

    @Override
    public void close() {
        close(shutdownGrace);
    }

    private void deliverLoop() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopping) {
            byte[] next;
            try {
                next = awaitNext();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "cannot read the webhook spool " + spoolPath + "; webhook delivery stops", e);
                return;
            }
            Answer answer = post(next);
            if (answer != Answer.RETRY) {
                (answer == Answer.DELIVERED ? delivered : rejected).incrementAndGet();
                backoff = FIRST_BACKOFF;
                advance(next.length + 1);
            } else {
                if (stopping) {
                    return;
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** The next undelivered alert's JSON (without its newline); waits for one. */
    private byte[] awaitNext() throws InterruptedException, IOException {
        lock.lock();
        try {
            while (spool.size() <= offset) {
                written.await();
            }
            return readLine(offset, spool.size());
        } finally {
            lock.unlock();
        }
    }

    private byte[] readLine(long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - from, 64 * 1024));
        while (true) {
            buf.clear();
            spool.read(buf, from);
            byte[] bytes = Arrays.copyOf(buf.array(), buf.position());
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    return Arrays.copyOf(bytes, i);
                }
            }
            if (from + bytes.length >= size) {
                return bytes; // no newline yet: a torn last line (a crash while spooling)
            }
            buf = ByteBuffer.allocate(Math.min(buf.capacity() * 2, (int) (size - from)));
        }
    }

    /** What became of one POST. */
    private enum Answer { DELIVERED, REJECTED, RETRY }

    /** Answers that refuse the document itself: sent again, it would be refused again. */
    private static boolean refusesTheDocument(int status) {
        return status == 400 || status == 413 || status == 422;
    }

    private Answer post(byte[] json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(target)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json));
            headers.forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return Answer.DELIVERED;
            }
            if (refusesTheDocument(response.statusCode())) {
                LOG.warning("webhook " + target + " answered HTTP " + response.statusCode() + " to alert "
                        + Quoted.of(new String(json, StandardCharsets.UTF_8))
                        + ": it is not sent again (the alerts file holds it; " + (rejected.get() + 1) + " rejected so far)");
                return Answer.REJECTED;
            }
            failed("answered HTTP " + response.statusCode());
        } catch (IOException e) {
            failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
        return Answer.RETRY;
    }

    private void failed(String why) {
        long n = failedAttempts.incrementAndGet();
        if (n == 1 || n % 100 == 0) {
            LOG.warning("webhook " + target + " " + why + " (" + n + " failed attempts so far); alerts wait in "
                    + spoolPath + " and are retried");
        }
    }

    private void advance(long bytes) {
        lock.lock();
        try {
            offset += bytes;
            if (offset >= spool.size()) {
                // everything delivered: start the spool afresh
                spool.truncate(0);
                offset = 0;
            }
            Files.writeString(offsetPath, Long.toString(offset), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot record the webhook spool position in " + offsetPath, e);
        } finally {
            lock.unlock();
        }
    }

    private long readOffset() throws IOException {
        if (!Files.exists(offsetPath)) {
            return 0;
        }
        try {
            long stored = Long.parseLong(Files.readString(offsetPath, StandardCharsets.US_ASCII).trim());
            if (stored > spool.size()) {
                // the spool was cut short after its alerts moved to its start (see compact), and
                // the new position was not recorded: they are all still to deliver
                return 0;
            }
            return Math.max(0, stored);
        } catch (NumberFormatException e) {
            LOG.warning("webhook spool position in " + offsetPath + " is unreadable; resending the whole spool");
            return 0;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
