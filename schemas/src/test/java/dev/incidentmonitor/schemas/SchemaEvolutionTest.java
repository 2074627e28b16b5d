package dev.incidentmonitor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evolution rules of the published schemas, checked at build time so a mistake fails the build rather than
 * a consumer in production.
 *
 * <p>Released versions live under {@code src/test/resources/released/<version>/<full name>.avsc}. Each current
 * schema must be able to read data written with its latest released version (BACKWARD, the registry's setting).
 * When a version is released, snapshot the current schemas with
 * {@code ./mvnw -pl schemas test -Dtest=SchemaEvolutionTest -Dschemas.release=<version>}.
 */
class SchemaEvolutionTest {

    private static final Path RELEASED = Path.of("src/test/resources/released");

    /** Schemas added since the last release: nothing was written with an older version, so nothing to check. */
    private static final Set<String> NEW_SINCE_LAST_RELEASE = Set.of("dev.incidentmonitor.schema.ServiceCooccurrence");

    static Stream<Schema> topicValueSchemas() {
        return SchemaCatalog.topicValueSchemas().stream();
    }

    static Stream<Schema> releasedTopicValueSchemas() {
        return topicValueSchemas().filter(s -> !NEW_SINCE_LAST_RELEASE.contains(s.getFullName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedTopicValueSchemas")
    void shouldReadDataOfLatestReleaseWhenSchemaEvolves(final Schema current) throws IOException {
        writeSnapshotWhenReleasing(current);
        final Schema released = latestReleased(current.getFullName());

        final SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        assertThat(result.getType())
                .as("%s must read data written with its released version: %s", current.getFullName(), result)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedTopicValueSchemas")
    void shouldGiveEveryAddedFieldANullDefaultWhenSchemaEvolves(final Schema current) {
        final Schema released = latestReleased(current.getFullName());
        final List<String> offending = new ArrayList<>();
        collectAddedFieldsWithoutNullDefault(current, released, current.getName(), offending);
        assertThat(offending)
                .as("fields added after a release must be nullable unions with default null")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topicValueSchemas")
    void shouldDocumentEveryTypeAndFieldWhenSchemaIsPublished(final Schema current) {
        final List<String> undocumented = new ArrayList<>();
        collectUndocumented(current, new HashSet<>(), undocumented);
        assertThat(undocumented).as("every named type and field needs a doc").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topicValueSchemas")
    void shouldDefaultEveryEnumToUnknownWhenNewSymbolsAppear(final Schema current) {
        final List<String> enumsWithoutDefault = new ArrayList<>();
        forEachNamedType(current, new HashSet<>(), schema -> {
            if (schema.getType() == Schema.Type.ENUM && !"UNKNOWN".equals(schema.getEnumDefault())) {
                enumsWithoutDefault.add(schema.getFullName());
            }
        });
        assertThat(enumsWithoutDefault).isEmpty();
    }

    @Test
    void shouldRejectFieldWithoutDefaultWhenCheckerSeesIt() {
        // The checker itself must catch the classic mistake, or the tests above prove nothing.
        final Schema v1 = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        final Schema v2 = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                        + "{\"name\":\"b\",\"type\":\"string\"}]}");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        final List<String> offending = new ArrayList<>();
        collectAddedFieldsWithoutNullDefault(v2, v1, "R", offending);
        assertThat(offending).containsExactly("R.b");
    }

    @Test
    void shouldHaveReleasedSnapshotForEveryCatalogSchemaButTheNewOnes() {
        for (final Schema schema : releasedTopicValueSchemas().toList()) {
            assertThat(latestReleased(schema.getFullName())).isNotNull();
        }
    }

    private static Schema latestReleased(final String fullName) {
        try (Stream<Path> versions = Files.list(RELEASED)) {
            final Path file = versions.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(SchemaEvolutionTest::versionKey)
                            .reversed())
                    .map(dir -> dir.resolve(fullName + ".avsc"))
                    .filter(Files::exists)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no released snapshot of " + fullName + " under " + RELEASED
                            + ": snapshot it with -Dschemas.release=<version>"));
            try (InputStream in = Files.newInputStream(file)) {
                return new Schema.Parser().parse(in);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String versionKey(final Path dir) {
        final StringBuilder key = new StringBuilder();
        for (final String part : dir.getFileName().toString().split("\\.")) {
            key.append(String.format("%08d", Integer.parseInt(part.replaceAll("\\D", "0"))));
        }
        return key.toString();
    }

    private static void writeSnapshotWhenReleasing(final Schema current) throws IOException {
        final String release = System.getProperty("schemas.release", "");
        if (release.isBlank()) {
            return;
        }
        final Path dir = RELEASED.resolve(release);
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(current.getFullName() + ".avsc"),
                org.apache.avro.SchemaFormatter.format("json/pretty", current) + "\n",
                StandardCharsets.UTF_8);
    }

    private static void collectAddedFieldsWithoutNullDefault(
            final Schema current, final Schema released, final String path, final List<String> offending) {
        if (current.getType() != Schema.Type.RECORD || released.getType() != Schema.Type.RECORD) {
            return;
        }
        for (final Schema.Field field : current.getFields()) {
            final Schema.Field old = released.getField(field.name());
            final String fieldPath = path + "." + field.name();
            if (old == null) {
                final boolean nullableWithNullDefault = field.schema().isNullable()
                        && field.hasDefaultValue()
                        && field.defaultVal() == org.apache.avro.JsonProperties.NULL_VALUE;
                if (!nullableWithNullDefault) {
                    offending.add(fieldPath);
                }
            } else {
                collectAddedFieldsWithoutNullDefault(
                        recordBranch(field.schema()), recordBranch(old.schema()), fieldPath, offending);
            }
        }
    }

    private static Schema recordBranch(final Schema schema) {
        switch (schema.getType()) {
            case UNION:
                return schema.getTypes().stream()
                        .filter(s -> s.getType() == Schema.Type.RECORD)
                        .findFirst()
                        .orElse(schema);
            case ARRAY:
                return recordBranch(schema.getElementType());
            case MAP:
                return recordBranch(schema.getValueType());
            default:
                return schema;
        }
    }

    private static void collectUndocumented(final Schema schema, final Set<String> seen, final List<String> out) {
        forEachNamedType(schema, seen, named -> {
            if (isBlank(named.getDoc())) {
                out.add(named.getFullName());
            }
            if (named.getType() == Schema.Type.RECORD) {
                for (final Schema.Field field : named.getFields()) {
                    if (isBlank(field.doc())) {
                        out.add(named.getFullName() + "." + field.name());
                    }
                }
            }
        });
    }

    private static void forEachNamedType(
            final Schema schema, final Set<String> seen, final java.util.function.Consumer<Schema> action) {
        switch (schema.getType()) {
            case RECORD:
                if (seen.add(schema.getFullName())) {
                    action.accept(schema);
                    for (final Schema.Field field : schema.getFields()) {
                        forEachNamedType(field.schema(), seen, action);
                    }
                }
                break;
            case ENUM:
            case FIXED:
                if (seen.add(schema.getFullName())) {
                    action.accept(schema);
                }
                break;
            case UNION:
                schema.getTypes().forEach(s -> forEachNamedType(s, seen, action));
                break;
            case ARRAY:
                forEachNamedType(schema.getElementType(), seen, action);
                break;
            case MAP:
                forEachNamedType(schema.getValueType(), seen, action);
                break;
            default:
                break;
        }
    }

    private static boolean isBlank(final String text) {
        return text == null || text.isBlank();
    }
}
