package dev.incidentmonitor.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What holds {@code deploy/compose.yaml} and {@code prometheus-compose.yml} together, checked without a Docker engine
 * (there is none on the build machines; {@code docker-compose config} checks the syntax where it is installed):
 * Prometheus scrapes every service where it listens, the streams-app instances form one application with separate
 * state, and every file the stack mounts exists.
 */
class ComposeLayoutTest {

    private static final Path DEPLOY = RuleFiles.MODULE.getParent();
    private static final Path REPOSITORY = DEPLOY.getParent();
    private static final String STREAMS_IMAGE = "incident-monitor/streams-app:";
    private static final String INGEST_IMAGE = "incident-monitor/ingest-service:";
    private static final String STATE_MOUNT = "/var/lib/incident-monitor/streams";
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private static JsonNode services;
    private static JsonNode prometheus;

    @BeforeAll
    static void readFiles() throws IOException {
        services = RuleFiles.read(DEPLOY.resolve("compose.yaml")).path("services");
        prometheus = RuleFiles.read(RuleFiles.MODULE.resolve("prometheus-compose.yml"));
    }

    @Test
    void shouldScrapeEachTargetWhereItsServiceListensWhenReadingPrometheusConfig() {
        final Map<String, List<String>> targets = targetsByJob();
        final List<String> all = new ArrayList<>();
        targets.values().forEach(all::addAll);
        all.addAll(alertmanagerTargets());

        assertThat(all).isNotEmpty();
        for (final String target : all) {
            final String host = target.substring(0, target.lastIndexOf(':'));
            final int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
            if (host.equals("localhost")) {
                continue; // Prometheus itself
            }
            final JsonNode service = services.path(host);
            assertThat(service.isMissingNode())
                    .as("target %s names no compose service", target)
                    .isFalse();
            assertThat(containerPorts(service))
                    .as("ports of service %s (target %s)", host, target)
                    .contains(port);
            final JsonNode metricsPort = service.path("environment").path("KAFKA_APP_METRICS_PORT");
            if (!metricsPort.isMissingNode()) {
                assertThat(metricsPort.asInt()).as("metrics port of %s", host).isEqualTo(port);
            }
        }
    }

    @Test
    void shouldScrapeEveryInstanceOfOurImagesInItsJobWhenComposeRunsThem() {
        final Map<String, List<String>> targets = targetsByJob();

        assertThat(hosts(targets.get("ingest-service"))).containsExactlyInAnyOrderElementsOf(servicesOf(INGEST_IMAGE));
        assertThat(hosts(targets.get("streams-app"))).containsExactlyInAnyOrderElementsOf(servicesOf(STREAMS_IMAGE));
    }

    @Test
    void shouldShareApplicationIdAndSeparateStateWhenRunningTwoStreamsInstances() {
        final List<String> instances = servicesOf(STREAMS_IMAGE);
        assertThat(instances).hasSizeGreaterThanOrEqualTo(2);

        final Set<String> applicationIds = new HashSet<>();
        final Set<String> instanceIds = new HashSet<>();
        final Set<String> groupInstanceIds = new HashSet<>();
        final Set<String> stateVolumes = new HashSet<>();
        final Set<String> hostPorts = new HashSet<>();
        for (final String name : instances) {
            final JsonNode service = services.get(name);
            applicationIds.add(
                    service.path("environment").path("KAFKA_APPLICATION_ID").asText());
            instanceIds.add(
                    service.path("environment").path("KAFKA_APP_INSTANCE_ID").asText());
            groupInstanceIds.add(
                    service.path("environment").path("KAFKA_GROUP_INSTANCE_ID").asText());
            final List<String> state = new ArrayList<>();
            for (final JsonNode volume : service.path("volumes")) {
                final String[] parts = volume.asText().split(":");
                if (parts[1].equals(STATE_MOUNT)) {
                    state.add(parts[0]);
                }
            }
            assertThat(state).as("state volume of %s at %s", name, STATE_MOUNT).hasSize(1);
            assertThat(state.get(0)).as("a named volume, not a host path").doesNotContain("/");
            stateVolumes.add(state.get(0));
            for (final JsonNode port : service.path("ports")) {
                hostPorts.add(port.asText().split(":")[0]);
            }
        }

        assertThat(applicationIds).as("one application id").hasSize(1).doesNotContain("");
        assertThat(instanceIds).as("instance ids").hasSize(instances.size());
        assertThat(groupInstanceIds)
                .as("static member ids: one each, or they fence each other")
                .hasSize(instances.size())
                .doesNotContain("");
        assertThat(stateVolumes).as("state volumes").hasSize(instances.size());
        assertThat(hostPorts).as("published metrics ports").hasSize(instances.size());
    }

    @Test
    void shouldKeepStreamsStateInTheVolumeWhenTheImageSetsItsStateDir() throws IOException {
        // The image (streams-app/pom.xml, profile "images") declares the volume and points state.dir into it.
        final String pom = Files.readString(REPOSITORY.resolve("streams-app/pom.xml"), StandardCharsets.UTF_8);

        assertThat(pom)
                .contains("<volume>" + STATE_MOUNT + "</volume>")
                .contains("<KAFKA_STATE_DIR>" + STATE_MOUNT + "/");
    }

    @Test
    void shouldMountPrometheusConfigAndRulesWhenStartingPrometheus() {
        final JsonNode service = services.path("prometheus");

        assertThat(bindMounts(service))
                .containsEntry("/etc/prometheus", DEPLOY.resolve("prometheus").normalize());
        assertThat(service.path("command").toString()).contains("--config.file=/etc/prometheus/prometheus-compose.yml");
        assertThat(RuleFiles.MODULE.resolve("prometheus-compose.yml")).isRegularFile();
        assertThat(bindMounts(services.path("alertmanager")))
                .containsEntry(
                        "/etc/alertmanager", DEPLOY.resolve("alertmanager").normalize());
        assertThat(DEPLOY.resolve("alertmanager/alertmanager.yml")).isRegularFile();
    }

    @Test
    void shouldMountTheRepositorysGrafanaFoldersWhenStartingGrafana() {
        final Map<String, Path> mounts = bindMounts(services.path("grafana"));

        assertThat(mounts)
                .containsEntry("/etc/grafana/provisioning", REPOSITORY.resolve("grafana/provisioning"))
                .containsEntry("/var/lib/grafana/dashboards", REPOSITORY.resolve("grafana/dashboards"));
        assertThat(mounts.get("/etc/grafana/provisioning")).isDirectory();
        assertThat(mounts.get("/var/lib/grafana/dashboards")).isDirectory();
    }

    @Test
    void shouldSetEveryVariableTheGrafanaProvisioningReadsWhenComposeRunsGrafana() throws IOException {
        // Grafana expands $VAR and ${VAR} in provisioning files; an unset one becomes empty (a datasource without URL).
        final Set<String> read = new TreeSet<>();
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve("grafana/provisioning"))) {
            for (final Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                final Matcher m = ENV_REFERENCE.matcher(
                        Files.readString(file, StandardCharsets.UTF_8).replaceAll("(?m)#.*$", ""));
                while (m.find()) {
                    read.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        final JsonNode environment = services.path("grafana").path("environment");

        assertThat(read).as("variables the provisioning files read").isNotEmpty();
        for (final String name : read) {
            assertThat(environment.path(name).asText())
                    .as("grafana's %s in compose", name)
                    .isNotBlank();
        }
        assertThat(environment.path("PROMETHEUS_URL").asText()).isEqualTo("http://prometheus:9090");
    }

    @Test
    void shouldStartOurServicesAfterKafkaAndRegistryAreHealthyWhenComposeStartsTheStack() {
        final List<String> ours = new ArrayList<>(servicesOf(INGEST_IMAGE));
        ours.addAll(servicesOf(STREAMS_IMAGE));

        for (final String name : ours) {
            final JsonNode dependsOn = services.get(name).path("depends_on");
            assertThat(dependsOn.path("kafka").path("condition").asText())
                    .as("%s waits for kafka", name)
                    .isEqualTo("service_healthy");
            assertThat(dependsOn.path("schema-registry").path("condition").asText())
                    .as("%s waits for the registry", name)
                    .isEqualTo("service_healthy");
            assertThat(services.get(name).path("healthcheck").path("test").toString())
                    .as("%s health check reads its own port", name)
                    .contains("/dev/tcp/127.0.0.1/"
                            + services.get(name)
                                    .path("environment")
                                    .path("KAFKA_APP_METRICS_PORT")
                                    .asText()
                            + " ");
            assertThat(services.get(name)
                            .path("environment")
                            .path("KAFKA_SCHEMA_REGISTRY_URL")
                            .asText())
                    .isEqualTo("http://schema-registry:8080/apis/ccompat/v7");
        }
        assertThat(containerPorts(services.path("schema-registry"))).contains(8080);
    }

    private static Map<String, List<String>> targetsByJob() {
        final Map<String, List<String>> targets = new TreeMap<>();
        for (final JsonNode job : prometheus.path("scrape_configs")) {
            final List<String> list = new ArrayList<>();
            for (final JsonNode config : job.path("static_configs")) {
                config.path("targets").forEach(t -> list.add(t.asText()));
            }
            targets.put(job.path("job_name").asText(), list);
        }
        return targets;
    }

    private static List<String> alertmanagerTargets() {
        final List<String> targets = new ArrayList<>();
        for (final JsonNode manager : prometheus.path("alerting").path("alertmanagers")) {
            for (final JsonNode config : manager.path("static_configs")) {
                config.path("targets").forEach(t -> targets.add(t.asText()));
            }
        }
        return targets;
    }

    private static List<String> hosts(final List<String> targets) {
        assertThat(targets).as("scrape job").isNotNull();
        return targets.stream().map(t -> t.substring(0, t.lastIndexOf(':'))).toList();
    }

    private static List<String> servicesOf(final String imagePrefix) {
        final List<String> names = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> e : services.properties()) {
            if (e.getValue().path("image").asText().startsWith(imagePrefix)) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    /** Container-side ports of {@code ports:} entries ("host:container" or "container"). */
    private static Set<Integer> containerPorts(final JsonNode service) {
        final Set<Integer> ports = new HashSet<>();
        for (final JsonNode port : service.path("ports")) {
            final String text = port.asText();
            ports.add(Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)));
        }
        return ports;
    }

    /** Bind mounts (sources starting with . or /) by container path, sources resolved against deploy/. */
    private static Map<String, Path> bindMounts(final JsonNode service) {
        final Map<String, Path> mounts = new HashMap<>();
        for (final JsonNode volume : service.path("volumes")) {
            final String[] parts = volume.asText().split(":");
            if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                mounts.put(parts[1], DEPLOY.resolve(parts[0]).normalize());
            }
        }
        return mounts;
    }
}
