package dev.incidentmonitor.streams.domain;

import java.time.Duration;

/** The rolling windows reliability is published over. */
public enum Window {
    LAST_7_DAYS(Duration.ofDays(7)),
    LAST_30_DAYS(Duration.ofDays(30)),
    LAST_90_DAYS(Duration.ofDays(90)),
    ALL_TIME(null);

    private final Duration length;

    Window(final Duration length) {
        this.length = length;
    }

    /** Whether this window has an end in the past at all. */
    public boolean bounded() {
        return length != null;
    }

    /** Length in milliseconds; only for bounded windows. */
    public long millis() {
        if (length == null) {
            throw new IllegalStateException(name() + " has no length");
        }
        return length.toMillis();
    }

    /** Whether an event at {@code time} lies inside this window ending at {@code now}: {@code (now - length, ...]}. */
    public boolean contains(final long time, final long now) {
        return length == null || time > now - length.toMillis();
    }
}
