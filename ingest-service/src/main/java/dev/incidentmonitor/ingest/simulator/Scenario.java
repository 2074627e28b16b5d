package dev.incidentmonitor.ingest.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.incidentmonitor.ingest.catalog.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a replay scenario: a directory with {@code scenario.yaml} (or {@code scenario.json}, the same structure)
 * and the JSON files it names.
 *
 * <pre>{@code
 * pages:
 *   - id: demo                    # required, [a-z0-9-]+: served under /pages/demo/
 *     name: Demo AI               # optional display name (providers.yaml), default = id
 *     platform: statuspage        # required: statuspage | incidentio
 *     loop: false                 # optional: after the last step, start again (default: stay)
 *     steps:
 *       - name: investigating     # optional, for messages
 *         after-seconds: 20       # optional: advance 20 simulated seconds after the step began
 *         after-requests: 3       # optional: ... or after 3 summary requests in the step
 *                                 # neither: only POST /pages/demo/_advance (or the API) advances
 *         files:                  # endpoint -> file (relative to the scenario directory, or absolute)
 *           /api/v2/summary.json: demo/1-summary.json
 *           /api/v2/incidents.json: ../shared/fixtures/statuspage/github_incidents_2024-09-17_stactus-test.json
 * }</pre>
 *
 * <p>Endpoints: {@code /api/v2/summary.json}, {@code /api/v2/components.json}, {@code /api/v2/incidents.json},
 * {@code /api/v2/incidents/unresolved.json}, {@code /api/v2/scheduled-maintenances.json} (Statuspage; incident.io
 * pages only the first three, its shim) and {@code /proxy}, {@code /proxy/incidents} (incident.io
 * {@code /proxy/<host>} and {@code /proxy/<host>/incidents}). A step serves the files of the step before it
 * unless it names the endpoint again; an endpoint no step has named answers 404. Files are served byte for byte
 * and must be JSON. Every problem is reported at once.
 */
final class Scenario {
    private static final Pattern PAGE_ID = Pattern.compile("[a-z0-9-]+");
    private static final Set<String> PAGE_KEYS = Set.of("id", "name", "platform", "loop", "steps");
    private static final Set<String> STEP_KEYS = Set.of("name", "after-seconds", "after-requests", "files");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Where the scenario's files come from. */
    interface FileSource {
        /** The bytes of {@code name} as written in the scenario. */
        byte[] read(String name) throws IOException;

        /** How to name the file in messages. */
        String describe(String name);
    }

    /** One page as the scenario defines it. */
    record PageSpec(String id, String name, Platform platform, boolean loop, List<ReplayPage.Step> steps) {
        ReplayPage toPage(Instant start) {
            return new ReplayPage(id, platform, name, steps, loop, start);
        }
    }

    private Scenario() {}

    /**
     * Reads {@code scenario.yaml} (else {@code scenario.json}) from {@code dir}.
     *
     * @throws IllegalArgumentException listing every problem
     */
    static List<PageSpec> load(Path dir) {
        Path file = dir.resolve("scenario.yaml");
        if (!Files.exists(file)) {
            file = dir.resolve("scenario.json");
        }
        byte[] text;
        try {
            text = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(dir + " holds no scenario.yaml or scenario.json", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        FileSource files = new FileSource() {
            @Override
            public byte[] read(String name) throws IOException {
                return Files.readAllBytes(dir.resolve(name));
            }

            @Override
            public String describe(String name) {
                return dir.resolve(name).toString();
            }
        };
        return parse(text, file.toString(), files);
    }

    /** The built-in demo scenario, classpath {@code simulator/scenario.yaml}. */
    static List<PageSpec> builtIn() {
        FileSource files = new FileSource() {
            @Override
            public byte[] read(String name) throws IOException {
                try (InputStream in = Scenario.class.getResourceAsStream("/simulator/" + name)) {
                    if (in == null) {
                        throw new NoSuchFileException("classpath:simulator/" + name);
                    }
                    return in.readAllBytes();
                }
            }

            @Override
            public String describe(String name) {
                return "classpath:simulator/" + name;
            }
        };
        try {
            return parse(files.read("scenario.yaml"), files.describe("scenario.yaml"), files);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in scenario is missing from the classpath", e);
        }
    }

    static List<PageSpec> parse(byte[] text, String source, FileSource files) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not YAML or JSON: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        List<PageSpec> pages = new ArrayList<>();
        Map<String, byte[]> read = new HashMap<>();
        JsonNode pageList = root == null ? null : root.get("pages");
        if (pageList == null || !pageList.isArray() || pageList.isEmpty()) {
            throw new IllegalArgumentException(source + ": pages: a non-empty list of pages is required");
        }
        Set<String> ids = new HashSet<>();
        for (int p = 0; p < pageList.size(); p++) {
            String at = source + ": pages[" + p + "]";
            JsonNode page = pageList.get(p);
            if (!page.isObject()) {
                problems.add(at + ": must be a mapping");
                continue;
            }
            unknownKeys(page, PAGE_KEYS, at, problems);
            String id = page.path("id").asText("");
            if (!PAGE_ID.matcher(id).matches()) {
                problems.add(at + ".id: '" + id + "' is not a page id (lowercase letters, digits and '-')");
            } else if (!ids.add(id)) {
                problems.add(at + ".id: duplicate page id '" + id + "'");
            }
            Platform platform = null;
            try {
                platform = Platform.fromConfigName(page.path("platform").asText(""));
            } catch (IllegalArgumentException e) {
                problems.add(at + ".platform: " + e.getMessage());
            }
            String name = page.path("name").asText(id);
            boolean loop = page.path("loop").asBoolean(false);
            JsonNode stepList = page.get("steps");
            if (stepList == null || !stepList.isArray() || stepList.isEmpty()) {
                problems.add(at + ".steps: a non-empty list of steps is required");
                continue;
            }
            List<ReplayPage.Step> steps = new ArrayList<>();
            Map<PageEndpoint, byte[]> carried = new EnumMap<>(PageEndpoint.class);
            for (int s = 0; s < stepList.size(); s++) {
                String stepAt = at + ".steps[" + s + "]";
                JsonNode step = stepList.get(s);
                if (!step.isObject()) {
                    problems.add(stepAt + ": must be a mapping");
                    continue;
                }
                unknownKeys(step, STEP_KEYS, stepAt, problems);
                Duration afterTime = null;
                if (step.has("after-seconds")) {
                    JsonNode v = step.get("after-seconds");
                    if (!v.isNumber() || !(v.asDouble() > 0)) {
                        problems.add(stepAt + ".after-seconds: must be a positive number, got " + v);
                    } else {
                        afterTime = Duration.ofNanos(Math.round(v.asDouble() * 1e9));
                    }
                }
                int afterRequests = 0;
                if (step.has("after-requests")) {
                    JsonNode v = step.get("after-requests");
                    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                        problems.add(stepAt + ".after-requests: must be a positive whole number, got " + v);
                    } else {
                        afterRequests = v.asInt();
                    }
                }
                JsonNode fileMap = step.path("files");
                if (!fileMap.isMissingNode() && !fileMap.isObject()) {
                    problems.add(stepAt + ".files: must map endpoint paths to file names");
                }
                for (Map.Entry<String, JsonNode> e : fileMap.properties()) {
                    String fileAt = stepAt + ".files['" + e.getKey() + "']";
                    PageEndpoint endpoint =
                            PageEndpoint.fromScenarioKey(e.getKey()).orElse(null);
                    if (endpoint == null) {
                        problems.add(fileAt + ": not an endpoint (use /api/v2/summary.json, /api/v2/components.json,"
                                + " /api/v2/incidents.json, /api/v2/incidents/unresolved.json,"
                                + " /api/v2/scheduled-maintenances.json, /proxy or /proxy/incidents)");
                        continue;
                    }
                    if (platform != null && !endpoint.servedBy(platform)) {
                        problems.add(fileAt + ": a page on " + platform.configName() + " does not serve it");
                        continue;
                    }
                    String fileName = e.getValue().asText("");
                    byte[] body = read.get(fileName);
                    if (body == null) {
                        body = readJson(fileName, files, fileAt, problems);
                        if (body != null) {
                            read.put(fileName, body);
                        }
                    }
                    if (body != null) {
                        carried.put(endpoint, body);
                    }
                }
                String stepName = step.path("name").asText("step-" + s);
                steps.add(new ReplayPage.Step(stepName, carried, afterTime, afterRequests));
            }
            if (platform != null && problems.isEmpty()) {
                pages.add(new PageSpec(id, name, platform, loop, steps));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid replay scenario:\n  " + String.join("\n  ", problems));
        }
        return pages;
    }

    private static byte[] readJson(String name, FileSource files, String at, List<String> problems) {
        if (name.isBlank()) {
            problems.add(at + ": file name is empty");
            return null;
        }
        byte[] body;
        try {
            body = files.read(name);
        } catch (IOException e) {
            problems.add(at + ": cannot read " + files.describe(name) + " (" + e + ")");
            return null;
        }
        try {
            JSON.readTree(body);
        } catch (JsonProcessingException e) {
            problems.add(at + ": " + files.describe(name) + " is not JSON: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            problems.add(at + ": cannot read " + files.describe(name) + " (" + e + ")");
            return null;
        }
        return body;
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String at, List<String> problems) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            if (!known.contains(key)) {
                problems.add(at + ": unknown key '" + key + "' (known: " + String.join(", ", known) + ")");
            }
        }
    }
}
