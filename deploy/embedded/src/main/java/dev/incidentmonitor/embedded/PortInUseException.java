package dev.incidentmonitor.embedded;

/**
 * A TCP port an embedded service needs is already bound by another process.
 *
 * <p>A separate type so that a command line can add which of its options chooses the port.
 */
public final class PortInUseException extends EmbeddedStartupException {

    private final String host;
    private final int port;

    /**
     * Creates the exception.
     *
     * @param host the address the service wanted to listen on
     * @param port the port that is taken
     * @param purpose what the port was for, e.g. "the Kafka listener"
     * @param cause the bind failure
     */
    public PortInUseException(String host, int port, String purpose, Throwable cause) {
        super(
                "port " + port + " on " + host + " is already in use (wanted for " + purpose
                        + "); stop the process listening there or choose another port",
                cause);
        this.host = host;
        this.port = port;
    }

    /** The address the service wanted to listen on. */
    public String host() {
        return host;
    }

    /** The port that is taken. */
    public int port() {
        return port;
    }
}
