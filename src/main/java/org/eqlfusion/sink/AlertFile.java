package org.eqlfusion.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>Rotation is followed as log shippers expect: when the path no longer names the file being
 * written (logrotate moved or removed it), the file is synced and closed and a new one is opened
 * at the path — checked before an alert is written, at most every {@link #ROTATION_CHECK_NANOS}.
 * A rotation that truncates in place ({@code copytruncate}) needs nothing: writes go to the end.
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
    /** How often, at most, the path is checked for a rotation. */
    static final long ROTATION_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    /** The file being written and its identity (inode); replaced when the path is rotated. Guarded by this. */
    private FileChannel channel;
    private Object fileKey;
    private long nextRotationCheck;
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
        open();
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

    private void open() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        nextRotationCheck = System.nanoTime() + ROTATION_CHECK_NANOS;
    }

    /** Opens a new file at the path when the one being written was moved or removed. */
    private void followRotation() throws IOException {
        long now = System.nanoTime();
        if (now - nextRotationCheck < 0) {
            return;
        }
        nextRotationCheck = now + ROTATION_CHECK_NANOS;
        try {
            Object atPath = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (fileKey == null || fileKey.equals(atPath)) {
                // the same file (or a file system without file identities, where only a removal shows)
                return;
            }
        } catch (NoSuchFileException moved) {
            // moved away or removed: a new file at the path
        }
        channel.force(false);
        channel.close();
        open();
        LOG.info("event=alerts_file_rotated path=" + path + " message=\"the alerts file was moved or removed; writing a new one\"");
    }

    @Override
    public synchronized void accept(Alert alert, byte[] json) {
        ByteBuffer line = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        try {
            followRotation();
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
        FileChannel current;
        synchronized (this) {
            current = channel;
        }
        try {
            // outside the lock: alerts are written while the disk syncs
            current.force(false);
        } catch (java.nio.channels.ClosedChannelException rotated) {
            // a rotation (or close) synced and closed it meanwhile
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot sync the alerts file " + path, e);
        }
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        synchronized (this) {
            try {
                channel.force(false);
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot sync and close the alerts file " + path, e);
            }
        }
    }
}
