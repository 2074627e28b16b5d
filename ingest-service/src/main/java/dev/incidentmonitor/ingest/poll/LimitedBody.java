package dev.incidentmonitor.ingest.poll;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A body subscriber that keeps at most {@code limit} bytes and gives up on a body that does not arrive in time.
 *
 * <p>Why not {@code BodyHandlers.ofByteArray()}: it buffers whatever the server sends, so one broken page
 * streaming gigabytes would take the heap down, and the JDK's request timeout stops at the response headers, so a
 * page that sends headers and then stalls would hold its poll open forever. This subscriber cancels the
 * subscription (which closes the connection) as soon as the body passes the limit or the deadline passes.
 *
 * <p>Two modes: a body we mean to parse fails with {@link TooLargeException} past the limit; an error body, only
 * wanted for a one-line message, is cut at the limit and completes normally.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final boolean failWhenTooLarge;
    private final long deadlineNanos;
    private final Executor timeoutExecutor;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    // Guarded by this: onNext is serial by contract, but the deadline fires on another thread.
    private Flow.Subscription subscription;
    private byte[] buffer;
    private int size;

    /**
     * @param limit the most bytes kept
     * @param failWhenTooLarge fail past the limit (a body to parse) instead of cutting it (an error body)
     * @param deadlineNanos {@link System#nanoTime()} by which the whole body must have arrived
     * @param timeoutExecutor runs the deadline check
     */
    LimitedBody(int limit, boolean failWhenTooLarge, long deadlineNanos, Executor timeoutExecutor) {
        this(limit, failWhenTooLarge, deadlineNanos, timeoutExecutor, -1);
    }

    /**
     * As above, sizing the buffer for the announced length up front (no copying while it arrives).
     *
     * @param announcedLength the {@code Content-Length}, or -1 when unknown
     */
    LimitedBody(
            int limit, boolean failWhenTooLarge, long deadlineNanos, Executor timeoutExecutor, long announcedLength) {
        this.buffer = new byte[(int) Math.max(0, Math.min(limit, announcedLength))];
        this.limit = limit;
        this.failWhenTooLarge = failWhenTooLarge;
        this.deadlineNanos = deadlineNanos;
        this.timeoutExecutor = timeoutExecutor;
    }

    /** A subscriber that refuses the body at once (its announced length is already over the limit). */
    static LimitedBody refused(int limit, long announcedLength, Executor timeoutExecutor) {
        LimitedBody body = new LimitedBody(limit, true, System.nanoTime(), timeoutExecutor);
        body.result.completeExceptionally(new TooLargeException(
                "announces " + announcedLength + " bytes (Content-Length), over the limit of " + limit + " bytes"));
        return body;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription newSubscription) {
        if (subscription != null || result.isDone()) {
            newSubscription.cancel();
            return;
        }
        subscription = newSubscription;
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            expire();
            return;
        }
        CompletableFuture.delayedExecutor(remaining, TimeUnit.NANOSECONDS, timeoutExecutor)
                .execute(this::expire);
        newSubscription.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int incoming = item.remaining();
            if ((long) size + incoming > limit) {
                if (failWhenTooLarge) {
                    finish(new TooLargeException("is over the limit of " + limit + " bytes"));
                    return;
                }
                int room = limit - size;
                append(item, room);
                complete();
                return;
            }
            append(item, incoming);
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        finish(error);
    }

    @Override
    public synchronized void onComplete() {
        complete();
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void append(ByteBuffer item, int count) {
        if (size + count > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max((long) size + count, buffer.length * 2L)));
        }
        item.get(buffer, size, count);
        size += count;
    }

    /** Completes with what arrived, cancelling the rest (when cut short) and releasing the buffer. */
    private void complete() {
        if (result.isDone()) {
            return;
        }
        byte[] bytes = size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
        buffer = null;
        if (subscription != null) {
            subscription.cancel(); // a no-op after onComplete; closes the connection when the body was cut
        }
        result.complete(bytes);
    }

    private void finish(Throwable error) {
        if (result.isDone()) {
            return;
        }
        buffer = null;
        if (subscription != null) {
            subscription.cancel();
        }
        result.completeExceptionally(error);
    }

    private synchronized void expire() {
        finish(new HttpTimeoutException("response body not complete within the request timeout"));
    }

    /**
     * Decompresses a gzip body, keeping at most {@code limit} bytes.
     *
     * @param failWhenTooLarge throw past the limit (a body to parse) instead of cutting the output (an error body)
     * @throws TooLargeException when the output passes the limit and {@code failWhenTooLarge}
     * @throws IOException when the body is not gzip
     */
    static byte[] gunzip(byte[] compressed, int limit, boolean failWhenTooLarge) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, compressed.length * 4 + 64));
            byte[] chunk = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(chunk)) != -1) {
                if ((long) total + n > limit) {
                    if (failWhenTooLarge) {
                        throw new TooLargeException("decompresses to over the limit of " + limit + " bytes");
                    }
                    out.write(chunk, 0, limit - total);
                    break;
                }
                out.write(chunk, 0, n);
                total += n;
            }
            return out.toByteArray();
        }
    }

    /** The body passed the size limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }
}
