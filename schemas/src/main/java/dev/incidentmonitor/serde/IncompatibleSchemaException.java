package dev.incidentmonitor.serde;

/**
 * The registry refused to register a schema because it breaks the subject's compatibility rule (HTTP 409).
 *
 * <p>A separate type because it is the one registry error that a developer, not an operator, has to fix: the message
 * carries the registry's own explanation of which field broke compatibility.
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(final String message, final int errorCode) {
        super(message, 409, errorCode);
    }
}
