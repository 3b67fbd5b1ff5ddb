package org.eqlfusion.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eqlfusion.alert.Alert;

/**
 * Alerts appended to an NDJSON file, one document per line. Each line is written to the file as
 * the alert is raised (a crash of the JVM loses nothing written); when it reaches the disk depends
 * on the {@link Fsync} policy. The file is only appended to, never truncated: restarts add to it.
 */
public final class AlertFile implements AlertSink {

    /** When written alerts are forced to the disk. */
    public enum Fsync {
        /** after every alert: nothing is lost to a power failure, at a disk sync per alert */
        ALWAYS,
        /** at most the interval after an alert was written (default 1 s), and at shutdown */
        INTERVAL,
        /** when the operating system decides, and at shutdown */
        NEVER
    }

    private static final Logger LOG = Logger.getLogger(AlertFile.class.getName());

    private final Path path;
    private final FileChannel channel;
    private final Fsync fsync;
    private final ScheduledExecutorService syncer;
    private volatile boolean dirty;

    public AlertFile(Path path, Fsync fsync, Duration interval) throws IOException {
        this.path = path;
        this.fsync = fsync;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (fsync == Fsync.INTERVAL) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "eql-fusion-alert-file-sync");
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, interval.toMillis());
            syncer.scheduleWithFixedDelay(this::syncIfDirty, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            syncer = null;
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void accept(Alert alert, byte[] json) {
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try {
            while (line.hasRemaining()) {
                channel.write(line);
            }
            if (fsync == Fsync.ALWAYS) {
                channel.force(false);
            } else {
                dirty = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append alert " + alert.uuid() + " to " + path, e);
        }
    }

    private void syncIfDirty() {
        if (!dirty) {
            return;
        }
        dirty = false;
        try {
            channel.force(false);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot sync the alerts file " + path, e);
        }
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        try {
            channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync and close the alerts file " + path, e);
        }
    }
}
