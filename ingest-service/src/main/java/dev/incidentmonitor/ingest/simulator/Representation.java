package dev.incidentmonitor.ingest.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A rendered body with its validators, cached until the page's state changes.
 *
 * @param body the bytes served
 * @param etag strong entity tag, quoted: the first 128 bits of the body's SHA-256, so equal bodies share a tag
 * @param lastModified when the body last changed, whole seconds, strictly increasing across changes (HTTP
 *     dates have second resolution, so two changes within a second would otherwise answer a stale
 *     {@code If-Modified-Since} with 304)
 */
record Representation(byte[] body, String etag, Instant lastModified) {

    /**
     * The representation of {@code body}: {@code previous} itself when the bytes did not change and
     * {@code keepDate} (keeping its validators), otherwise one dated {@code changedAt}, or one second after
     * {@code previous} if that is later.
     *
     * @param keepDate whether unchanged bytes keep their old date; a generated page passes false so that its
     *     dates depend only on its state (the latest event), never on when it happened to be polled
     */
    static Representation of(byte[] body, Representation previous, Instant changedAt, boolean keepDate) {
        String etag = etag(body);
        if (previous != null && previous.etag.equals(etag) && (keepDate || previous.lastModified.equals(changedAt))) {
            return previous;
        }
        if (previous != null && previous.etag.equals(etag)) {
            return new Representation(previous.body, etag, changedAt.truncatedTo(ChronoUnit.SECONDS));
        }
        Instant at = changedAt.truncatedTo(ChronoUnit.SECONDS);
        if (previous != null && !at.isAfter(previous.lastModified)) {
            at = previous.lastModified.plusSeconds(1);
        }
        return new Representation(body, etag, at);
    }

    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + HexFormat.of().formatHex(hash, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
