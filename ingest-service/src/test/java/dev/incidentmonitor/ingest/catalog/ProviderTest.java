package dev.incidentmonitor.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderTest {
    private static Provider provider(String baseUrl, Optional<ZoneId> zone) {
        return new Provider(
                "sim",
                "Simulator",
                Platform.STATUSPAGE,
                URI.create(baseUrl),
                Duration.ofSeconds(5),
                zone,
                0.3,
                ComponentFilter.ALL,
                true);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8089",
                "http://127.1.2.3",
                "http://localhost:8080",
                "http://LOCALHOST",
                "http://[::1]:9000"
            })
    void shouldAllowHttpWhenHostIsLoopback(String url) {
        assertThat(provider(url, Optional.empty()).baseUrl().getScheme()).isEqualTo("http");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://status.openai.com",
                "http://127.0.0.1.nip.io",
                "http://localhost.example.com",
                "http://10.0.0.1",
                "http://128.0.0.1",
                "http://127.0.0.1@evil.example"
            })
    void shouldRefuseHttpWhenHostIsNotLoopback(String url) {
        assertThatThrownBy(() -> provider(url, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + url
                        + "\" must use https (http is allowed only for loopback hosts such as 127.0.0.1 or localhost)");
    }

    @Test
    void shouldDropTrailingSlashWhenNormalisingBaseUrl() {
        Provider provider = provider("HTTPS://Status.Example.COM/", Optional.empty());

        assertThat(provider.baseUrl()).isEqualTo(URI.create("https://status.example.com"));
        assertThat(provider.endpoint("/api/v2/summary.json"))
                .isEqualTo(URI.create("https://status.example.com/api/v2/summary.json"));
    }

    @Test
    void shouldKeepPathWhenHostIsLoopback() {
        Provider provider = provider("http://127.0.0.1:8089/pages/p-17/", Optional.empty());

        assertThat(provider.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8089/pages/p-17"));
        assertThat(provider.endpoint("/api/v2/summary.json"))
                .isEqualTo(URI.create("http://127.0.0.1:8089/pages/p-17/api/v2/summary.json"));
    }

    @Test
    void shouldRefusePathWhenHostIsRemote() {
        assertThatThrownBy(() -> provider("https://status.example.com/pages/p-17", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be the page's root, without a path");
    }

    @Test
    void shouldPreferOverrideWhenChoosingTimeZone() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");

        assertThat(provider("https://a.example", Optional.of(paris)).effectiveTimeZone(tokyo))
                .isEqualTo(paris);
        assertThat(provider("https://a.example", Optional.empty()).effectiveTimeZone(tokyo))
                .isEqualTo(tokyo);
        assertThat(provider("https://a.example", Optional.empty()).effectiveTimeZone(null))
                .isEqualTo(ZoneId.of("America/Los_Angeles"));
    }

    @Test
    void shouldRefuseFastPollingWhenBuiltInCode() {
        assertThatThrownBy(() -> new Provider(
                        "sim",
                        "Simulator",
                        Platform.STATUSPAGE,
                        URI.create("http://127.0.0.1:1"),
                        Duration.ofSeconds(1),
                        Optional.empty(),
                        0.3,
                        ComponentFilter.ALL,
                        true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"1s\" is shorter than the minimum of 5s");
    }

    @Test
    void shouldRefuseBadIdWhenBuiltInCode() {
        assertThatThrownBy(() -> new Provider(
                        "Open AI",
                        "OpenAI",
                        Platform.INCIDENTIO,
                        URI.create("https://status.openai.com"),
                        Duration.ofMinutes(1),
                        Optional.empty(),
                        1.0,
                        ComponentFilter.ALL,
                        true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"Open AI\" is not a valid id (use lowercase letters, digits and '-', e.g. openai)");
    }
}
