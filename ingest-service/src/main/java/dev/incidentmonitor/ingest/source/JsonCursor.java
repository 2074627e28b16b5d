package dev.incidentmonitor.ingest.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A position in a parsed body that knows its endpoint and JSON path, so every error names both. Absent and
 * {@code null} are treated alike; unknown keys are never looked at.
 */
final class JsonCursor {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode node;
    private final String endpoint;
    /** The path is built only when asked for (errors, warnings): most positions never need it. */
    private final JsonCursor parent;

    private final String key;
    private final int index;

    private JsonCursor(JsonNode node, String endpoint, JsonCursor parent, String key, int index) {
        this.node = node;
        this.endpoint = endpoint;
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    /** Parses a whole body; it must be a JSON object. */
    static JsonCursor parse(String body, String endpoint) throws SourceFormatException {
        if (body == null || body.isBlank()) {
            throw new SourceFormatException(endpoint, "$", "empty body");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new SourceFormatException(endpoint, "$", "invalid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        JsonCursor cursor = new JsonCursor(root, endpoint, null, null, -1);
        cursor.requireObject();
        return cursor;
    }

    String endpoint() {
        return endpoint;
    }

    /** JSON path of this position, e.g. {@code $.incidents[3].incident_updates[0].status}. */
    String path() {
        if (parent == null) {
            return "$";
        }
        return key != null ? parent.path() + "." + key : parent.path() + "[" + index + "]";
    }

    boolean isMissing() {
        return node.isMissingNode() || node.isNull();
    }

    boolean isObject() {
        return node.isObject();
    }

    boolean has(String key) {
        return node.isObject() && node.has(key);
    }

    JsonCursor field(String key) {
        JsonNode child = node.isObject() ? node.path(key) : MissingNode.getInstance();
        return new JsonCursor(child, endpoint, this, key, -1);
    }

    SourceFormatException error(String problem) {
        return new SourceFormatException(endpoint, path(), problem);
    }

    JsonCursor requireObject() throws SourceFormatException {
        if (!node.isObject()) {
            throw error(isMissing() ? "required object is missing" : "expected an object, found " + kind());
        }
        return this;
    }

    /** An optional string: {@code null} when absent, null or blank; numbers and booleans are read as text. */
    String text() throws SourceFormatException {
        if (isMissing()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw error("expected a string, found " + kind());
        }
        String text = node.asText();
        return text.isBlank() ? null : text;
    }

    /** The text of a scalar as it is, blanks included; {@code null} for anything else. */
    String rawText() {
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /** A string the parser cannot do without. */
    String requiredText(String what) throws SourceFormatException {
        String text = text();
        if (text == null) {
            throw error(what + " is missing");
        }
        return text;
    }

    boolean bool() {
        return node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText());
    }

    /** The elements of an optional array; absent and null give an empty list. */
    List<JsonCursor> array() throws SourceFormatException {
        if (isMissing()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error("expected an array, found " + kind());
        }
        List<JsonCursor> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(new JsonCursor(node.get(i), endpoint, this, null, i));
        }
        return out;
    }

    /** The elements of an array the endpoint exists to deliver. */
    List<JsonCursor> requiredArray() throws SourceFormatException {
        if (isMissing()) {
            throw error("required array is missing");
        }
        return array();
    }

    /**
     * An ISO-8601 instant such as {@code 2026-08-21T19:48:34.66Z} (0 to 9 fractional digits, {@code Z} or an
     * offset). Absent gives {@code null}; a value that does not parse is an error.
     */
    Instant instant() throws SourceFormatException {
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (DateTimeException e) {
            throw new SourceFormatException(endpoint, path(), "not an ISO-8601 instant: '" + text + "'", e);
        }
    }

    /** Like {@link #instant()}, but a bad value becomes a warning and {@code null} (for metadata times). */
    Instant lenientInstant(Warnings warnings) {
        if (isMissing()) {
            return null;
        }
        if (!node.isValueNode()) {
            warnings.add(endpoint, path(), "expected a timestamp, found " + kind() + "; ignored");
            return null;
        }
        String text = node.asText();
        if (text.isBlank()) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (DateTimeException e) {
            warnings.add(endpoint, path(), "not an ISO-8601 instant: '" + text + "'; ignored");
            return null;
        }
    }

    /**
     * Maps a word of a closed vocabulary. Absent gives {@code null}; an unknown word gives {@code unknown} and a
     * warning (schema drift is source health, never a failure).
     */
    <E extends Enum<E>> E vocabulary(Map<String, E> words, E unknown, String what, Warnings warnings)
            throws SourceFormatException {
        String text = text();
        if (text == null) {
            return null;
        }
        String word = text.trim().toLowerCase(Locale.ROOT);
        E value = words.get(word);
        if (value == null) {
            warnings.add(endpoint, path(), "unknown " + what + " '" + word + "' mapped to " + unknown);
            return unknown;
        }
        return value;
    }

    private String kind() {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
