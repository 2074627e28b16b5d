package dev.incidentmonitor.ingest.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a small tree whose every node remembers where it was written.
 *
 * <p>Jackson's tree model ({@code JsonNode}) forgets token positions, and binding straight to records stops at
 * the first error; the catalogue wants every problem with its line and column. So the Jackson YAML parser is
 * walked token by token here, and the validation pass in {@link CatalogReader} works on this tree.
 *
 * <p>Problems the parser cannot see are reported while building: a key given twice in one mapping (YAML parsers
 * keep the last silently) and aliases ({@code *name}), which Jackson returns as the anchor's name instead of its
 * value. A syntax error ends the read with a {@link CatalogException}.
 */
final class YamlTree {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private YamlTree() {}

    /** Where a token starts, both 1-based. */
    record Position(int line, int column) {
        static final Position START = new Position(1, 1);

        static Position of(JsonLocation location) {
            if (location == null) {
                return START;
            }
            return new Position(Math.max(location.getLineNr(), 1), Math.max(location.getColumnNr(), 1));
        }
    }

    /** Receives problems found while building. */
    interface ProblemSink {
        void report(Position at, String path, String message);
    }

    sealed interface Node permits Scalar, Mapping, Sequence {
        Position position();
    }

    /**
     * A scalar as the YAML parser typed it ({@code VALUE_STRING}, {@code VALUE_NUMBER_INT}, {@code VALUE_TRUE},
     * ...).
     *
     * @param alias whether the scalar was an alias (already reported); its text is then the anchor's name
     */
    record Scalar(JsonToken token, String text, boolean alias, Position position) implements Node {
        /** Null, {@code ~} or nothing at all: treated as if the key were absent. */
        boolean isEmpty() {
            return !alias && (token == JsonToken.VALUE_NULL || text.isEmpty());
        }
    }

    record Entry(String key, Position keyPosition, Node value) {}

    /** Entries in file order; a duplicate key is reported and only its first occurrence kept. */
    record Mapping(List<Entry> entries, Position position) implements Node {}

    record Sequence(List<Node> items, Position position) implements Node {}

    /**
     * Reads a whole document.
     *
     * @return the root node, or empty when the document holds nothing (an empty file, only comments)
     * @throws CatalogException on a YAML syntax error
     */
    static Optional<Node> parse(String yaml, String source, ProblemSink sink) {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            Node root = readValue(parser, "", sink);
            if (parser.nextToken() != null) {
                sink.report(
                        Position.of(parser.currentTokenLocation()),
                        "",
                        "only one YAML document is allowed; remove the '---' and what follows it");
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, source);
        } catch (IOException e) {
            throw new CatalogException(new CatalogProblem(source, 0, 0, "", "cannot read: " + e.getMessage()), e);
        }
    }

    /** Reads the value whose first token is current, leaving its last token current. */
    private static Node readValue(JsonParser parser, String path, ProblemSink sink) throws IOException {
        Position at = Position.of(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Entry> entries = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Position keyAt = Position.of(parser.currentTokenLocation());
                parser.nextToken();
                String childPath = child(path, key);
                Node value = readValue(parser, childPath, sink);
                Entry first = entries.get(key);
                if (first != null) {
                    sink.report(
                            keyAt,
                            childPath,
                            "duplicate key (first at line "
                                    + first.keyPosition().line() + ")");
                } else {
                    entries.put(key, new Entry(key, keyAt, value));
                }
            }
            return new Mapping(List.copyOf(entries.values()), at);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(parser, index(path, items.size()), sink));
            }
            return new Sequence(List.copyOf(items), at);
        }
        String text = parser.getText();
        boolean alias = parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias();
        if (alias) {
            sink.report(at, path, "YAML aliases (*" + text + ") are not supported; write the value out in full");
        }
        return new Scalar(token, text == null ? "" : text, alias, at);
    }

    /** The path of a key below {@code parent}: {@code a.b}, or {@code a["odd key"]} when the key is not plain. */
    static String child(String parent, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[" + ConfigValues.quote(key) + "]";
    }

    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /**
     * Jackson reports a SnakeYAML error at the last token it returned, which for a scanner error (a tab, an
     * unterminated quote) can be lines away; SnakeYAML's own problem mark is exact, so it wins when present.
     */
    private static CatalogException syntaxError(JsonProcessingException e, String source) {
        Position at = Position.of(e.getLocation());
        String message = oneLine(e.getOriginalMessage());
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            at = new Position(mark.getLine() + 1, mark.getColumn() + 1);
            message = marked.getContext() == null
                    ? marked.getProblem()
                    : marked.getProblem() + " (" + marked.getContext() + ")";
        }
        return new CatalogException(
                new CatalogProblem(source, at.line(), at.column(), "", "YAML syntax error: " + message), e);
    }

    /**
     * SnakeYAML's messages span several lines, with the offending source line and a caret; the position is
     * already in the problem, so keep only the sentences.
     */
    private static String oneLine(String message) {
        if (message == null) {
            return "unreadable document";
        }
        return message.lines()
                .filter(line -> !line.isBlank())
                .filter(line -> !line.startsWith(" in "))
                .filter(line -> !line.startsWith("    "))
                .map(String::strip)
                .collect(Collectors.joining("; "));
    }
}
