package dev.incidentmonitor.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Port checks done before a service starts.
 *
 * <p>Kafka and the registry report a taken port deep inside their start-up, wrapped in their own exceptions,
 * after part of the service is already running. Probing first gives one clear message and nothing to undo.
 */
public final class Ports {

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
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new PortInUseException(host, port, purpose, e);
        }
    }

    /**
     * Returns a port that is free on {@code host} right now.
     *
     * <p>Another process may take it before the caller binds it; with ephemeral ports that window is small
     * enough for tests and for an internal listener nobody else connects to.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @return a free port
     */
    public static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }
}
