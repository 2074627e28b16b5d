package dev.incidentmonitor.streams.processor;

/**
 * A record the topology cannot apply (for example, keyed to another incident than its value names). It is a known,
 * recoverable error: the processing handler sends the record to the dead-letter topic and the app goes on.
 */
public final class InvalidRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRecordException(final String message) {
        super(message);
    }
}
