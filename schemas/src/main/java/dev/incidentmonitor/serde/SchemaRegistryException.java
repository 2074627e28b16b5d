package dev.incidentmonitor.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry call failed, or the registry's answer rules out writing or reading a record.
 *
 * <p>It is a {@link SerializationException} because Kafka clients and Kafka Streams expect serializers to throw that
 * type. The HTTP status and the registry's {@code error_code} are kept, so that a caller can tell the cases apart
 * without parsing the message: 401/403 (credentials), 404 with 40401/40403 (subject or schema not found), 409
 * (incompatible, see {@link IncompatibleSchemaException}), 422 (invalid schema).
 *
 * <p>{@link #retriable()} is true when the registry could not be reached or answered 408/429/5xx even after the
 * bounded retries: the record itself may be fine. A Kafka Streams deserialization handler that routes unreadable
 * records to a dead-letter topic should fail on these instead, or a registry outage would empty the input topic into
 * the dead-letter topic.
 */
public class SchemaRegistryException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Status when no HTTP response was received. */
    public static final int NO_STATUS = -1;

    private final int status;
    private final int errorCode;
    private final boolean retriable;

    public SchemaRegistryException(final String message, final int status, final int errorCode) {
        this(message, status, errorCode, false, null);
    }

    public SchemaRegistryException(
            final String message,
            final int status,
            final int errorCode,
            final boolean retriable,
            final Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.retriable = retriable;
    }

    /** HTTP status of the registry's answer, or {@link #NO_STATUS}. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (for example 40401, 40403, 409, 42201), or {@link #NO_STATUS}. */
    public int errorCode() {
        return errorCode;
    }

    /** True for failures that may go away by themselves: unreachable registry, timeouts, 408, 429, 5xx. */
    public boolean retriable() {
        return retriable;
    }

    /** True for 401 and 403: the registry refused the credentials (or their absence). */
    public boolean isAuthenticationFailure() {
        return status == 401 || status == 403;
    }

    /** True for 404: the subject, the version or the schema id does not exist in the registry. */
    public boolean isNotFound() {
        return status == 404;
    }
}
