package dev.incidentmonitor.embedded;

/**
 * A start-up failure of an embedded service whose message is written for a person, not a stack trace.
 *
 * <p>The local run prints {@link #getMessage()} as it is and exits with code 1, so the message names the
 * port, path or missing build step and what to do about it.
 */
public class EmbeddedStartupException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do, for a person
     */
    public EmbeddedStartupException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the underlying cause kept for logs and debugging.
     *
     * @param message what went wrong and what to do, for a person
     * @param cause the exception that caused it
     */
    public EmbeddedStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
