package dev.incidentmonitor.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server started as a child process of this JVM (the schema registry, Prometheus), with its output appended to a
 * log file, stopped on {@link #close()} or, if the caller forgets, by a JVM shutdown hook.
 *
 * <p>One class so that every child is started, logged, reported and stopped the same way: a start-up failure quotes
 * the end of the log, and nothing outlives the JVM that started it.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChildProcess(final String name, final Process process, final Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(this::stopProcess, name + "-shutdown");
    }

    /**
     * Starts {@code command} in {@code workDir}, appending a header line and then its standard output and error to
     * {@code logFile}.
     *
     * @param name what the process is, for messages (e.g. {@code schema registry})
     * @param command the program and its arguments
     * @param workDir the working directory
     * @param logFile where its output goes (appended; parent directories are created)
     * @return the running process
     * @throws EmbeddedStartupException when the log cannot be written or the program cannot be started
     */
    public static ChildProcess start(
            final String name, final List<String> command, final Path workDir, final Path logFile) {
        final Path log = logFile.toAbsolutePath().normalize();
        try {
            final Path parent = log.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(
                    log,
                    System.lineSeparator() + "=== " + Instant.now() + " starting " + name + ": "
                            + String.join(" ", command) + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new EmbeddedStartupException("cannot write the " + name + " log " + log + ": " + e.getMessage(), e);
        }
        LOG.debug("starting {}: {}", name, command);
        final Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new EmbeddedStartupException(
                    "cannot start the " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
        final ChildProcess child = new ChildProcess(name, process, log);
        Runtime.getRuntime().addShutdownHook(child.shutdownHook);
        return child;
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The operating system's process id. */
    public long pid() {
        return process.pid();
    }

    /** The file its output goes to. */
    public Path logFile() {
        return logFile;
    }

    /**
     * A start-up failure for a process that has exited: its exit code and the end of its log.
     *
     * @return the exception to throw
     */
    public EmbeddedStartupException exitedDuringStartup() {
        return new EmbeddedStartupException("the " + name + " exited with code " + process.exitValue()
                + " during start-up; last lines of " + logFile + ":" + System.lineSeparator() + logTail());
    }

    /**
     * Asks the process to stop, waits up to 10 s, then kills it. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs (or ran) stopProcess itself.
        }
        stopProcess();
    }

    private void stopProcess() {
        if (!closed.compareAndSet(false, true) || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} (pid {}) did not stop within {} s; killing it", name, pid(), STOP_TIMEOUT.toSeconds());
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.debug("{} (pid {}) stopped", name, pid());
    }

    /**
     * Waits until a GET of {@code url} answers 200, polling every 200 ms, while the process runs.
     *
     * @param http the client to ask with
     * @param url what answers 200 once the server is ready
     * @param timeout how long to wait
     * @throws EmbeddedStartupException when the process exits first (with its exit code and log), when the time is
     *     up (with the last status and the log), or when interrupted
     */
    public void awaitOk(final HttpClient http, final URI url, final Duration timeout) {
        final HttpRequest request =
                HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET().build();
        final long deadline = System.nanoTime() + timeout.toNanos();
        int lastStatus = -1;
        while (true) {
            if (!process.isAlive()) {
                throw exitedDuringStartup();
            }
            try {
                lastStatus = http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedStartupException("interrupted while waiting for the " + name + " to start", e);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new EmbeddedStartupException("the " + name + " did not answer at " + url + " within "
                        + describe(timeout) + (lastStatus > 0 ? " (last status " + lastStatus + ")" : "")
                        + "; last lines of " + logFile + ":" + System.lineSeparator() + logTail());
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedStartupException("interrupted while waiting for the " + name + " to start", e);
            }
        }
    }

    private static String describe(final Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** The last lines of the log file, indented, read from its end so a long log costs nothing. */
    public String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            final long length = file.length();
            final int chunk = (int) Math.min(length, 16 * 1024);
            final byte[] bytes = new byte[chunk];
            file.seek(length - chunk);
            file.readFully(bytes);
            final String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            int from = Math.max(chunk == length ? 0 : 1, lines.length - LOG_TAIL_LINES);
            while (from < lines.length && lines[from].isBlank()) {
                from++;
            }
            final StringBuilder tail = new StringBuilder();
            for (int i = from; i < lines.length; i++) {
                tail.append("    ").append(lines[i]).append(System.lineSeparator());
            }
            return tail.toString();
        } catch (IOException e) {
            return "    (cannot read the log: " + e.getMessage() + ")" + System.lineSeparator();
        }
    }
}
