package dev.incidentmonitor.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "2m, PT2M",
        "1h, PT1H",
        "1d, PT24H",
        "1m30s, PT1M30S",
        "1h5m, PT1H5M",
        "500ms, PT0.5S",
        "5S, PT5S",
        "' 45s ', PT45S",
        "PT30S, PT30S",
        "pt2m, PT2M",
        "PT1M30S, PT1M30S",
        "P1D, PT24H"
    })
    void shouldParseWhenShortOrIsoForm(String text, String expected) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "30", "", "s", "30 s", "1.5m", "30sec", "1s2m", "30s30s", "PT", "P30S", "-5s"})
    void shouldRejectWhenNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not a duration (use e.g. 30s, 2m or PT30S)");
    }

    @ParameterizedTest
    @CsvSource({"PT5S, 5s", "PT1M30S, 1m30s", "PT0.25S, 250ms", "PT26H, 1d2h", "PT0S, 0s", "PT-5S, -5s"})
    void shouldFormatShortWhenPrintingForPeople(String iso, String expected) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(expected);
    }
}
