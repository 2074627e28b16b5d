package dev.incidentmonitor.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentmonitor.serde.FakeRegistryServer.Recorded;
import dev.incidentmonitor.serde.testdata.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestSchemaRegistryClientTest {

    private static final String TOPIC = "probes";
    private static final String BASIC_USER_PASS = "Basic dXNlcjpwYXNz"; // base64("user:pass")
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeRegistryServer registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = FakeRegistryServer.http();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private Map<String, Object> config(final String url, final Object... keyValues) {
        final Map<String, Object> config = new HashMap<>();
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, url);
        config.put(AvroSerdeConfig.RETRY_BACKOFF_MS, 1);
        config.put(AvroSerdeConfig.REQUEST_TIMEOUT_MS, 5_000);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private AvroSerializer<Probe> serializer(final String url, final Object... keyValues) {
        final AvroSerializer<Probe> serializer = new AvroSerializer<>();
        serializer.configure(config(url, keyValues), false);
        return serializer;
    }

    @Test
    void shouldRegisterWithConfluentPathContentTypeAndBodyWhenSerializing() throws IOException {
        final byte[] bytes = serializer(registry.url()).serialize(TOPIC, TestData.probe());

        final List<Recorded> requests = registry.requests();
        assertThat(requests).hasSize(1);
        final Recorded request = requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/probes-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.authorization()).isNull();
        assertThat(JSON.readTree(request.body()).get("schema").asText())
                .isEqualTo(Probe.getClassSchema().toString());
        assertThat(JSON.readTree(request.body()).size()).isEqualTo(1);
        assertThat(bytes[0]).isZero();
        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(100);
    }

    @Test
    void shouldMakeNoHttpCallWhenSchemaAndIdAreCached() {
        final AvroSerializer<Probe> serializer = serializer(registry.url());
        final AvroDeserializer<Probe> deserializer = new AvroDeserializer<>(Probe.class);
        deserializer.configure(config(registry.url()), false);

        final byte[] first = serializer.serialize(TOPIC, TestData.probe());
        final byte[] second = serializer.serialize(TOPIC, TestData.probe());
        deserializer.deserialize(TOPIC, first);
        final Probe read = deserializer.deserialize(TOPIC, second);

        assertThat(read).isEqualTo(TestData.probe());
        assertThat(registry.requests())
                .extracting(Recorded::method, Recorded::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST", "/subjects/probes-value/versions"),
                        org.assertj.core.groups.Tuple.tuple("GET", "/schemas/ids/100"));
    }

    @Test
    void shouldSendBasicAuthHeaderWhenUserInfoConfigured() {
        registry.requireAuthorization(BASIC_USER_PASS);

        serializer(
                        registry.url(),
                        AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                        "USER_INFO",
                        AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                        "user:pass")
                .serialize(TOPIC, TestData.probe());

        assertThat(registry.requests())
                .singleElement()
                .extracting(Recorded::authorization)
                .isEqualTo(BASIC_USER_PASS);
    }

    @Test
    void shouldTakeCredentialsFromUrlWithoutLeakingThemWhenSourceIsUrl() {
        registry.requireAuthorization(BASIC_USER_PASS);
        final String url = registry.url().replace("http://", "http://user:pass@");

        final RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(url));
        final int id = client.register("s", Probe.getClassSchema());

        assertThat(id).isEqualTo(100);
        assertThat(registry.requests())
                .singleElement()
                .extracting(Recorded::authorization)
                .isEqualTo(BASIC_USER_PASS);
        assertThat(client.url()).isEqualTo(registry.url()).doesNotContain("pass");
    }

    @Test
    void shouldFailWithoutRetryNamingUrlWhenUnauthorized() {
        registry.requireAuthorization(BASIC_USER_PASS);
        final AvroSerializer<Probe> serializer = serializer(
                registry.url(),
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO",
                AvroSerdeConfig.BASIC_AUTH_USER_INFO,
                "user:wrong");

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestData.probe()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isAuthenticationFailure()).isTrue();
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessageContaining("Schema registry " + registry.url() + " refused access")
                .hasMessageContaining("subject \"probes-value\"");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldRetryThenFailNamingUrlAndSubjectWhenRegistryKeepsAnswering503() {
        registry.failAlways(503, FakeRegistryServer.error(50003, "Error while forwarding the request to the leader"));
        final AvroSerializer<Probe> serializer = serializer(registry.url(), AvroSerdeConfig.RETRIES, 2);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestData.probe()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.errorCode()).isEqualTo(50003);
                })
                .hasMessageContaining("Schema registry " + registry.url() + " failed 3 attempts")
                .hasMessageContaining("subject \"probes-value\"")
                .hasMessageContaining("Error while forwarding the request to the leader");
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void shouldSucceedWhenRegistryRecoversWithinRetries() {
        registry.failNext(2, 500, "<html>proxy error</html>");

        final byte[] bytes =
                serializer(registry.url(), AvroSerdeConfig.RETRIES, 2).serialize(TOPIC, TestData.probe());

        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(100);
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void shouldRetryThenFailNamingUrlAndSubjectWhenPortClosed() throws IOException {
        final String closedUrl = "http://127.0.0.1:" + closedPort();
        final AvroSerializer<Probe> serializer = serializer(closedUrl, AvroSerdeConfig.RETRIES, 1);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestData.probe()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_STATUS);
                })
                .hasMessageContaining("Schema registry " + closedUrl + " failed 2 attempts")
                .hasMessageContaining("registering a schema under subject \"probes-value\"")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void shouldTryNextUrlWhenFirstIsUnreachable() throws IOException {
        final String urls = "http://127.0.0.1:" + closedPort() + "/," + registry.url();

        final byte[] bytes = serializer(urls, AvroSerdeConfig.RETRIES, 0).serialize(TOPIC, TestData.probe());

        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(100);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldRetryWhenRequestTimesOut() {
        registry.stallNext(1);

        final byte[] bytes = serializer(
                        registry.url(), AvroSerdeConfig.RETRIES, 1, AvroSerdeConfig.REQUEST_TIMEOUT_MS, 300)
                .serialize(TOPIC, TestData.probe());

        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(100);
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldSurfaceRegistryMessageWhenSchemaIsIncompatible() {
        final String message = "Schema being registered is incompatible with an earlier schema for subject "
                + "\"probes-value\", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:"
                + "'The field 'owner' at path '/fields/6' in the new schema has no default value'}]";
        registry.failNext(2, 409, FakeRegistryServer.error(409, message));
        final AvroSerializer<Probe> serializer = serializer(registry.url());

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestData.probe()))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                })
                .hasMessageContaining(registry.url())
                .hasMessageContaining(message);
        // One more attempt (a 409 may also be a concurrent creation of the subject), then no more.
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldRegisterWhenAnotherClientCreatedTheSubjectAtTheSameMoment() throws IOException {
        // What Apicurio's Confluent API answers the loser of two concurrent first registrations of a subject.
        registry.failNext(
                1,
                409,
                FakeRegistryServer.error(409, "An artifact with ID 'probes-value' in group 'null' already exists."));

        final byte[] bytes = serializer(registry.url()).serialize(TOPIC, TestData.probe());

        assertThat(WireFormat.readId(bytes, 0))
                .isEqualTo(
                        registry.register("probes-value", Probe.getClassSchema().toString()));
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldLookUpWithoutRegisteringWhenAutoRegisterDisabled() throws IOException {
        final int id = registry.register("probes-value", Probe.getClassSchema().toString());

        final byte[] bytes = serializer(registry.url(), AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false)
                .serialize(TOPIC, TestData.probe());

        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(id);
        final Recorded request = registry.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/probes-value");
        assertThat(request.contentType()).isEqualTo(RestSchemaRegistryClient.CONTENT_TYPE);
        assertThat(JSON.readTree(request.body()).get("schema").asText())
                .isEqualTo(Probe.getClassSchema().toString());
    }

    @Test
    void shouldFailClearlyWhenAutoRegisterDisabledAndRegistrySaysNotFound() {
        final AvroSerializer<Probe> serializer =
                serializer(registry.url(), AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);

        assertThatThrownBy(() -> serializer.serialize(TOPIC, TestData.probe()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(40401))
                .hasMessageContaining("is not registered under subject \"probes-value\" in schema registry "
                        + registry.url() + ", and auto.register.schemas is false");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldFetchLatestVersionWhenUseLatestVersion() {
        registry.register("probes-value", TestData.PROBE_V1.toString());
        final int latest =
                registry.register("probes-value", Probe.getClassSchema().toString());
        final AvroSerializer<org.apache.avro.generic.GenericRecord> serializer = new AvroSerializer<>();
        serializer.configure(config(registry.url(), AvroSerdeConfig.USE_LATEST_VERSION, true), false);

        final byte[] bytes = serializer.serialize(TOPIC, TestData.probeV1("v1"));
        serializer.serialize(TOPIC, TestData.probeV1("again"));

        assertThat(WireFormat.readId(bytes, 0)).isEqualTo(latest);
        assertThat(registry.requests())
                .singleElement()
                .extracting(Recorded::method, Recorded::path)
                .containsExactly("GET", "/subjects/probes-value/versions/latest");
    }

    @Test
    void shouldNameIdAndUrlWhenRegistryDoesNotKnowSchemaId() {
        final AvroDeserializer<Probe> deserializer = new AvroDeserializer<>(Probe.class);
        deserializer.configure(config(registry.url()), false);
        final byte[] bytes = {0, 0, 0, 0x01, 0x00, 0x02};

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                })
                .hasMessageContaining("writer schema id 256")
                .hasMessageContaining(registry.url())
                .hasMessageContaining("topic probes");
        assertThat(registry.requests())
                .singleElement()
                .extracting(Recorded::path)
                .isEqualTo("/schemas/ids/256");
    }

    @Test
    void shouldEncodeSubjectAndAskCompatibilityEndpoint() {
        final RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(registry.url() + "/"));

        assertThat(client.testCompatibility("with space/and slash", Probe.getClassSchema()))
                .isTrue();
        assertThat(registry.requests())
                .singleElement()
                .extracting(Recorded::path)
                .isEqualTo("/compatibility/subjects/with%20space%2Fand%20slash/versions/latest");
    }

    @Test
    void shouldRejectUnsupportedUrlScheme() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(config("ftp://user:secret@host")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url")
                .hasMessageNotContaining("secret");
    }

    @Test
    void shouldRequireUserInfoWhenSourceIsUserInfo() {
        assertThatThrownBy(() -> new RestSchemaRegistryClient(
                        config(registry.url(), AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void shouldNameFileWhenTrustStoreCannotBeLoaded(@TempDir final Path dir) {
        final String missing = dir.resolve("missing.p12").toString();

        assertThatThrownBy(() -> new RestSchemaRegistryClient(
                        config("https://127.0.0.1:1", AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION, missing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void shouldSpeakMutualTlsWhenTrustStoreAndKeyStoreConfigured(@TempDir final Path dir) throws Exception {
        final Path keyStore = dir.resolve("registry.p12");
        final Path trustStore = dir.resolve("trust.p12");
        createSelfSignedStores(keyStore, trustStore);
        final SSLContext serverContext = SSLContext.getInstance("TLS");
        final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keyStore), "changeit".toCharArray());
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore));
        serverContext.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        try (FakeRegistryServer https = FakeRegistryServer.https(serverContext, true)) {
            final RestSchemaRegistryClient client = new RestSchemaRegistryClient(config(
                    https.url(),
                    AvroSerdeConfig.SSL_TRUSTSTORE_LOCATION,
                    trustStore.toString(),
                    AvroSerdeConfig.SSL_TRUSTSTORE_PASSWORD,
                    "changeit",
                    AvroSerdeConfig.SSL_TRUSTSTORE_TYPE,
                    "PKCS12",
                    AvroSerdeConfig.SSL_KEYSTORE_LOCATION,
                    keyStore.toString(),
                    AvroSerdeConfig.SSL_KEYSTORE_PASSWORD,
                    "changeit",
                    AvroSerdeConfig.SSL_KEYSTORE_TYPE,
                    "PKCS12"));

            assertThat(client.register("tls-value", Probe.getClassSchema())).isEqualTo(100);
            assertThat(client.getSchemaById(100)).isEqualTo(Probe.getClassSchema());
            assertThat(https.requests()).hasSize(1);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A self-signed key pair for 127.0.0.1 from the JDK's keytool, and a trust store holding its certificate. */
    private static void createSelfSignedStores(final Path keyStore, final Path trustStore) throws Exception {
        final Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        assumeThat(Files.isExecutable(keytool)).as("keytool in java.home").isTrue();
        final Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "registry",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("registry", load(keyStore).getCertificate("registry"));
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, "changeit".toCharArray());
        }
    }

    private static KeyStore load(final Path path) throws Exception {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }
}
