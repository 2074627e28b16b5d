package dev.incidentmonitor.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the Confluent Schema Registry REST API, on the JDK's {@link HttpClient} and Jackson.
 *
 * <p>It replaces Confluent's {@code CachedSchemaRegistryClient}, whose jar is not reachable from this build, and uses
 * only the endpoints every compatible registry serves (Confluent, Apicurio's {@code /apis/ccompat/v7}, Karapace,
 * Redpanda):
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions} to register,
 *   <li>{@code POST /subjects/{subject}} to look a schema up without registering it,
 *   <li>{@code GET /schemas/ids/{id}} to fetch a writer schema,
 *   <li>{@code GET /subjects/{subject}/versions/latest} for {@code use.latest.version},
 *   <li>{@code POST /compatibility/subjects/{subject}/versions/latest} to test compatibility.
 * </ul>
 *
 * <p>Ids by (subject, schema) and schemas by id never change once assigned, so they are cached forever in concurrent
 * maps: a warm serializer or deserializer makes no HTTP call. Failures that may pass (connect errors, timeouts, HTTP
 * 408, 429 and 5xx) are retried a bounded number of times with exponential backoff, trying the configured URLs in
 * order within each round; every other failure is reported at once. Messages name the registry URL (never its
 * credentials) and the subject or id concerned.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    /** Content type of request bodies, as Confluent's own client sends it. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 300;

    private record SubjectSchema(String subject, Schema schema) {}

    private final List<String> baseUrls;
    private final String displayUrl;
    private final String authorization;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int retries;
    private final long retryBackoffMs;
    private final long retryBackoffMaxMs;
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** A client for the configured URLs, credentials, TLS stores, timeouts and retries. */
    public RestSchemaRegistryClient(final AvroSerdeConfig config) {
        final List<String> bases = new ArrayList<>();
        String urlUserInfo = null;
        for (final String raw : config.urls()) {
            final URI uri = parseUrl(raw.trim());
            if (urlUserInfo == null && uri.getRawUserInfo() != null) {
                urlUserInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
            }
            bases.add(withoutUserInfo(uri));
        }
        if (bases.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + AvroSerdeConfig.SCHEMA_REGISTRY_URL + "\"");
        }
        this.baseUrls = List.copyOf(bases);
        this.displayUrl = String.join(",", baseUrls);
        this.authorization = authorization(config, urlUserInfo);
        this.requestTimeout = Duration.ofMillis(config.requestTimeoutMs());
        this.retries = config.retries();
        this.retryBackoffMs = config.retryBackoffMs();
        this.retryBackoffMaxMs = Math.max(config.retryBackoffMaxMs(), config.retryBackoffMs());
        final HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout);
        final SSLContext sslContext = sslContext(config);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
    }

    /** Shorthand for {@code new RestSchemaRegistryClient(new AvroSerdeConfig(configs))}. */
    public RestSchemaRegistryClient(final Map<String, ?> configs) {
        this(new AvroSerdeConfig(configs));
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final String what = "registering a schema under subject \"" + subject + "\"";
        JsonNode response;
        try {
            response = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), what);
        } catch (final IncompatibleSchemaException first) {
            // Apicurio answers 409 too when another client creates the same new subject at the same moment ("An
            // artifact with ID ... already exists"), as two instances of one application do at their first record.
            // The subject exists now: a second attempt registers or finds the schema, or is a real incompatibility.
            LOG.info("Schema registry answered 409 while {}; trying once more: {}", what, first.getMessage());
            response = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), what);
        }
        final int id = requiredInt(response, "id", "registering under subject \"" + subject + "\"");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public int getId(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final JsonNode response = call(
                "POST",
                "/subjects/" + encode(subject),
                schemaBody(schema),
                "looking up a schema under subject \"" + subject + "\"");
        final int id = requiredInt(response, "id", "looking up under subject \"" + subject + "\"");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getSchemaById(final int id) {
        final Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        final String what = "fetching schema id " + id;
        final Schema schema = parseSchema(call("GET", "/schemas/ids/" + id, null, what), what);
        final Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    @Override
    public RegisteredSchema getLatestSchema(final String subject) {
        final String what = "fetching the latest schema of subject \"" + subject + "\"";
        final JsonNode response = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null, what);
        final Schema parsed = parseSchema(response, what);
        final int id = requiredInt(response, "id", what);
        final Schema schema = schemasById.computeIfAbsent(id, i -> parsed);
        idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), id);
        return new RegisteredSchema(subject, id, requiredInt(response, "version", what), schema);
    }

    @Override
    public boolean testCompatibility(final String subject, final Schema schema) {
        final String what = "testing compatibility with subject \"" + subject + "\"";
        try {
            final JsonNode response = call(
                    "POST",
                    "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema),
                    what);
            final JsonNode compatible = response.get("is_compatible");
            if (compatible == null || !compatible.isBoolean()) {
                throw unexpected(what, response.toString());
            }
            return compatible.booleanValue();
        } catch (final SchemaRegistryException e) {
            if (e.isNotFound() && e.errorCode() == 40401) {
                return true; // no version yet, nothing to be incompatible with
            }
            throw e;
        }
    }

    @Override
    public String url() {
        return displayUrl;
    }

    /**
     * One REST call with bounded retries: each round tries the URLs in order, and the rounds are separated by an
     * exponentially growing pause.
     */
    private JsonNode call(final String method, final String path, final String body, final String what) {
        SchemaRegistryException last = null;
        long backoff = retryBackoffMs;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                LOG.warn(
                        "Schema registry call failed while {} (attempt {} of {}), retrying in {} ms: {}",
                        what,
                        attempt,
                        retries + 1,
                        backoff,
                        last.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, retryBackoffMaxMs);
            }
            for (final String base : baseUrls) {
                try {
                    final HttpResponse<String> response =
                            http.send(request(base, method, path, body), HttpResponse.BodyHandlers.ofString());
                    final int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return parseJson(response.body(), what);
                    }
                    last = httpError(base, status, response.body(), what);
                    if (!last.retriable()) {
                        throw last;
                    }
                } catch (final IOException e) {
                    last = new SchemaRegistryException(
                            "Schema registry " + base + " unreachable while " + what + ": " + e,
                            SchemaRegistryException.NO_STATUS,
                            SchemaRegistryException.NO_STATUS,
                            true,
                            e);
                } catch (final InterruptedException e) {
                    throw new InterruptException("Interrupted while " + what + " at " + displayUrl, e);
                }
            }
        }
        throw new SchemaRegistryException(
                "Schema registry " + displayUrl + " failed " + (retries + 1) + " attempts while " + what
                        + "; last error: " + last.getMessage(),
                last.status(),
                last.errorCode(),
                true,
                last);
    }

    private HttpRequest request(final String base, final String method, final String path, final String body) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static SchemaRegistryException httpError(
            final String base, final int status, final String body, final String what) {
        int errorCode = SchemaRegistryException.NO_STATUS;
        String message = abbreviate(body);
        try {
            final JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(SchemaRegistryException.NO_STATUS);
                message = error.path("message").asText(message);
            }
        } catch (final JsonProcessingException e) {
            // not JSON (a proxy's HTML page, say): keep the raw text
        }
        final String detail = " (HTTP " + status + ", error_code " + errorCode + "): " + message;
        if (status == 409) {
            return new IncompatibleSchemaException(
                    "Schema registry " + base + " rejected the schema as incompatible while " + what + detail,
                    errorCode);
        }
        if (status == 401 || status == 403) {
            return new SchemaRegistryException(
                    "Schema registry " + base + " refused access while " + what + detail + ". Check "
                            + AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE + " and "
                            + AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                    status,
                    errorCode);
        }
        final boolean retriable = status == 408 || status == 429 || status >= 500;
        return new SchemaRegistryException(
                "Schema registry " + base + " answered an error while " + what + detail,
                status,
                errorCode,
                retriable,
                null);
    }

    private JsonNode parseJson(final String body, final String what) {
        try {
            final JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw unexpected(what, body);
            }
            return node;
        } catch (final JsonProcessingException e) {
            throw unexpected(what, body);
        }
    }

    private Schema parseSchema(final JsonNode response, final String what) {
        final String type = response.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(
                    "Schema registry " + displayUrl + " returned a " + type + " schema, not Avro, while " + what,
                    200,
                    0);
        }
        final JsonNode references = response.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException(
                    "Schema registry " + displayUrl + " returned a schema with references, which this client does "
                            + "not resolve, while " + what + ": " + references,
                    200,
                    0);
        }
        final JsonNode text = response.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpected(what, response.toString());
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (final SchemaParseException e) {
            throw new SchemaRegistryException(
                    "Schema registry " + displayUrl + " returned an unparseable Avro schema while " + what + ": "
                            + e.getMessage(),
                    200,
                    0,
                    false,
                    e);
        }
    }

    private int requiredInt(final JsonNode response, final String field, final String what) {
        final JsonNode value = response.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw unexpected(what, response.toString());
        }
        return value.intValue();
    }

    private SchemaRegistryException unexpected(final String what, final String body) {
        return new SchemaRegistryException(
                "Schema registry " + displayUrl + " sent an unexpected answer while " + what + ": " + abbreviate(body),
                200,
                0);
    }

    private static String schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(final String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_ERROR_BODY ? text : text.substring(0, MAX_ERROR_BODY) + "...";
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    private static URI parseUrl(final String raw) {
        final URI uri;
        try {
            uri = URI.create(raw);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL, redact(raw), e.getMessage());
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, redact(raw), "expected http(s)://host[:port][/path]");
        }
        return uri;
    }

    private static String redact(final String raw) {
        return raw.replaceFirst("//[^/@]*@", "//***@");
    }

    private static String withoutUserInfo(final URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        final String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + port + path;
    }

    private static String authorization(final AvroSerdeConfig config, final String urlUserInfo) {
        final String userInfo;
        if ("USER_INFO".equals(config.basicAuthCredentialsSource())) {
            userInfo = config.basicAuthUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                throw new ConfigException(AvroSerdeConfig.BASIC_AUTH_USER_INFO
                        + " must be set to user:password when " + AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                        + "=USER_INFO");
            }
        } else {
            userInfo = urlUserInfo;
        }
        if (userInfo == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static SSLContext sslContext(final AvroSerdeConfig config) {
        final String trustLocation = config.sslTruststoreLocation();
        final String keyLocation = config.sslKeystoreLocation();
        if (trustLocation == null && keyLocation == null) {
            return null; // https then uses the JDK's default trust store
        }
        try {
            TrustManager[] trustManagers = null;
            if (trustLocation != null) {
                final TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(loadKeyStore(
                        AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION,
                        trustLocation,
                        config.sslTruststoreType(),
                        config.sslTruststorePassword()));
                trustManagers = factory.getTrustManagers();
            }
            KeyManager[] keyManagers = null;
            if (keyLocation != null) {
                final String storePassword = config.sslKeystorePassword();
                final String keyPassword = config.sslKeyPassword() != null ? config.sslKeyPassword() : storePassword;
                final KeyManagerFactory factory =
                        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(
                        loadKeyStore(
                                AvroSerdeConfig.SSL_KEYSTORE_LOCATION,
                                keyLocation,
                                config.sslKeystoreType(),
                                storePassword),
                        keyPassword == null ? null : keyPassword.toCharArray());
                keyManagers = factory.getKeyManagers();
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the schema registry client: " + e);
        }
    }

    private static KeyStore loadKeyStore(final String key, final String location, final String type, final String pw) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            final KeyStore store = KeyStore.getInstance(type);
            store.load(in, pw == null ? null : pw.toCharArray());
            return store;
        } catch (final IOException | GeneralSecurityException e) {
            throw new ConfigException(key, location, "cannot load " + type + " store: " + e.getMessage());
        }
    }
}
