package dev.incidentmonitor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Port checks done before a service starts.
 *
 * <p>Kafka and the registry report a taken port deep inside their start-up, wrapped in their own exceptions,
 * after part of the service is already running. Probing first gives one clear message and nothing to undo.
 */
public final class Ports {

    private static final int DEFAULT_EPHEMERAL_LOW = 32768;
    private static final int DEFAULT_EPHEMERAL_HIGH = 60999;
    /** The lowest port {@link #freePort} picks: above the ports services are usually configured on. */
    private static final int LOWEST_PICKED = 15000;

    private static final int MIN_CANDIDATES = 1000;
    private static final int ATTEMPTS = 500;
    /** Every port {@link #freePort} returned in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {}

    /**
     * Fails with a clear message when {@code port} on {@code host} cannot be bound.
     *
     * <p>The probe binds the way a JDK server socket does (SO_REUSEADDR on, as on every non-Windows JDK), so a
     * port only held by connections in TIME_WAIT counts as free, as it will for the real server.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, 1 to 65535
     * @param purpose what the port is for, used in the message
     * @throws PortInUseException when something else listens there
     */
    public static void ensureFree(String host, int port, String purpose) {
        try {
            bind(host, port);
        } catch (IOException e) {
            throw new PortInUseException(host, port, purpose, e);
        }
    }

    /**
     * Returns a port that is free on {@code host} right now, chosen where nothing else is likely to take it before
     * the caller binds it.
     *
     * <p>A port the system hands out for {@code bind(0)} comes from the ephemeral range, the range every outgoing
     * connection also takes its local port from: a client connecting in the seconds before the server binds (Kafka
     * takes that long to start) can take the very port. That happened in a test run. So the port is picked at random
     * outside the ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range} where there is one, else Linux's
     * default 32768-60999; below it, or above it when there is no room below), where no connection takes one, and
     * it is never handed out twice by this JVM, so two services started together cannot pick the same one.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @return a free port
     * @throws UncheckedIOException when no free port was found
     */
    public static int freePort(String host) {
        int[] ephemeral = ephemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        int from;
        int to; // exclusive
        if (ephemeral[0] - LOWEST_PICKED >= MIN_CANDIDATES) {
            from = LOWEST_PICKED;
            to = ephemeral[0];
        } else if (65535 - ephemeral[1] >= MIN_CANDIDATES) {
            from = ephemeral[1] + 1;
            to = 65536;
        } else { // no room outside the ephemeral range: let the system choose, as before
            return systemChosenPort(host);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = random.nextInt(from, to);
            if (HANDED_OUT.add(port) && bindable(host, port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException(
                "no free port on " + host + " between " + from + " and " + (to - 1) + " after " + ATTEMPTS + " tries"));
    }

    private static int systemChosenPort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    /**
     * The ephemeral port range {@code file} gives ("low high"), or Linux's default when it cannot be read.
     */
    static int[] ephemeralRange(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            int low = Integer.parseInt(parts[0]);
            int high = Integer.parseInt(parts[1]);
            if (low > 1024 && low <= high && high <= 65535) {
                return new int[] {low, high};
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall back to the default
        }
        return new int[] {DEFAULT_EPHEMERAL_LOW, DEFAULT_EPHEMERAL_HIGH};
    }

    private static boolean bindable(String host, int port) {
        try {
            bind(host, port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Binds {@code port} and lets it go again, the way a JDK server socket binds (SO_REUSEADDR on). */
    private static void bind(String host, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        }
    }
}
