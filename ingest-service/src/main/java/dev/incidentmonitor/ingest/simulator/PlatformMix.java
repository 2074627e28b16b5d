package dev.incidentmonitor.ingest.simulator;

import java.util.Locale;

/**
 * Which platform generated pages run on.
 *
 * @param incidentIoShare probability (0..1) that a generated page is an incident.io page rather than an
 *     Atlassian Statuspage page; 0 and 1 fix the platform
 */
public record PlatformMix(double incidentIoShare) {
    /** Every page is an Atlassian Statuspage page. */
    public static final PlatformMix STATUSPAGE_ONLY = new PlatformMix(0);

    /** Every page is an incident.io page. */
    public static final PlatformMix INCIDENTIO_ONLY = new PlatformMix(1);

    /** Each page is either, with even odds. */
    public static final PlatformMix EVEN = new PlatformMix(0.5);

    public PlatformMix {
        if (!(incidentIoShare >= 0 && incidentIoShare <= 1)) {
            throw new IllegalArgumentException("incident.io share must be from 0 to 1, got " + incidentIoShare);
        }
    }

    /**
     * Reads the CLI spelling: {@code statuspage}, {@code incidentio}, {@code mixed} (even odds) or the
     * incident.io share as a number from 0 to 1.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    public static PlatformMix parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "statuspage":
                return STATUSPAGE_ONLY;
            case "incidentio":
                return INCIDENTIO_ONLY;
            case "mixed":
                return EVEN;
            default:
                try {
                    return new PlatformMix(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text
                            + "' is not a platform mix (use statuspage, incidentio, mixed or a share such as 0.3)");
                }
        }
    }
}
