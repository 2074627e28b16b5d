package dev.incidentmonitor.ingest.events;

import java.time.ZoneId;
import java.util.Objects;

/**
 * How a provider's outage minutes are counted downstream: the time zone its calendar days are cut in and the weight
 * of a partial-outage minute. Stamped on every {@code ComponentStatusChange}, so the streams-app needs no copy of
 * the provider catalogue.
 *
 * @param timeZone the provider's day boundaries
 * @param partialOutageWeight w in T_S = T_M + w * T_P
 */
public record DayConvention(ZoneId timeZone, double partialOutageWeight) {

    public DayConvention {
        Objects.requireNonNull(timeZone, "timeZone");
        if (!(partialOutageWeight >= 0 && partialOutageWeight <= 1)) {
            throw new IllegalArgumentException("partial outage weight must be within 0..1: " + partialOutageWeight);
        }
    }

    /** Resolves the convention of a provider. */
    @FunctionalInterface
    public interface Resolver {

        /** Knows no provider: events carry no convention and consumers use their defaults. */
        Resolver NONE = (provider, pageTimeZone) -> null;

        /**
         * @param provider the catalogue id
         * @param pageTimeZone the zone the page itself reports, or null
         * @return the convention, or null when unknown
         */
        DayConvention of(String provider, ZoneId pageTimeZone);
    }
}
