package dev.incidentmonitor.ingest.events;

import dev.incidentmonitor.ingest.model.ComponentChange;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.ComponentStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code content_hash} of an incident update: how the poller tells an edit from a repeat.
 *
 * <p><b>Canonical form (version 1).</b> The hash is the lower-case hex SHA-256 of a sequence of fields, each
 * written as its UTF-8 byte length (4 bytes, big-endian) followed by those bytes:
 *
 * <ol>
 *   <li>{@code incident-update/v1}
 *   <li>the status, as the {@code IncidentStatus} symbol ({@code INVESTIGATING}, ...)
 *   <li>the body, exactly as given (no trimming, no line-ending normalisation)
 *   <li>the display time, as decimal epoch milliseconds ({@code Instant#toEpochMilli}, so sub-millisecond digits,
 *       which the Avro {@code timestamp-millis} field cannot carry, do not count)
 *   <li>the number of affected components, decimal
 *   <li>for each affected component, sorted by component id (then old, then new status): the id, the old status
 *       symbol or the empty string when not recorded, the new status symbol or the empty string
 * </ol>
 *
 * <p>Component names are left out, so a renamed component is not an edit; so are the incident's title, impact,
 * component list and URL, which belong to the incident, not to the update. The length prefixes make the
 * encoding unambiguous whatever the body contains.
 *
 * <p>This form is frozen: every hash already published, and every hash in the progress topic, was computed with
 * it. Changing it would make every known update look edited and re-publish it as a correction.
 */
public final class ContentHash {

    private static final String VERSION = "incident-update/v1";
    private static final String TRANSITION_VERSION = "component-transition/v1";

    /** Hex characters of a transition digest: 64 bits, plenty to tell the transitions of one update apart. */
    static final int TRANSITION_DIGEST_CHARS = 16;

    private static final HexFormat HEX = HexFormat.of();

    private static final Comparator<ComponentChange> CANONICAL_ORDER = Comparator.comparing(
                    ComponentChange::componentId)
            .thenComparing(c -> symbol(c.oldStatus()))
            .thenComparing(c -> symbol(c.newStatus()));

    private ContentHash() {}

    /** The {@code content_hash} of {@code update} (64 lower-case hex characters). */
    public static String of(final UpdateSnapshot update) {
        final MessageDigest digest = sha256();
        field(digest, VERSION);
        field(digest, update.status().name());
        field(digest, update.body());
        field(digest, Long.toString(update.displayAt().toEpochMilli()));
        final List<ComponentChange> components = update.components();
        field(digest, Integer.toString(components.size()));
        final List<ComponentChange> sorted;
        if (components.size() > 1) {
            sorted = new ArrayList<>(components);
            sorted.sort(CANONICAL_ORDER);
        } else {
            sorted = components;
        }
        for (final ComponentChange c : sorted) {
            field(digest, c.componentId());
            field(digest, symbol(c.oldStatus()));
            field(digest, symbol(c.newStatus()));
        }
        return HEX.formatHex(digest.digest());
    }

    /**
     * A short digest of one component transition an update carries, at the update's display time: what
     * {@link ProgressEntry.UpdateSeen} remembers so that a correction re-emits only the transitions it changed.
     * The first {@value #TRANSITION_DIGEST_CHARS} hex characters of the SHA-256 of {@code component-transition/v1},
     * the component id, the old status symbol (or empty), the new status symbol and the epoch milliseconds, written
     * as in {@link #of(UpdateSnapshot)}.
     */
    static String transition(
            final String componentId,
            final ComponentStatus oldStatus,
            final ComponentStatus newStatus,
            final Instant eventTime) {
        final MessageDigest digest = sha256();
        field(digest, TRANSITION_VERSION);
        field(digest, componentId);
        field(digest, symbol(oldStatus));
        field(digest, symbol(newStatus));
        field(digest, Long.toString(eventTime.toEpochMilli()));
        return HEX.formatHex(digest.digest(), 0, TRANSITION_DIGEST_CHARS / 2);
    }

    private static String symbol(final ComponentStatus status) {
        return status == null ? "" : status.name();
    }

    private static void field(final MessageDigest digest, final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final int n = bytes.length;
        digest.update((byte) (n >>> 24));
        digest.update((byte) (n >>> 16));
        digest.update((byte) (n >>> 8));
        digest.update((byte) n);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's Javadoc), so this cannot happen.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
