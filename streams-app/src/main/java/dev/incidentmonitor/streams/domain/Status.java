package dev.incidentmonitor.streams.domain;

import java.util.Locale;

/**
 * Status of an incident update, as the failure-recovery model sees it. The five stage statuses carry the markers
 * S1..S5 of SPEC.md; {@link #UPDATE} is a keep-alive that never moves a marker or the stage; the maintenance
 * statuses mark a scheduled maintenance, which is tracked but never counted as a failure.
 */
public enum Status {
    INVESTIGATING(1),
    IDENTIFIED(2),
    MONITORING(3),
    RESOLVED(4),
    POSTMORTEM(5),
    UPDATE(0),
    SCHEDULED(0),
    IN_PROGRESS(0),
    VERIFYING(0),
    COMPLETED(0),
    UNKNOWN(0);

    private final int marker;

    Status(final int marker) {
        this.marker = marker;
    }

    /** The marker index 1..5 this status sets, or 0 when it sets none. */
    public int marker() {
        return marker;
    }

    /** Whether this status is one of S1..S5. */
    public boolean isStage() {
        return marker > 0;
    }

    /** Whether this status belongs to a scheduled maintenance. */
    public boolean isMaintenance() {
        return this == SCHEDULED || this == IN_PROGRESS || this == VERIFYING || this == COMPLETED;
    }

    /** Whether an incident whose current stage is this status is still open. */
    public boolean isOpen() {
        return this == INVESTIGATING
                || this == IDENTIFIED
                || this == MONITORING
                || this == SCHEDULED
                || this == IN_PROGRESS
                || this == VERIFYING;
    }

    /**
     * Order of statuses posted at the same display time: the later stage wins, so that the result does not depend
     * on the order updates arrive in (the study's pages have minute resolution and often post two at once).
     */
    int tieRank() {
        return switch (this) {
            case SCHEDULED -> 1;
            case IN_PROGRESS -> 2;
            case VERIFYING -> 3;
            case COMPLETED -> 4;
            default -> 10 + marker;
        };
    }

    /** Parses a symbol of the Avro {@code IncidentStatus} enum; anything else is {@link #UNKNOWN}. */
    public static Status parse(final String symbol) {
        if (symbol == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(symbol.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
