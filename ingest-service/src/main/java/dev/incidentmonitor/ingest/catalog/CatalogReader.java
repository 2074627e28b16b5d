package dev.incidentmonitor.ingest.catalog;

import com.fasterxml.jackson.core.JsonToken;
import dev.incidentmonitor.ingest.catalog.YamlTree.Mapping;
import dev.incidentmonitor.ingest.catalog.YamlTree.Node;
import dev.incidentmonitor.ingest.catalog.YamlTree.Position;
import dev.incidentmonitor.ingest.catalog.YamlTree.Scalar;
import dev.incidentmonitor.ingest.catalog.YamlTree.Sequence;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The validation pass: turns a {@link YamlTree} into a {@link ProviderCatalog}, collecting every problem with the
 * position of the field it concerns (the key's position for a mapping entry, the item's for a list item), and
 * throws one {@link CatalogException} listing them all.
 *
 * <p>Unknown keys are errors, not warnings: a misspelt {@code poll_interval} that is silently ignored leaves the
 * operator believing a setting is in force that is not.
 */
final class CatalogReader {
    private static final List<String> TOP_KEYS = List.of("defaults", "providers");
    private static final List<String> DEFAULT_KEYS = List.of("poll-interval", "partial-outage-weight");
    private static final List<String> PROVIDER_KEYS = List.of(
            "id",
            "name",
            "platform",
            "base-url",
            "poll-interval",
            "time-zone",
            "partial-outage-weight",
            "components",
            "enabled");
    private static final List<String> COMPONENT_KEYS = List.of("include", "exclude", "aliases");

    private final String source;
    private final List<CatalogProblem> problems = new ArrayList<>();

    /** A value together with where to point when it is wrong. */
    private record Field(String path, Position at, Node node) {}

    private record Defaults(Duration pollInterval, double partialOutageWeight) {}

    private CatalogReader(String source) {
        this.source = source;
    }

    static ProviderCatalog read(String yaml, String source) {
        CatalogReader reader = new CatalogReader(source);
        Optional<Node> root = YamlTree.parse(yaml, source, reader::problem);
        ProviderCatalog catalog = root.isEmpty()
                ? reader.emptyFile()
                : reader.catalog(new Field("", root.get().position(), root.get()));
        if (!reader.problems.isEmpty()) {
            List<CatalogProblem> sorted = new ArrayList<>(reader.problems);
            sorted.sort(Comparator.comparingInt(CatalogProblem::line).thenComparingInt(CatalogProblem::column));
            throw new CatalogException(sorted);
        }
        return catalog;
    }

    private ProviderCatalog emptyFile() {
        problem(Position.START, "", "the file is empty (expected a mapping with a providers: list)");
        return null;
    }

    private ProviderCatalog catalog(Field root) {
        Optional<Mapping> mapping = mapping(root, "a mapping with a providers: list");
        if (mapping.isEmpty()) {
            return null;
        }
        Map<String, Field> fields = fields(mapping.get(), "", TOP_KEYS);
        Defaults defaults = defaults(fields.get("defaults"));
        Field providersField = fields.get("providers");
        if (providersField == null) {
            problem(root.at(), "providers", "required field is missing");
            return null;
        }
        Optional<Sequence> list = sequence(providersField, "a list of providers");
        if (list.isEmpty()) {
            return null;
        }
        if (list.get().items().isEmpty()) {
            problem(providersField.at(), providersField.path(), "the list is empty; configure at least one provider");
            return null;
        }
        List<Provider> providers = new ArrayList<>();
        Map<String, Field> firstById = new LinkedHashMap<>();
        List<Node> items = list.get().items();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            Field itemField = new Field(YamlTree.index("providers", i), item.position(), item);
            provider(itemField, defaults, firstById).ifPresent(providers::add);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new ProviderCatalog(source, providers);
    }

    private Defaults defaults(Field field) {
        Duration pollInterval = Provider.DEFAULT_POLL_INTERVAL;
        double weight = Provider.DEFAULT_PARTIAL_OUTAGE_WEIGHT;
        if (field == null) {
            return new Defaults(pollInterval, weight);
        }
        Optional<Mapping> mapping = mapping(field, "a mapping of default settings");
        if (mapping.isPresent()) {
            Map<String, Field> fields = fields(mapping.get(), field.path(), DEFAULT_KEYS);
            pollInterval = pollInterval(fields.get("poll-interval")).orElse(pollInterval);
            weight = weight(fields.get("partial-outage-weight")).orElse(weight);
        }
        return new Defaults(pollInterval, weight);
    }

    private Optional<Provider> provider(Field item, Defaults defaults, Map<String, Field> firstById) {
        Optional<Mapping> mapping = mapping(item, "a mapping describing one provider");
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int problemsBefore = problems.size();
        Map<String, Field> fields = fields(mapping.get(), item.path(), PROVIDER_KEYS);

        Optional<String> id = required(fields, item, "id").flatMap(f -> convert(f, ConfigValues::id));
        id.ifPresent(value -> {
            Field idField = fields.get("id");
            Field first = firstById.putIfAbsent(value, idField);
            if (first != null) {
                String firstItem = first.path().substring(0, first.path().lastIndexOf('.'));
                problem(
                        idField.at(),
                        idField.path(),
                        "duplicate id " + ConfigValues.quote(value) + " (first used by " + firstItem + " at line "
                                + first.at().line() + ")");
            }
        });
        Optional<String> name = required(fields, item, "name").flatMap(f -> convert(f, ConfigValues::name));
        Optional<Platform> platform =
                required(fields, item, "platform").flatMap(f -> convert(f, Platform::fromConfigName));
        Optional<URI> baseUrl = required(fields, item, "base-url").flatMap(f -> convert(f, ConfigValues::baseUrl));
        Duration pollInterval = pollInterval(fields.get("poll-interval")).orElse(defaults.pollInterval());
        Optional<ZoneId> timeZone = optional(fields.get("time-zone")).flatMap(f -> convert(f, ConfigValues::timeZone));
        double weight = weight(fields.get("partial-outage-weight")).orElse(defaults.partialOutageWeight());
        ComponentFilter components = components(fields.get("components"));
        boolean enabled = bool(fields.get("enabled")).orElse(true);

        if (problems.size() != problemsBefore
                || id.isEmpty()
                || name.isEmpty()
                || platform.isEmpty()
                || baseUrl.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Provider(
                    id.orElseThrow(),
                    name.orElseThrow(),
                    platform.orElseThrow(),
                    baseUrl.orElseThrow(),
                    pollInterval,
                    timeZone,
                    weight,
                    components,
                    enabled));
        } catch (IllegalArgumentException e) {
            problem(item.at(), item.path(), e.getMessage());
            return Optional.empty();
        }
    }

    private ComponentFilter components(Field field) {
        if (field == null) {
            return ComponentFilter.ALL;
        }
        Optional<Mapping> mapping = mapping(field, "a mapping with include:, exclude: or aliases:");
        if (mapping.isEmpty()) {
            return ComponentFilter.ALL;
        }
        Map<String, Field> fields = fields(mapping.get(), field.path(), COMPONENT_KEYS);
        List<String> include = patterns(fields.get("include"));
        List<String> exclude = patterns(fields.get("exclude"));
        Map<String, String> aliases = aliases(fields.get("aliases"));
        try {
            return new ComponentFilter(include, exclude, aliases);
        } catch (IllegalArgumentException e) {
            problem(field.at(), field.path(), e.getMessage());
            return ComponentFilter.ALL;
        }
    }

    private List<String> patterns(Field field) {
        List<String> patterns = new ArrayList<>();
        if (field == null || isEmptyScalar(field.node())) {
            return patterns;
        }
        Optional<Sequence> list = sequence(field, "a list of component ids or names, e.g. [\"API\", \"ChatGPT\"]");
        if (list.isEmpty()) {
            return patterns;
        }
        List<Node> items = list.get().items();
        for (int i = 0; i < items.size(); i++) {
            Field item = new Field(YamlTree.index(field.path(), i), items.get(i).position(), items.get(i));
            requiredText(item).ifPresent(patterns::add);
        }
        return patterns;
    }

    private Map<String, String> aliases(Field field) {
        Map<String, String> aliases = new LinkedHashMap<>();
        if (field == null || isEmptyScalar(field.node())) {
            return aliases;
        }
        Optional<Mapping> mapping = mapping(field, "a mapping of component id to display name");
        if (mapping.isEmpty()) {
            return aliases;
        }
        for (YamlTree.Entry entry : mapping.get().entries()) {
            Field value = new Field(YamlTree.child(field.path(), entry.key()), entry.keyPosition(), entry.value());
            if (entry.key().isBlank()) {
                problem(value.at(), value.path(), "the component id must not be empty");
                continue;
            }
            requiredText(value).ifPresent(alias -> aliases.put(entry.key(), alias));
        }
        return aliases;
    }

    private Optional<Duration> pollInterval(Field field) {
        return optional(field)
                .flatMap(f -> convert(f, text -> {
                    Duration interval = Durations.parse(text);
                    return ConfigValues.pollInterval(interval, text);
                }));
    }

    private Optional<Double> weight(Field field) {
        return optional(field).flatMap(f -> convert(f, ConfigValues::weight));
    }

    private Optional<Boolean> bool(Field field) {
        if (field == null || isEmptyScalar(field.node())) {
            return Optional.empty();
        }
        Optional<String> text = text(field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        JsonToken token = ((Scalar) field.node()).token();
        if (token == JsonToken.VALUE_TRUE) {
            return Optional.of(true);
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Optional.of(false);
        }
        problem(field.at(), field.path(), ConfigValues.quote(text.get()) + " is not true or false");
        return Optional.empty();
    }

    /** The field when it is present and not empty (empty means "use the default"). */
    private Optional<Field> optional(Field field) {
        if (field == null || isEmptyScalar(field.node())) {
            return Optional.empty();
        }
        return Optional.of(field);
    }

    /** The field, reporting it as missing (at its parent) or empty (at itself) when it has no value. */
    private Optional<Field> required(Map<String, Field> fields, Field parent, String key) {
        Field field = fields.get(key);
        if (field == null) {
            problem(parent.at(), YamlTree.child(parent.path(), key), "required field is missing");
            return Optional.empty();
        }
        if (isEmptyScalar(field.node())) {
            problem(field.at(), field.path(), "must not be empty");
            return Optional.empty();
        }
        return Optional.of(field);
    }

    private Optional<String> requiredText(Field field) {
        if (isEmptyScalar(field.node())) {
            problem(field.at(), field.path(), "must not be empty");
            return Optional.empty();
        }
        return text(field);
    }

    /** Converts the field's text, reporting the converter's message at the field when it refuses. */
    private <T> Optional<T> convert(Field field, Function<String, T> converter) {
        return text(field).flatMap(text -> {
            try {
                return Optional.of(converter.apply(text));
            } catch (IllegalArgumentException e) {
                problem(field.at(), field.path(), e.getMessage());
                return Optional.empty();
            }
        });
    }

    /** The scalar's text; a mapping or list where a value belongs is reported, an alias was reported already. */
    private Optional<String> text(Field field) {
        if (field.node() instanceof Scalar scalar) {
            return scalar.alias() ? Optional.empty() : Optional.of(scalar.text());
        }
        problem(field.at(), field.path(), "expected a single value, found " + describe(field.node()));
        return Optional.empty();
    }

    private Optional<Mapping> mapping(Field field, String expected) {
        if (field.node() instanceof Mapping mapping) {
            return Optional.of(mapping);
        }
        if (!isAlias(field.node())) {
            problem(field.at(), field.path(), "expected " + expected + ", found " + describe(field.node()));
        }
        return Optional.empty();
    }

    private Optional<Sequence> sequence(Field field, String expected) {
        if (field.node() instanceof Sequence sequence) {
            return Optional.of(sequence);
        }
        if (!isAlias(field.node())) {
            problem(field.at(), field.path(), "expected " + expected + ", found " + describe(field.node()));
        }
        return Optional.empty();
    }

    /** The mapping's entries by key, each unknown key reported with the nearest known one as a suggestion. */
    private Map<String, Field> fields(Mapping mapping, String path, List<String> known) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (YamlTree.Entry entry : mapping.entries()) {
            Field field = new Field(YamlTree.child(path, entry.key()), entry.keyPosition(), entry.value());
            if (known.contains(entry.key())) {
                fields.put(entry.key(), field);
            } else {
                problem(field.at(), field.path(), "unknown key " + suggestion(entry.key(), known));
            }
        }
        return fields;
    }

    private static String suggestion(String key, List<String> known) {
        String normalised =
                key.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = candidate.equals(normalised) ? 0 : editDistance(normalised, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= 2) {
            return "(did you mean " + best + "?)";
        }
        return "(expected one of: " + String.join(", ", known) + ")";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static boolean isEmptyScalar(Node node) {
        return node instanceof Scalar scalar && scalar.isEmpty();
    }

    private static boolean isAlias(Node node) {
        return node instanceof Scalar scalar && scalar.alias();
    }

    private static String describe(Node node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Sequence) {
            return "a list";
        }
        Scalar scalar = (Scalar) node;
        return scalar.isEmpty() ? "nothing" : ConfigValues.quote(scalar.text());
    }

    private void problem(Position at, String path, String message) {
        problems.add(new CatalogProblem(source, at.line(), at.column(), path, message));
    }
}
