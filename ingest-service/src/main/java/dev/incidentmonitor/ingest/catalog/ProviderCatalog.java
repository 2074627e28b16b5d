package dev.incidentmonitor.ingest.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The status pages the ingest-service polls, read from a YAML file that operators edit.
 *
 * <p>Why a file and not code: which providers a team depends on, how often to poll them and which of their
 * components matter differ per deployment and change more often than the service is released. A default
 * catalogue ships as the classpath resource {@value #DEFAULT_RESOURCE} (see it for a commented example of every
 * setting); a deployment points the service at its own copy.
 *
 * <p>Loading is strict and fails the start: unknown keys, missing required fields, duplicate ids and bad values
 * are all reported at once in a {@link CatalogException}, each as {@code file:line:column: field.path: message}.
 * The file format:
 *
 * <pre>{@code
 * defaults:                       # optional; built-in defaults are 60s and 0.3
 *   poll-interval: 60s            # ISO-8601 (PT60S) or 30s / 2m / 1h / 1m30s; at least 5s
 *   partial-outage-weight: 0.3
 * providers:
 *   - id: anthropic               # required, [a-z0-9-]+, unique, never renamed
 *     name: Anthropic             # required, display name
 *     platform: statuspage        # required: statuspage | incidentio
 *     base-url: https://status.claude.com   # required; https, no path (http only for loopback hosts)
 *     poll-interval: 2m           # optional, else defaults.poll-interval
 *     time-zone: America/Los_Angeles        # optional IANA zone, else the page's, else America/Los_Angeles
 *     partial-outage-weight: 0.3  # optional 0..1, else defaults.partial-outage-weight
 *     components:                 # optional
 *       include: [k8w3r06qmzrp, "claude.ai"]   # ids or names (names ignore case), * and ? globs; empty = all
 *       exclude: ["*Console*"]                 # applied after include; exclude wins
 *       aliases: {k8w3r06qmzrp: api.anthropic.com}   # display name by component id
 *     enabled: true               # optional, default true
 * }</pre>
 *
 * @param source where the catalogue was read from, for logs and messages
 * @param providers every provider, enabled or not, in file order
 */
public record ProviderCatalog(String source, List<Provider> providers) {
    /** The classpath resource holding the shipped default catalogue. */
    public static final String DEFAULT_RESOURCE = "providers.yaml";

    public ProviderCatalog {
        Objects.requireNonNull(source, "source");
        providers = List.copyOf(providers);
        Set<String> ids = new HashSet<>();
        for (Provider provider : providers) {
            if (!ids.add(provider.id())) {
                throw new IllegalArgumentException("duplicate provider id " + ConfigValues.quote(provider.id()));
            }
        }
    }

    /**
     * Reads a catalogue file. Problems are reported against the path as given, so a relative path stays short.
     *
     * @throws CatalogException when the file cannot be read or is not a valid catalogue
     */
    public static ProviderCatalog load(Path path) {
        String source = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CatalogException(new CatalogProblem(source, 0, 0, "", "file not found"), e);
        } catch (IOException e) {
            throw new CatalogException(new CatalogProblem(source, 0, 0, "", "cannot read: " + e), e);
        }
        return parse(decode(bytes, source), source);
    }

    /**
     * Reads the default catalogue shipped with the service.
     *
     * @throws CatalogException when the shipped file is invalid (a packaging bug; the tests guard against it)
     */
    public static ProviderCatalog loadDefault() {
        String source = "classpath:" + DEFAULT_RESOURCE;
        try (InputStream in = ProviderCatalog.class.getResourceAsStream("/" + DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new CatalogException(List.of(new CatalogProblem(source, 0, 0, "", "not on the classpath")));
            }
            return parse(decode(in.readAllBytes(), source), source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    /**
     * Reads a catalogue from text.
     *
     * @param yaml the catalogue document
     * @param source what to call it in messages, e.g. the file name
     * @throws CatalogException when it is not a valid catalogue
     */
    public static ProviderCatalog parse(String yaml, String source) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(source, "source");
        return CatalogReader.read(yaml, source);
    }

    /** The provider with this id, enabled or not. */
    public Optional<Provider> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The providers to poll, in file order. */
    public List<Provider> enabledProviders() {
        return providers.stream().filter(Provider::enabled).toList();
    }

    /** Strict UTF-8 (a stray Latin-1 byte is an error, not a replacement character), without a leading BOM. */
    private static String decode(byte[] bytes, String source) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new CatalogException(new CatalogProblem(source, 0, 0, "", "is not UTF-8 text"), e);
        }
    }
}
