package dev.incidentmonitor.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-08-21T19:48:34Z",
                "2026-08-21T19:48:34.6Z",
                "2026-08-21T19:48:34.66Z",
                "2026-08-21T19:48:34.660Z",
                "2026-01-30T11:21:05.2Z",
                "2026-08-21T19:48:34.123456789Z",
                "2026-03-10T17:00:00.5+02:00",
                "2026-03-10T17:00:00-07:00",
                "1969-12-31T23:59:59.999Z",
                "2024-02-29T00:00:00Z",
                "2026-12-31T23:59:59.999999999Z",
                "2026-08-21T24:00:00Z",
                "2026-08-21T19:48:34.Z"
            })
    void shouldAgreeWithInstantParseWhenTheTextIsAnIsoInstant(String text) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-30T00:00:00Z",
                "2026-08-21T19:48:34.1234567890Z",
                "2026-08-21 19:48:34Z",
                "2026-08-21T19:48:34",
                "2026-08-21T19:48:34ZZ",
                "10/03/2026 17:00"
            })
    void shouldThrowLikeInstantParseWhenTheTextIsNotAnIsoInstant(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeException.class);
    }
}
