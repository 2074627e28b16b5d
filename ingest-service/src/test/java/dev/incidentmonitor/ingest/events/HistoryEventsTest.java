package dev.incidentmonitor.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.history.HistoricalStatusChange;
import dev.incidentmonitor.ingest.history.HistoryImporter;
import dev.incidentmonitor.ingest.history.ImportResult;
import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * History through the detector: the hand-made study files under {@code src/test/resources/history/raw}, and the
 * study's real data when the system property {@code incident-monitor.shared.dir} names the shared directory.
 */
class HistoryEventsTest {

    private static final String SHARED_DIR = "incident-monitor.shared.dir";

    private final ChangeDetector detector = new ChangeDetector();

    private static ImportResult fixture() throws IOException, URISyntaxException {
        final Path raw = Path.of(Objects.requireNonNull(HistoryEventsTest.class.getResource("/history/raw"))
                .toURI());
        return new HistoryImporter().importDirectory(raw);
    }

    private static ImportResult study() throws IOException {
        final String shared = System.getProperty(SHARED_DIR, "");
        Assumptions.assumeTrue(
                !shared.isBlank(),
                "system property " + SHARED_DIR + " is not set: skipping the import of the study's dataset"
                        + " (run with -D" + SHARED_DIR + "=/work/shared)");
        final Path raw = Path.of(shared, "datasets", "llm-service-analysis", "data", "raw");
        assertThat(raw)
                .as("%s is set, so the study's data must be there", SHARED_DIR)
                .isDirectory();
        return new HistoryImporter().importDirectory(raw);
    }

    @Test
    void shouldPublishEveryUpdateAndStatusChangeOnceWhenImportingTheProjectsFixture() throws Exception {
        final ImportResult result = fixture();

        final ChangeSet first = checkImport(result);

        assertThat(first.incidentUpdates()).hasSize(totalUpdates(result)).hasSizeGreaterThan(10);
        assertThat(first.componentChanges()).hasSizeGreaterThan(5);
    }

    @Test
    void shouldPublishEveryUpdateAndStatusChangeOnceWhenImportingTheStudy() throws Exception {
        final ImportResult result = study();

        final ChangeSet first = checkImport(result);

        assertThat(result.incidentCount()).isEqualTo(542);
        assertThat(first.incidentUpdates()).hasSize(1754);
        System.out.printf(
                "study import: %d incidents, %d IncidentUpdate events, %d ComponentStatusChange events%n",
                result.incidentCount(),
                first.incidentUpdates().size(),
                first.componentChanges().size());
    }

    @Test
    void shouldMapEveryFieldWhenAHistoricalChangeBecomesAnEvent() throws Exception {
        final ImportResult result = fixture();
        final HistoricalStatusChange h = result.statusChanges().get(1);

        final ChangeSet changes = detector.detectHistory(result, new InMemoryPublishedState());

        assertThat(changes.componentChanges())
                .filteredOn(e -> e.value().getComponentId().equals(h.componentId())
                        && e.value().getEventTime().equals(h.eventTime()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.key()).isEqualTo(h.provider() + ":" + h.componentId());
                    assertThat(e.timestamp()).isEqualTo(h.eventTime());
                    assertThat(e.value())
                            .isEqualTo(ComponentStatusChange.newBuilder()
                                    .setProvider(h.provider())
                                    .setComponentId(h.componentId())
                                    .setName(h.componentName())
                                    .setGroupName(null)
                                    .setOldStatus(h.oldStatus())
                                    .setNewStatus(h.newStatus())
                                    .setEventTime(h.eventTime())
                                    .setObservedTime(h.eventTime())
                                    .setSource(EventSource.IMPORT)
                                    .setIncidentId(null)
                                    .build());
                });
    }

    @Test
    void shouldSkipOnlyTheChangesAlreadySeenWhenPartOfTheHistoryWasPublished() throws Exception {
        final ImportResult result = fixture();
        final InMemoryPublishedState state = new InMemoryPublishedState();
        final HistoricalStatusChange seen = result.statusChanges().get(0);
        state.apply(new ProgressEntry.HistoricalChangeSeen(seen.provider(), seen.componentId(), seen.eventTime()));

        final ChangeSet changes = detector.detectHistory(result, state);

        assertThat(changes.componentChanges()).hasSize(result.statusChanges().size() - 1);
        assertThat(changes.componentChanges())
                .noneMatch(e -> e.key().equals(seen.provider() + ":" + seen.componentId())
                        && e.timestamp().equals(seen.eventTime()));
    }

    /** The checks every import must pass; returns the first import's change set. */
    private ChangeSet checkImport(final ImportResult result) {
        final InMemoryPublishedState state = new InMemoryPublishedState();

        final ChangeSet first = detector.detectHistory(result, state);
        final ChangeSet again = detector.detectHistory(result, state);
        state.applyAll(first.progress());
        final ChangeSet second = detector.detectHistory(result, state);

        assertThat(again).as("same input, same state: identical change set").isEqualTo(first);
        assertThat(second.isEmpty()).as("a second import publishes nothing").isTrue();
        assertThat(first.incidentUpdates()).hasSize(totalUpdates(result));
        assertThat(first.componentChanges()).hasSize(result.statusChanges().size());
        assertThat(first.progress())
                .hasSize(totalUpdates(result) + result.statusChanges().size());

        final Map<String, IncidentSnapshot> incidents = result.incidents().entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(i -> Map.entry(e.getKey() + ":" + i.id(), i)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(first.incidentUpdates()).allSatisfy(e -> {
            final IncidentUpdate u = e.value();
            final IncidentSnapshot incident = incidents.get(e.key());
            assertThat(incident).as(e.key()).isNotNull();
            assertThat(u.getSource()).isEqualTo(EventSource.IMPORT);
            assertThat(u.getPageId()).isEqualTo(u.getProvider());
            assertThat(u.getObservedTime()).isEqualTo(u.getDisplayTime()).isEqualTo(e.timestamp());
            assertThat(u.getAffectedComponents()).isEmpty();
            assertThat(u.getIncidentComponents())
                    .extracting(ServiceRef::getComponentId, ServiceRef::getName)
                    .containsExactlyElementsOf(incident.components().stream()
                            .map(c -> tuple(c.id(), c.name()))
                            .toList());
            assertThat(u.getCorrection()).isFalse();
        });
        assertThat(first.componentChanges()).extracting(KeyedEvent::value).allSatisfy(c -> {
            assertThat(c.getSource()).isEqualTo(EventSource.IMPORT);
            assertThat(c.getObservedTime()).isEqualTo(c.getEventTime());
            assertThat(c.getIncidentId()).isNull();
        });
        // Each incident's updates in display-time order under its key.
        final Map<String, List<IncidentUpdate>> byKey = first.incidentUpdates().stream()
                .collect(Collectors.groupingBy(
                        KeyedEvent::key, Collectors.mapping(KeyedEvent::value, Collectors.toList())));
        assertThat(byKey).hasSize(result.incidentCount());
        byKey.values().forEach(list -> assertThat(list)
                .extracting(IncidentUpdate::getDisplayTime)
                .isSorted());
        assertThat(incidents.values())
                .filteredOn(i -> !i.components().isEmpty())
                .flatExtracting(IncidentSnapshot::components)
                .extracting(ComponentRef::id)
                .isNotEmpty();
        final Map<String, Long> keys =
                first.progress().stream().collect(Collectors.groupingBy(ProgressEntry::key, Collectors.counting()));
        assertThat(keys).as("one progress entry per key").allSatisfy((k, n) -> assertThat(n)
                .isEqualTo(1L));
        return first;
    }

    private static int totalUpdates(final ImportResult result) {
        return result.incidents().values().stream()
                .flatMap(List::stream)
                .mapToInt(i -> i.updates().size())
                .sum();
    }
}
