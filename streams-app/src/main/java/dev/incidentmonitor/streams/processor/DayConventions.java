package dev.incidentmonitor.streams.processor;

import dev.incidentmonitor.streams.internal.ComponentTimeline;
import java.time.ZoneId;
import java.util.Map;

/**
 * The day time zone and partial-outage weight of a component: what the producer stamped on its changes (the
 * ingest-service's catalogue), else the app's per-provider setting, else the app's default (America/Los_Angeles and
 * 0.3, the ICPE'25 study's pages and Statuspage's own weight).
 *
 * @param defaultZone zone when nothing else says
 * @param defaultWeight weight when nothing else says
 * @param providerZones per-provider zones from the app's settings
 * @param providerWeights per-provider weights from the app's settings
 */
public record DayConventions(
        ZoneId defaultZone,
        double defaultWeight,
        Map<String, ZoneId> providerZones,
        Map<String, Double> providerWeights) {

    /** The study's convention for every provider. */
    public static final DayConventions STUDY =
            new DayConventions(ZoneId.of("America/Los_Angeles"), 0.3, Map.of(), Map.of());

    /** The zone of {@code timeline}'s component. */
    public ZoneId zone(final ComponentTimeline timeline) {
        if (timeline.getTimeZone() != null) {
            return ZoneId.of(timeline.getTimeZone());
        }
        return providerZones.getOrDefault(timeline.getProvider(), defaultZone);
    }

    /** The partial-outage weight of {@code timeline}'s component. */
    public double weight(final ComponentTimeline timeline) {
        if (timeline.getPartialWeight() != null) {
            return timeline.getPartialWeight();
        }
        return providerWeights.getOrDefault(timeline.getProvider(), defaultWeight);
    }
}
