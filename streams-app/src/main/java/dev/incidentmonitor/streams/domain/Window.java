package dev.incidentmonitor.streams.domain;

import java.time.Duration;
import java.util.List;

/** The rolling windows reliability is published over. */
public enum Window {
    LAST_7_DAYS(Duration.ofDays(7)),
    LAST_30_DAYS(Duration.ofDays(30)),
    LAST_90_DAYS(Duration.ofDays(90)),
    ALL_TIME(null);

    /** Every window in declaration order, without the copy {@link #values()} makes on each call. */
    public static final List<Window> ALL = List.of(values());

    private final boolean bounded;
    private final long millis;

    Window(final Duration length) {
        this.bounded = length != null;
        this.millis = length == null ? 0 : length.toMillis();
    }

    /** Whether this window has an end in the past at all. */
    public boolean bounded() {
        return bounded;
    }

    /** Length in milliseconds; only for bounded windows. */
    public long millis() {
        if (!bounded) {
            throw new IllegalStateException(name() + " has no length");
        }
        return millis;
    }

    /** Whether an event at {@code time} lies inside this window ending at {@code now}: {@code (now - length, ...]}. */
    public boolean contains(final long time, final long now) {
        return !bounded || time > now - millis;
    }
}
