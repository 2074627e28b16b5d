package dev.incidentmonitor.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory, for unit tests and {@code TopologyTestDriver}.
 *
 * <p>This is the idea of Confluent's {@code mock://<scope>} URLs: configuring {@code schema.registry.url=mock://foo}
 * makes every serializer and deserializer configured with it share the registry of scope {@code foo}, held in a static
 * map. A test uses a fresh scope name (or calls {@link #dropScope(String)} afterwards) so that ids and subjects never
 * leak between tests.
 *
 * <p>It behaves like the real registry where a test can notice: ids are global within the scope and the same schema
 * keeps its id across subjects, lookups of unknown subjects, versions or ids fail with 404 and Confluent's error codes,
 * and registering a schema that breaks the subject's rule fails with 409. The rule defaults to {@code BACKWARD}
 * against the latest version, the real registry's default.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    /** URL prefix that selects a scoped in-memory registry. */
    public static final String MOCK_URL_PREFIX = "mock://";

    private static final ConcurrentMap<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();
    private static final AtomicInteger ANONYMOUS = new AtomicInteger();

    /** Compatibility rule of all subjects, checked against the latest version like the registry's non-transitive rules. */
    public enum Rule {
        NONE,
        /** The new schema can read data written with the latest one (the registry's default). */
        BACKWARD,
        /** The latest schema can read data written with the new one. */
        FORWARD,
        /** Both. */
        FULL
    }

    private final String url;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private Rule rule = Rule.BACKWARD;

    /** A registry of its own, not reachable through any {@code mock://} URL. */
    public InMemorySchemaRegistryClient() {
        this(MOCK_URL_PREFIX + "anonymous-" + ANONYMOUS.incrementAndGet());
    }

    private InMemorySchemaRegistryClient(final String url) {
        this.url = url;
    }

    /** The registry that {@code mock://<scope>} names, created on first use. */
    public static InMemorySchemaRegistryClient forScope(final String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient(MOCK_URL_PREFIX + s));
    }

    /** Forgets the registry of {@code scope}; the next {@link #forScope(String)} starts empty. */
    public static void dropScope(final String scope) {
        SCOPES.remove(scope);
    }

    /** Changes the compatibility rule checked by {@link #register} and {@link #testCompatibility}. */
    public synchronized InMemorySchemaRegistryClient withRule(final Rule newRule) {
        this.rule = newRule;
        return this;
    }

    /** The subjects registered so far, for assertions. */
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final List<Integer> versions = versionsBySubject.get(subject);
        final Integer known = idsBySchema.get(schema);
        if (versions != null && known != null && versions.contains(known)) {
            return known;
        }
        final String problems = versions == null ? null : problems(subject, schema);
        if (problems != null) {
            throw new IncompatibleSchemaException(
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\" ("
                            + rule + ") in registry " + url + ", details: " + problems,
                    409);
        }
        final int id;
        if (known != null) {
            id = known;
        } else {
            schemasById.add(schema);
            id = schemasById.size();
            idsBySchema.put(schema, id);
        }
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized int getId(final String subject, final Schema schema) {
        final List<Integer> versions = subjectVersions(subject);
        final Integer id = idsBySchema.get(schema);
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException(
                    "Schema not found under subject \"" + subject + "\" in registry " + url, 404, 40403);
        }
        return id;
    }

    @Override
    public synchronized Schema getSchemaById(final int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaRegistryException("Schema id " + id + " not found in registry " + url, 404, 40403);
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema getLatestSchema(final String subject) {
        final List<Integer> versions = subjectVersions(subject);
        final int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, id, versions.size(), schemasById.get(id - 1));
    }

    @Override
    public synchronized boolean testCompatibility(final String subject, final Schema schema) {
        return !versionsBySubject.containsKey(subject) || problems(subject, schema) == null;
    }

    @Override
    public String url() {
        return url;
    }

    private List<Integer> subjectVersions(final String subject) {
        final List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject \"" + subject + "\" not found in registry " + url, 404, 40401);
        }
        return versions;
    }

    private String problems(final String subject, final Schema candidate) {
        final List<Integer> versions = versionsBySubject.get(subject);
        final Schema latest = schemasById.get(versions.get(versions.size() - 1) - 1);
        final String backward =
                rule == Rule.BACKWARD || rule == Rule.FULL ? Compatibility.problems(candidate, latest) : null;
        final String forward =
                rule == Rule.FORWARD || rule == Rule.FULL ? Compatibility.problems(latest, candidate) : null;
        if (backward == null && forward == null) {
            return null;
        }
        return backward == null ? forward : forward == null ? backward : backward + " " + forward;
    }
}
