package dev.incidentmonitor.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a Kafka data directory, held for the whole life of an {@link EmbeddedKafka}.
 *
 * <p>Why not rely on Kafka's own {@code .lock}: in combined mode Kafka takes it only when the broker half
 * starts, after the controller half has already opened and recovered the metadata log in the same
 * directory. A second start on a directory in use then damages the metadata log of the running instance,
 * which stops with a fatal "CorruptRecordException" (seen with Kafka 4.3.1). This lock is taken before Kafka
 * touches the directory. It is an OS file lock, so it is released when the process dies, and it also
 * protects against a second broker in the same JVM.
 */
final class DataDirLock implements AutoCloseable {

    /** A regular file: Kafka only treats sub-directories of a log directory as partitions. */
    static final String FILE_NAME = "embedded-kafka.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails with a message for a person.
     *
     * @param dataDir an existing, writable directory
     * @return the held lock
     * @throws EmbeddedStartupException when another broker uses the directory
     */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "the Kafka data directory " + dataDir + " is not writable: cannot open " + file + ": " + e, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new EmbeddedStartupException("the Kafka data directory " + dataDir
                    + " is in use by another Kafka broker (is another local run still up?)");
        }
        return new DataDirLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel close below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
