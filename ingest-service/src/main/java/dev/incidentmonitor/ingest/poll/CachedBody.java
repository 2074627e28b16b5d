package dev.incidentmonitor.ingest.poll;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The last good body of one endpoint, with the validators the page sent with it. Kept as bytes (half the memory
 * of a {@code String} of non-Latin-1 text, and what a byte-for-byte comparison needs), decoded only when a poll
 * actually parses it.
 *
 * <p>Immutable. A fetch that finds the body unchanged (a 304, or the same bytes again) hands back an instance
 * sharing the same byte array, so "nothing changed" is an identity check in the common case.
 */
public final class CachedBody {
    private final byte[] bytes;
    private final String etag;
    private final String lastModified;

    /**
     * @param bytes the body; not copied, so the caller must not change it afterwards
     * @param etag the {@code ETag} response header, or {@code null}
     * @param lastModified the {@code Last-Modified} response header, or {@code null}
     */
    CachedBody(byte[] bytes, String etag, String lastModified) {
        this.bytes = bytes;
        this.etag = etag;
        this.lastModified = lastModified;
    }

    /** A body without validators, e.g. for a test or a body read from elsewhere. */
    public static CachedBody of(String text) {
        return new CachedBody(text.getBytes(StandardCharsets.UTF_8), null, null);
    }

    /** The body as text (UTF-8, as JSON requires; a leading byte-order mark is dropped). */
    public String text() {
        int start =
                bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }

    /** Size of the (decompressed) body in bytes. */
    public int size() {
        return bytes.length;
    }

    /** The {@code ETag} to send back as {@code If-None-Match}, or {@code null}. */
    public String etag() {
        return etag;
    }

    /** The {@code Last-Modified} to send back as {@code If-Modified-Since}, or {@code null}. */
    public String lastModified() {
        return lastModified;
    }

    /** True when both hold the same bytes; cheap when one was derived from the other by an unchanged fetch. */
    public boolean sameContent(CachedBody other) {
        return other != null && (bytes == other.bytes || Arrays.equals(bytes, other.bytes));
    }

    /** True when {@code candidate} is byte-for-byte this body. */
    boolean sameBytes(byte[] candidate) {
        return Arrays.equals(bytes, candidate);
    }

    /** This body with the validators of a newer response that carried the same bytes. */
    CachedBody withValidators(String newEtag, String newLastModified) {
        if (Objects.equals(etag, newEtag) && Objects.equals(lastModified, newLastModified)) {
            return this;
        }
        return new CachedBody(bytes, newEtag, newLastModified);
    }

    @Override
    public String toString() {
        return "CachedBody[" + bytes.length + " bytes, etag=" + etag + ", lastModified=" + lastModified + "]";
    }
}
