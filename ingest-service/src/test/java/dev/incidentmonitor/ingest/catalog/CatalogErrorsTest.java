package dev.incidentmonitor.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad catalogue, with the exact line an operator would see. Positions are those of the field's key
 * (or of the list item, or of the provider for a missing field), 1-based; list indexes count from 0.
 */
class CatalogErrorsTest {
    /** A valid provider (lines 1 to 5), to which each case appends or changes one thing. */
    private static final String ONE_PROVIDER =
            """
            providers:
              - id: openai
                name: OpenAI
                platform: incidentio
                base-url: https://status.openai.com
            """;

    private static List<String> problems(String yaml) {
        CatalogException e =
                catchThrowableOfType(CatalogException.class, () -> ProviderCatalog.parse(yaml, "providers.yaml"));
        assertThat(e).as("expected the catalogue to be refused").isNotNull();
        assertThat(e.getMessage())
                .isEqualTo(String.join(
                        "\n", e.problems().stream().map(Object::toString).toList()));
        return e.problems().stream().map(CatalogProblem::toString).toList();
    }

    @Test
    void shouldNameFileLineColumnAndFieldWhenPollIntervalIsNotADuration() throws IOException {
        String yaml = Files.readString(ProviderCatalogTest.resource("poll-interval-not-a-duration.yaml"));

        assertThat(problems(yaml))
                .containsExactly("providers.yaml:12:5: providers[3].poll-interval: \"fast\" is not a duration"
                        + " (use e.g. 30s, 2m or PT30S)");
    }

    @Test
    void shouldNameThePathGivenWhenLoadingAFile() {
        Path file = ProviderCatalogTest.resource("poll-interval-not-a-duration.yaml");

        CatalogException e = catchThrowableOfType(CatalogException.class, () -> ProviderCatalog.load(file));

        assertThat(e.getMessage()).startsWith(file + ":12:5: providers[3].poll-interval: ");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(file.toString());
            assertThat(p.line()).isEqualTo(12);
            assertThat(p.column()).isEqualTo(5);
            assertThat(p.path()).isEqualTo("providers[3].poll-interval");
        });
    }

    @Test
    void shouldRefusePollIntervalWhenBelowFiveSeconds() {
        assertThat(problems(ONE_PROVIDER + "    poll-interval: 2s\n"))
                .containsExactly("providers.yaml:6:5: providers[0].poll-interval: \"2s\" is shorter than the minimum"
                        + " of 5s (status pages rate-limit frequent pollers)");
    }

    @Test
    void shouldRefuseBareNumberWhenPollIntervalHasNoUnit() {
        assertThat(problems(ONE_PROVIDER + "    poll-interval: 30\n"))
                .containsExactly("providers.yaml:6:5: providers[0].poll-interval: \"30\" is not a duration"
                        + " (use e.g. 30s, 2m or PT30S)");
    }

    @Test
    void shouldSuggestTheKnownKeyWhenKeyIsMisspelt() {
        assertThat(problems(ONE_PROVIDER + "    poll_interval: 30s\n"))
                .containsExactly(
                        "providers.yaml:6:5: providers[0].poll_interval: unknown key (did you mean poll-interval?)");
    }

    @Test
    void shouldListKnownKeysWhenKeyIsUnknown() {
        assertThat(problems(ONE_PROVIDER + "    colour: red\n"))
                .containsExactly("providers.yaml:6:5: providers[0].colour: unknown key (expected one of: id, name,"
                        + " platform, base-url, poll-interval, time-zone, partial-outage-weight, components, enabled)");
    }

    @Test
    void shouldRefuseUnknownKeyWhenAtTopLevelOrInDefaults() {
        String yaml =
                """
                version: 2
                defaults:
                  poll-intervall: 30s
                """
                        + ONE_PROVIDER;

        assertThat(problems(yaml))
                .containsExactly(
                        "providers.yaml:1:1: version: unknown key (expected one of: defaults, providers)",
                        "providers.yaml:3:3: defaults.poll-intervall: unknown key (did you mean poll-interval?)");
    }

    @Test
    void shouldPointAtTheSecondWhenIdIsDuplicated() {
        String yaml = ONE_PROVIDER
                + """
                  - id: openai
                    name: OpenAI (copy)
                    platform: incidentio
                    base-url: https://status.openai.com
                """;

        assertThat(problems(yaml))
                .containsExactly("providers.yaml:6:5: providers[1].id: duplicate id \"openai\""
                        + " (first used by providers[0] at line 2)");
    }

    @Test
    void shouldRefuseIdWhenNotLowercaseLettersDigitsAndDashes() {
        assertThat(problems(ONE_PROVIDER.replace("id: openai", "id: Open_AI")))
                .containsExactly("providers.yaml:2:5: providers[0].id: \"Open_AI\" is not a valid id"
                        + " (use lowercase letters, digits and '-', e.g. openai)");
    }

    @Test
    void shouldRefusePlatformWhenUnknown() {
        assertThat(problems(ONE_PROVIDER.replace("platform: incidentio", "platform: incident.io")))
                .containsExactly("providers.yaml:4:5: providers[0].platform: \"incident.io\" is not a platform"
                        + " (use statuspage or incidentio)");
    }

    @Test
    void shouldRefuseHttpWhenHostIsRemote() {
        assertThat(problems(ONE_PROVIDER.replace("https://status.openai.com", "http://status.openai.com")))
                .containsExactly("providers.yaml:5:5: providers[0].base-url: \"http://status.openai.com\" must use"
                        + " https (http is allowed only for loopback hosts such as 127.0.0.1 or localhost)");
    }

    @Test
    void shouldRefuseBaseUrlWhenItHasAPath() {
        assertThat(problems(ONE_PROVIDER.replace("https://status.openai.com", "https://status.openai.com/api/v2")))
                .containsExactly(
                        "providers.yaml:5:5: providers[0].base-url: \"https://status.openai.com/api/v2\""
                                + " must be the page's root, without a path, query or fragment (e.g. https://status.example.com)");
    }

    @Test
    void shouldRefuseBaseUrlWhenItIsNotAUrl() {
        assertThat(problems(ONE_PROVIDER.replace("https://status.openai.com", "status.openai.com")))
                .containsExactly("providers.yaml:5:5: providers[0].base-url: \"status.openai.com\" is not a URL"
                        + " (e.g. https://status.example.com)");
    }

    @Test
    void shouldRefuseBaseUrlWhenSchemeIsNotHttps() {
        assertThat(problems(ONE_PROVIDER.replace("https://status.openai.com", "ftp://status.openai.com")))
                .containsExactly("providers.yaml:5:5: providers[0].base-url: \"ftp://status.openai.com\" must use"
                        + " https (e.g. https://status.example.com)");
    }

    @Test
    void shouldAcceptHttpWhenHostIsLoopback() {
        ProviderCatalog catalog = ProviderCatalog.parse(
                ONE_PROVIDER.replace("https://status.openai.com", "http://127.0.0.1:8089"), "providers.yaml");

        assertThat(catalog.provider("openai").orElseThrow().baseUrl()).hasToString("http://127.0.0.1:8089");
    }

    @Test
    void shouldRefuseWeightWhenOutsideZeroToOne() {
        assertThat(problems(ONE_PROVIDER + "    partial-outage-weight: 1.5\n"))
                .containsExactly("providers.yaml:6:5: providers[0].partial-outage-weight: 1.5 is outside 0..1"
                        + " (0.3 counts a partial-outage minute as 0.3 of a major one, 1 as fully down)");
        assertThat(problems(ONE_PROVIDER + "    partial-outage-weight: -0.1\n"))
                .singleElement()
                .asString()
                .startsWith("providers.yaml:6:5: providers[0].partial-outage-weight: -0.1 is outside 0..1");
    }

    @Test
    void shouldRefuseWeightWhenNotANumber() {
        assertThat(problems(ONE_PROVIDER + "    partial-outage-weight: high\n"))
                .containsExactly("providers.yaml:6:5: providers[0].partial-outage-weight: \"high\" is not a number"
                        + " (use a value from 0 to 1, e.g. 0.3)");
    }

    @Test
    void shouldRefuseTimeZoneWhenNotIana() {
        assertThat(problems(ONE_PROVIDER + "    time-zone: Mars/Olympus\n"))
                .containsExactly("providers.yaml:6:5: providers[0].time-zone: \"Mars/Olympus\" is not an IANA time"
                        + " zone (use e.g. America/Los_Angeles or Europe/Paris)");
        assertThat(problems(ONE_PROVIDER + "    time-zone: \"+02:00\"\n"))
                .singleElement()
                .asString()
                .startsWith("providers.yaml:6:5: providers[0].time-zone: \"+02:00\" is not an IANA time zone");
    }

    @Test
    void shouldPointAtTheProviderWhenRequiredFieldIsMissing() {
        String yaml = ONE_PROVIDER.replace("    base-url: https://status.openai.com\n", "");

        assertThat(problems(yaml))
                .containsExactly("providers.yaml:2:5: providers[0].base-url: required field is missing");
    }

    @Test
    void shouldPointAtTheFieldWhenRequiredFieldIsEmpty() {
        assertThat(problems(ONE_PROVIDER.replace("name: OpenAI", "name:")))
                .containsExactly("providers.yaml:3:5: providers[0].name: must not be empty");
    }

    @Test
    void shouldRefuseFileWhenProvidersAreMissingOrEmpty() {
        assertThat(problems("defaults:\n  poll-interval: 30s\n"))
                .containsExactly("providers.yaml:1:1: providers: required field is missing");
        assertThat(problems("providers: []\n"))
                .containsExactly("providers.yaml:1:1: providers: the list is empty; configure at least one provider");
    }

    @Test
    void shouldRefuseFileWhenItIsEmpty() {
        assertThat(problems("# nothing but a comment\n"))
                .containsExactly("providers.yaml:1:1: the file is empty (expected a mapping with a providers: list)");
    }

    @Test
    void shouldNameTheTypeFoundWhenStructureIsWrong() {
        assertThat(problems("providers:\n  id: openai\n"))
                .containsExactly("providers.yaml:1:1: providers: expected a list of providers, found a mapping");
        assertThat(problems(ONE_PROVIDER + "    components: [API]\n"))
                .containsExactly("providers.yaml:6:5: providers[0].components: expected a mapping with include:,"
                        + " exclude: or aliases:, found a list");
        assertThat(problems(ONE_PROVIDER + "    components:\n      include: API\n"))
                .containsExactly("providers.yaml:7:7: providers[0].components.include: expected a list of component"
                        + " ids or names, e.g. [\"API\", \"ChatGPT\"], found \"API\"");
        assertThat(problems(ONE_PROVIDER.replace("name: OpenAI", "name: [Open, AI]")))
                .containsExactly("providers.yaml:3:5: providers[0].name: expected a single value, found a list");
    }

    @Test
    void shouldPointAtTheItemWhenComponentPatternOrAliasIsEmpty() {
        String yaml = ONE_PROVIDER
                + """
                    components:
                      exclude: [Docs, ""]
                      aliases:
                        abc123:
                """;

        assertThat(problems(yaml))
                .containsExactly(
                        "providers.yaml:7:23: providers[0].components.exclude[1]: must not be empty",
                        "providers.yaml:9:9: providers[0].components.aliases.abc123: must not be empty");
    }

    @Test
    void shouldRefuseEnabledWhenNotABoolean() {
        assertThat(problems(ONE_PROVIDER + "    enabled: maybe\n"))
                .containsExactly("providers.yaml:6:5: providers[0].enabled: \"maybe\" is not true or false");
    }

    @Test
    void shouldRefuseKeyWhenGivenTwice() {
        assertThat(problems(ONE_PROVIDER + "    name: OpenAI Inc.\n"))
                .containsExactly("providers.yaml:6:5: providers[0].name: duplicate key (first at line 3)");
    }

    @Test
    void shouldRefuseAliasWhenYamlAnchorsAreUsed() {
        String yaml = ONE_PROVIDER.replace("name: OpenAI", "name: &n OpenAI")
                + """
                  - id: openai-2
                    name: *n
                    platform: incidentio
                    base-url: https://status.openai.com
                """;

        assertThat(problems(yaml))
                .containsExactly("providers.yaml:7:11: providers[1].name: YAML aliases (*n) are not supported;"
                        + " write the value out in full");
    }

    @Test
    void shouldRefuseFileWhenItHoldsTwoDocuments() {
        assertThat(problems(ONE_PROVIDER + "---\n" + ONE_PROVIDER))
                .containsExactly("providers.yaml:7:1: only one YAML document is allowed;"
                        + " remove the '---' and what follows it");
    }

    @Test
    void shouldGiveParserPositionWhenYamlIsMalformed() {
        assertThat(problems("providers:\n  - id: [openai\n    name: OpenAI\n"))
                .containsExactly("providers.yaml:3:9: YAML syntax error: expected ',' or ']', but got :"
                        + " (while parsing a flow sequence)");
        assertThat(problems("providers:\n  - id: 'openai\n"))
                .containsExactly("providers.yaml:3:1: YAML syntax error: found unexpected end of stream"
                        + " (while scanning a quoted scalar)");
    }

    @Test
    void shouldPointAtTheTabWhenIndentedWithTabs() {
        assertThat(problems("providers:\n\t- id: openai\n"))
                .singleElement()
                .asString()
                .startsWith("providers.yaml:2:1: YAML syntax error: found character '\\t(TAB)' that cannot start");
    }

    @Test
    void shouldCollectEveryProblemInFileOrderWhenThereAreMany() throws IOException {
        String yaml = Files.readString(ProviderCatalogTest.resource("many-problems.yaml"));

        assertThat(problems(yaml))
                .containsExactly(
                        "providers.yaml:8:5: providers[0].base-url: \"http://status.openai.com\" must use https"
                                + " (http is allowed only for loopback hosts such as 127.0.0.1 or localhost)",
                        "providers.yaml:9:5: providers[1].id: duplicate id \"openai\""
                                + " (first used by providers[0] at line 5)",
                        "providers.yaml:11:5: providers[1].platform: \"incident.io\" is not a platform"
                                + " (use statuspage or incidentio)",
                        "providers.yaml:12:5: providers[1].base-url: \"https://status.openai.com/api/v2\" must be the"
                                + " page's root, without a path, query or fragment (e.g. https://status.example.com)",
                        "providers.yaml:13:5: providers[1].time-zone: \"Mars/Olympus\" is not an IANA time zone"
                                + " (use e.g. America/Los_Angeles or Europe/Paris)",
                        "providers.yaml:14:5: providers[1].partial-outage-weight: 2 is outside 0..1"
                                + " (0.3 counts a partial-outage minute as 0.3 of a major one, 1 as fully down)",
                        "providers.yaml:15:5: providers[2].id: required field is missing",
                        "providers.yaml:18:5: providers[2].pollinterval: unknown key (did you mean poll-interval?)");
    }

    @Test
    void shouldSayFileNotFoundWhenPathDoesNotExist(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        CatalogException e = catchThrowableOfType(CatalogException.class, () -> ProviderCatalog.load(missing));

        assertThat(e).hasMessage(missing + ": file not found");
    }

    @Test
    void shouldRefuseFileWhenNotUtf8(@TempDir Path dir) throws IOException {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, ONE_PROVIDER.replace("OpenAI", "Op\u00e9nAI").getBytes(StandardCharsets.ISO_8859_1));

        CatalogException e = catchThrowableOfType(CatalogException.class, () -> ProviderCatalog.load(latin1));

        assertThat(e).hasMessage(latin1 + ": is not UTF-8 text");
    }
}
