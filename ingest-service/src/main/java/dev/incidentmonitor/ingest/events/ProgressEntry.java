package dev.incidentmonitor.ingest.events;

import dev.incidentmonitor.schema.ComponentStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One fact about what was already published, as stored in the compacted progress topic: committed in the same
 * transaction as the events it stands for, read back at start-up into a {@link PublishedState}.
 *
 * <p>Each entry has a String {@link #key()} (compaction keeps the latest value per key) and a String
 * {@link #value()}; {@link #parse(String, String)} turns them back into an equal entry. Key formats, where every
 * id part is escaped ({@code %} as {@code %25}, {@code :} as {@code %3A}) so that ids containing {@code :} stay
 * unambiguous:
 *
 * <ul>
 *   <li>{@code update:<provider>:<incident id>:<update id>}, value {@code <content hash>} or
 *       {@code <content hash>;<transition digest>,<transition digest>...}
 *   <li>{@code component:<provider>:<component id>}, value the {@code ComponentStatus} symbol
 *   <li>{@code history:<provider>:<component id>:<event time>}, the event time in ISO-8601 ({@link Instant#toString()},
 *       the only unescaped part: it is the rest of the key after the third {@code :}), value {@code seen}
 * </ul>
 */
public sealed interface ProgressEntry {

    /**
     * Catalogue id of the provider the fact is about: every entry belongs to one provider, so a provider's progress
     * can be kept on one partition of the progress topic.
     */
    String provider();

    /** The compacted topic's key: one key per fact, so a newer value replaces an older one. */
    String key();

    /** The value stored under {@link #key()}; never {@code null} (a null value would be a tombstone). */
    String value();

    /**
     * An incident update was published with this content.
     *
     * @param provider catalogue id of the provider
     * @param incidentId the page's incident id
     * @param updateId the page's update id
     * @param contentHash the published {@code content_hash} (64 lower-case hex characters)
     * @param transitions digests of the component transitions the published version carried (see {@link
     *     ContentHash}), sorted and distinct; lets a correction re-emit only the transitions it changed
     */
    record UpdateSeen(String provider, String incidentId, String updateId, String contentHash, List<String> transitions)
            implements ProgressEntry {

        private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
        private static final Pattern TRANSITION =
                Pattern.compile("[0-9a-f]{" + ContentHash.TRANSITION_DIGEST_CHARS + "}");

        public UpdateSeen {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(incidentId, "incidentId");
            Objects.requireNonNull(updateId, "updateId");
            Objects.requireNonNull(contentHash, "contentHash");
            if (!HASH.matcher(contentHash).matches()) {
                throw new IllegalArgumentException(
                        "content hash must be 64 lower-case hex characters, got '" + contentHash + "'");
            }
            for (final String t : transitions) {
                if (!TRANSITION.matcher(t).matches()) {
                    throw new IllegalArgumentException("transition digest must be "
                            + ContentHash.TRANSITION_DIGEST_CHARS + " lower-case hex characters, got '" + t + "'");
                }
            }
            transitions = transitions.stream().sorted().distinct().toList();
        }

        /** An update seen with no component transitions recorded. */
        public UpdateSeen(
                final String provider, final String incidentId, final String updateId, final String contentHash) {
            this(provider, incidentId, updateId, contentHash, List.of());
        }

        @Override
        public String key() {
            return ProgressKeys.join(ProgressKeys.UPDATE, provider, incidentId, updateId);
        }

        @Override
        public String value() {
            return transitions.isEmpty() ? contentHash : contentHash + ";" + String.join(",", transitions);
        }

        static UpdateSeen parse(final String[] parts, final String value) {
            final int semicolon = value.indexOf(';');
            final String hash = semicolon < 0 ? value : value.substring(0, semicolon);
            final List<String> transitions = semicolon < 0
                    ? List.of()
                    : Arrays.asList(value.substring(semicolon + 1).split(",", -1));
            return new UpdateSeen(parts[0], parts[1], parts[2], hash, transitions);
        }
    }

    /**
     * A component's status was published from polling (the last polled status, not one carried by an update).
     *
     * @param provider catalogue id of the provider
     * @param componentId the page's component id
     * @param status the status published
     */
    record ComponentSeen(String provider, String componentId, ComponentStatus status) implements ProgressEntry {
        public ComponentSeen {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(componentId, "componentId");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public String key() {
            return ProgressKeys.join(ProgressKeys.COMPONENT, provider, componentId);
        }

        @Override
        public String value() {
            return status.name();
        }

        static ComponentSeen parse(final String[] parts, final String value) {
            final ComponentStatus status;
            try {
                status = ComponentStatus.valueOf(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "'" + value + "' is not a component status (one of " + Arrays.toString(ComponentStatus.values())
                                + ")",
                        e);
            }
            return new ComponentSeen(parts[0], parts[1], status);
        }
    }

    /**
     * A historical status change (from an import) was published.
     *
     * @param provider catalogue id of the provider
     * @param componentId the service id
     * @param eventTime when the change happened
     */
    record HistoricalChangeSeen(String provider, String componentId, Instant eventTime) implements ProgressEntry {

        static final String SEEN = "seen";

        public HistoricalChangeSeen {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(componentId, "componentId");
            Objects.requireNonNull(eventTime, "eventTime");
        }

        @Override
        public String key() {
            return ProgressKeys.join(ProgressKeys.HISTORY, provider, componentId) + ":" + eventTime;
        }

        @Override
        public String value() {
            return SEEN;
        }

        static HistoricalChangeSeen parse(final String[] parts, final String value) {
            if (!SEEN.equals(value)) {
                throw new IllegalArgumentException("value must be '" + SEEN + "', got '" + value + "'");
            }
            final Instant eventTime;
            try {
                eventTime = Instant.parse(parts[2]);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + parts[2] + "' is not an ISO-8601 instant", e);
            }
            return new HistoricalChangeSeen(parts[0], parts[1], eventTime);
        }
    }

    /**
     * The entry stored as {@code key} and {@code value}: the inverse of {@link #key()} and {@link #value()}.
     *
     * @throws IllegalArgumentException when the pair is not one an entry writes (unknown kind, wrong number of
     *     parts, bad escape, bad hash, status or time, a {@code null} value, or any text not in canonical form),
     *     with the key in the message
     */
    static ProgressEntry parse(final String key, final String value) {
        if (key == null) {
            throw new IllegalArgumentException("progress entry without a key");
        }
        if (value == null) {
            throw new IllegalArgumentException("progress entry '" + key + "' has a null value (a tombstone)");
        }
        try {
            final ProgressEntry entry = ProgressKeys.parse(key, value);
            if (!entry.key().equals(key) || !entry.value().equals(value)) {
                throw new IllegalArgumentException(
                        "not in canonical form (expected key '" + entry.key() + "' and value '" + entry.value() + "')");
            }
            return entry;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a progress entry: key '" + key + "', value '" + value + "': " + e.getMessage(), e);
        }
    }
}
