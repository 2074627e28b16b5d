package dev.incidentmonitor.ingest.events;

import static dev.incidentmonitor.ingest.events.TestData.INCIDENT;
import static dev.incidentmonitor.ingest.events.TestData.PAGE;
import static dev.incidentmonitor.ingest.events.TestData.PROVIDER;
import static dev.incidentmonitor.ingest.events.TestData.at;
import static dev.incidentmonitor.ingest.events.TestData.change;
import static dev.incidentmonitor.ingest.events.TestData.component;
import static dev.incidentmonitor.ingest.events.TestData.incident;
import static dev.incidentmonitor.ingest.events.TestData.page;
import static dev.incidentmonitor.ingest.events.TestData.update;
import static dev.incidentmonitor.schema.ComponentStatus.DEGRADED_PERFORMANCE;
import static dev.incidentmonitor.schema.ComponentStatus.MAJOR_OUTAGE;
import static dev.incidentmonitor.schema.ComponentStatus.OPERATIONAL;
import static dev.incidentmonitor.schema.ComponentStatus.PARTIAL_OUTAGE;
import static dev.incidentmonitor.schema.IncidentStatus.IDENTIFIED;
import static dev.incidentmonitor.schema.IncidentStatus.INVESTIGATING;
import static dev.incidentmonitor.schema.IncidentStatus.MONITORING;
import static dev.incidentmonitor.schema.IncidentStatus.POSTMORTEM;
import static dev.incidentmonitor.schema.IncidentStatus.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentmonitor.ingest.model.ComponentRef;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.schema.AffectedComponent;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.EventSource;
import dev.incidentmonitor.schema.Impact;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

    private final ChangeDetector detector = new ChangeDetector();
    private final InMemoryPublishedState state = new InMemoryPublishedState();

    /** Detects, then commits: applies the progress as the producer does after its transaction. */
    private ChangeSet poll(final PageSnapshot snapshot) {
        final ChangeSet changes = detector.detect(snapshot, state, EventSource.POLL, snapshot.observedAt());
        state.applyAll(changes.progress());
        return changes;
    }

    private static List<IncidentUpdate> updates(final ChangeSet changes) {
        return changes.incidentUpdates().stream().map(KeyedEvent::value).toList();
    }

    private static List<ComponentStatusChange> componentChanges(final ChangeSet changes) {
        return changes.componentChanges().stream().map(KeyedEvent::value).toList();
    }

    // The lifecycle of one incident, as five successive polls show it (the page lists updates newest first).
    private static final UpdateSnapshot U1 = update(
            "u1",
            INVESTIGATING,
            "We are investigating elevated error rates.",
            "2024-06-04T07:10:00Z",
            change("api", "API", OPERATIONAL, PARTIAL_OUTAGE));
    private static final UpdateSnapshot U2 =
            update("u2", IDENTIFIED, "The issue has been identified.", "2024-06-04T07:40:00Z");
    private static final UpdateSnapshot U3 = update(
            "u3",
            MONITORING,
            "A fix has been implemented.",
            "2024-06-04T08:15:00Z",
            change("api", "API", PARTIAL_OUTAGE, OPERATIONAL));
    private static final UpdateSnapshot U4 =
            update("u4", RESOLVED, "This incident has been resolved.", "2024-06-04T08:45:00Z");
    private static final UpdateSnapshot U5 =
            update("u5", POSTMORTEM, "A root cause analysis follows.", "2024-06-07T16:00:00Z");

    @Test
    void shouldPublishEachUpdateOnceAndInOrderWhenAnIncidentGoesThroughItsLifecycle() {
        final List<ChangeSet> polls = List.of(
                poll(page("2024-06-04T07:12:00Z", incident(U1))),
                poll(page("2024-06-04T07:42:00Z", incident(U2, U1))),
                poll(page("2024-06-04T08:17:00Z", incident(U3, U2, U1))),
                poll(page("2024-06-04T08:47:00Z", incident(U4, U3, U2, U1))),
                poll(page("2024-06-04T09:17:00Z", incident(U4, U3, U2, U1))),
                poll(page("2024-06-07T16:05:00Z", incident(U5, U4, U3, U2, U1))));

        assertThat(polls)
                .extracting(p ->
                        updates(p).stream().map(IncidentUpdate::getUpdateId).toList())
                .containsExactly(List.of("u1"), List.of("u2"), List.of("u3"), List.of("u4"), List.of(), List.of("u5"));
        final List<KeyedEvent<IncidentUpdate>> all =
                polls.stream().flatMap(p -> p.incidentUpdates().stream()).toList();
        assertThat(all)
                .extracting(
                        KeyedEvent::key,
                        e -> e.value().getStatus(),
                        KeyedEvent::timestamp,
                        e -> e.value().getObservedTime(),
                        e -> e.value().getCorrection())
                .containsExactly(
                        tuple(
                                "openai:inc-1",
                                INVESTIGATING,
                                at("2024-06-04T07:10:00Z"),
                                at("2024-06-04T07:12:00Z"),
                                false),
                        tuple(
                                "openai:inc-1",
                                IDENTIFIED,
                                at("2024-06-04T07:40:00Z"),
                                at("2024-06-04T07:42:00Z"),
                                false),
                        tuple(
                                "openai:inc-1",
                                MONITORING,
                                at("2024-06-04T08:15:00Z"),
                                at("2024-06-04T08:17:00Z"),
                                false),
                        tuple("openai:inc-1", RESOLVED, at("2024-06-04T08:45:00Z"), at("2024-06-04T08:47:00Z"), false),
                        tuple(
                                "openai:inc-1",
                                POSTMORTEM,
                                at("2024-06-07T16:00:00Z"),
                                at("2024-06-07T16:05:00Z"),
                                false));
        assertThat(polls)
                .flatExtracting(ChangeDetectorTest::componentChanges)
                .extracting(
                        ComponentStatusChange::getComponentId,
                        ComponentStatusChange::getOldStatus,
                        ComponentStatusChange::getNewStatus,
                        ComponentStatusChange::getEventTime,
                        ComponentStatusChange::getIncidentId)
                .containsExactly(
                        tuple("api", OPERATIONAL, PARTIAL_OUTAGE, at("2024-06-04T07:10:00Z"), INCIDENT),
                        tuple("api", PARTIAL_OUTAGE, OPERATIONAL, at("2024-06-04T08:15:00Z"), INCIDENT));
        assertThat(polls.get(4).isEmpty()).isTrue();
    }

    @Test
    void shouldPublishNothingWhenTheSameSnapshotIsSeenAgain() {
        final PageSnapshot snapshot = page(
                "2024-06-04T08:17:00Z",
                List.of(component("api", "API", PARTIAL_OUTAGE), component("chatgpt", "ChatGPT", OPERATIONAL)),
                incident(U3, U2, U1));
        final ChangeSet first = poll(snapshot);

        final ChangeSet again = poll(snapshot);

        assertThat(first.eventCount()).isEqualTo(3 + 2 + 2);
        assertThat(again).isEqualTo(ChangeSet.empty());
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void shouldPublishACorrectionWithThePreviousHashWhenABodyIsEdited() {
        poll(page("2024-06-04T07:42:00Z", incident(U2, U1)));
        final String before = state.updateHash(PROVIDER, INCIDENT, "u2").orElseThrow();
        final UpdateSnapshot edited =
                update("u2", IDENTIFIED, "The issue has been identified: a bad config push.", "2024-06-04T07:40:00Z");

        final ChangeSet changes = poll(page("2024-06-04T08:00:00Z", incident(edited, U1)));

        assertThat(updates(changes)).singleElement().satisfies(u -> {
            assertThat(u.getUpdateId()).isEqualTo("u2");
            assertThat(u.getBody()).isEqualTo("The issue has been identified: a bad config push.");
            assertThat(u.getCorrection()).isTrue();
            assertThat(u.getPreviousContentHash()).isEqualTo(before);
            assertThat(u.getContentHash()).isEqualTo(ContentHash.of(edited)).isNotEqualTo(before);
            assertThat(u.getObservedTime()).isEqualTo(at("2024-06-04T08:00:00Z"));
        });
        assertThat(changes.componentChanges()).isEmpty();
        assertThat(changes.progress())
                .containsExactly(new ProgressEntry.UpdateSeen(PROVIDER, INCIDENT, "u2", ContentHash.of(edited)));
        assertThat(poll(page("2024-06-04T08:05:00Z", incident(edited, U1))).isEmpty())
                .isTrue();
    }

    @Test
    void shouldPublishACorrectionAndMoveTheCarriedChangeWhenAnUpdateIsBackDated() {
        poll(page("2024-06-04T07:12:00Z", incident(U1)));
        final String before = state.updateHash(PROVIDER, INCIDENT, "u1").orElseThrow();
        final UpdateSnapshot backDated = update(
                "u1",
                INVESTIGATING,
                "We are investigating elevated error rates.",
                "2024-06-04T06:55:00Z",
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE));

        final ChangeSet changes = poll(page("2024-06-04T07:20:00Z", incident(backDated)));

        assertThat(changes.incidentUpdates()).singleElement().satisfies(e -> {
            assertThat(e.timestamp()).isEqualTo(at("2024-06-04T06:55:00Z"));
            assertThat(e.value().getDisplayTime()).isEqualTo(at("2024-06-04T06:55:00Z"));
            assertThat(e.value().getCorrection()).isTrue();
            assertThat(e.value().getPreviousContentHash()).isEqualTo(before);
        });
        assertThat(changes.componentChanges())
                .extracting(
                        KeyedEvent::key, KeyedEvent::timestamp, e -> e.value().getNewStatus())
                .containsExactly(tuple("openai:api", at("2024-06-04T06:55:00Z"), PARTIAL_OUTAGE));
    }

    @Test
    void shouldStampTheProvidersDayConventionOnEveryComponentChangeWhenTheCatalogueKnowsIt() {
        final ChangeDetector stamping = new ChangeDetector((provider, pageZone) ->
                PROVIDER.equals(provider) ? new DayConvention(java.time.ZoneId.of("Europe/Amsterdam"), 1.0) : null);

        final ChangeSet polled = stamping.detect(
                page("2024-06-04T07:00:00Z", List.of(component("chatgpt", "ChatGPT", MAJOR_OUTAGE))),
                state,
                EventSource.POLL,
                at("2024-06-04T07:00:00Z"));
        final ChangeSet carried = stamping.detect(
                page("2024-06-04T07:12:00Z", incident(U1)), state, EventSource.POLL, at("2024-06-04T07:12:00Z"));

        assertThat(componentChanges(polled)).isNotEmpty();
        assertThat(componentChanges(carried)).isNotEmpty();
        assertThat(java.util.stream.Stream.concat(
                        componentChanges(polled).stream(), componentChanges(carried).stream()))
                .allSatisfy(change -> {
                    assertThat(change.getTimeZone()).isEqualTo("Europe/Amsterdam");
                    assertThat(change.getPartialOutageWeight()).isEqualTo(1.0);
                });
        assertThat(componentChanges(poll(page("2024-06-04T07:20:00Z", incident(U1)))))
                .as("the default detector leaves the convention to the consumer")
                .allSatisfy(change -> assertThat(change.getTimeZone()).isNull());
    }

    @Test
    void shouldNotRepeatTheCarriedChangeWhenACorrectionOnlyEditsTheBody() {
        poll(page("2024-06-04T07:12:00Z", incident(U1)));
        final UpdateSnapshot edited = update(
                "u1",
                INVESTIGATING,
                "We are investigating elevated error rates on the API.",
                "2024-06-04T07:10:00Z",
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE));

        final ChangeSet changes = poll(page("2024-06-04T07:20:00Z", incident(edited)));

        assertThat(updates(changes)).extracting(IncidentUpdate::getCorrection).containsExactly(true);
        assertThat(changes.componentChanges()).isEmpty();
    }

    @Test
    void shouldEmitOnlyTheChangedTransitionWhenACorrectionChangesOneComponent() {
        final UpdateSnapshot original = update(
                "u1",
                INVESTIGATING,
                "Errors on API and ChatGPT.",
                "2024-06-04T07:10:00Z",
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE),
                change("chatgpt", "ChatGPT", OPERATIONAL, DEGRADED_PERFORMANCE));
        poll(page("2024-06-04T07:12:00Z", incident(original)));
        final UpdateSnapshot corrected = update(
                "u1",
                INVESTIGATING,
                "Errors on API and ChatGPT.",
                "2024-06-04T07:10:00Z",
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE),
                change("chatgpt", "ChatGPT", OPERATIONAL, MAJOR_OUTAGE));

        final ChangeSet changes = poll(page("2024-06-04T07:20:00Z", incident(corrected)));

        assertThat(updates(changes)).extracting(IncidentUpdate::getCorrection).containsExactly(true);
        assertThat(componentChanges(changes))
                .extracting(
                        ComponentStatusChange::getComponentId,
                        ComponentStatusChange::getOldStatus,
                        ComponentStatusChange::getNewStatus,
                        ComponentStatusChange::getIncidentId)
                .containsExactly(tuple("chatgpt", OPERATIONAL, MAJOR_OUTAGE, INCIDENT));
    }

    @Test
    void shouldReemitEveryTransitionWhenTheStateKnowsOnlyTheHashOfACorrectedUpdate() {
        final UpdateSnapshot original = update(
                "u1",
                INVESTIGATING,
                "Errors on API.",
                "2024-06-04T07:10:00Z",
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE));
        poll(page("2024-06-04T07:12:00Z", incident(original)));
        final PublishedState hashOnly = new PublishedState() {
            @Override
            public Optional<String> updateHash(final String provider, final String incidentId, final String updateId) {
                return state.updateHash(provider, incidentId, updateId);
            }

            @Override
            public Optional<ComponentStatus> componentStatus(final String provider, final String componentId) {
                return state.componentStatus(provider, componentId);
            }

            @Override
            public boolean historicalChangeSeen(final String provider, final String componentId, final Instant time) {
                return state.historicalChangeSeen(provider, componentId, time);
            }
        };
        final UpdateSnapshot edited = update(
                "u1",
                INVESTIGATING,
                "Errors on the API.",
                "2024-06-04T07:10:00Z",
                change("api", "API", OPERATIONAL, PARTIAL_OUTAGE));

        final ChangeSet changes = detector.detect(
                page("2024-06-04T07:20:00Z", incident(edited)), hashOnly, EventSource.POLL, at("2024-06-04T07:20:00Z"));

        assertThat(componentChanges(changes))
                .extracting(ComponentStatusChange::getComponentId, ComponentStatusChange::getNewStatus)
                .containsExactly(tuple("api", PARTIAL_OUTAGE));
    }

    @Test
    void shouldPublishNothingWhenAComponentRepeatsItsStatus() {
        poll(page("2024-06-04T07:00:00Z", List.of(component("api", "API", OPERATIONAL))));

        final ChangeSet repeated = poll(page("2024-06-04T07:01:00Z", List.of(component("api", "API", OPERATIONAL))));
        final ChangeSet renamed =
                poll(page("2024-06-04T07:02:00Z", List.of(component("api", "API (v1)", OPERATIONAL))));
        final ChangeSet changed =
                poll(page("2024-06-04T07:03:00Z", List.of(component("api", "API (v1)", MAJOR_OUTAGE))));

        assertThat(repeated.isEmpty()).isTrue();
        assertThat(renamed.isEmpty()).isTrue();
        assertThat(changed.componentChanges()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("openai:api");
            assertThat(e.timestamp()).isEqualTo(at("2024-06-04T07:03:00Z"));
            assertThat(e.value().getName()).isEqualTo("API (v1)");
            assertThat(e.value().getOldStatus()).isEqualTo(OPERATIONAL);
            assertThat(e.value().getNewStatus()).isEqualTo(MAJOR_OUTAGE);
        });
        assertThat(changed.progress()).containsExactly(new ProgressEntry.ComponentSeen(PROVIDER, "api", MAJOR_OUTAGE));
    }

    @Test
    void shouldPublishTheFirstSightingWithNoOldStatusWhenAComponentIsNew() {
        final ChangeSet changes = poll(page(
                "2024-06-04T07:00:00.123456Z",
                List.of(component("chatgpt", "ChatGPT", DEGRADED_PERFORMANCE), component("api", "API", OPERATIONAL))));

        assertThat(changes.componentChanges())
                .extracting(KeyedEvent::key, KeyedEvent::timestamp, KeyedEvent::value)
                .containsExactly(
                        tuple(
                                "openai:api",
                                at("2024-06-04T07:00:00.123Z"),
                                ComponentStatusChange.newBuilder()
                                        .setProvider(PROVIDER)
                                        .setComponentId("api")
                                        .setName("API")
                                        .setGroupName("OpenAI")
                                        .setOldStatus(null)
                                        .setNewStatus(OPERATIONAL)
                                        .setEventTime(at("2024-06-04T07:00:00.123Z"))
                                        .setObservedTime(at("2024-06-04T07:00:00.123Z"))
                                        .setSource(EventSource.POLL)
                                        .setIncidentId(null)
                                        .build()),
                        tuple(
                                "openai:chatgpt",
                                at("2024-06-04T07:00:00.123Z"),
                                ComponentStatusChange.newBuilder()
                                        .setProvider(PROVIDER)
                                        .setComponentId("chatgpt")
                                        .setName("ChatGPT")
                                        .setGroupName("OpenAI")
                                        .setOldStatus(null)
                                        .setNewStatus(DEGRADED_PERFORMANCE)
                                        .setEventTime(at("2024-06-04T07:00:00.123Z"))
                                        .setObservedTime(at("2024-06-04T07:00:00.123Z"))
                                        .setSource(EventSource.POLL)
                                        .setIncidentId(null)
                                        .build()));
        assertThat(changes.progress())
                .containsExactly(
                        new ProgressEntry.ComponentSeen(PROVIDER, "api", OPERATIONAL),
                        new ProgressEntry.ComponentSeen(PROVIDER, "chatgpt", DEGRADED_PERFORMANCE));
    }

    @Test
    void shouldPublishAComponentChangeWithTheIncidentIdWhenAnUpdateRecordsOldAndNewStatus() {
        final UpdateSnapshot u = update(
                "u1",
                INVESTIGATING,
                "Errors.",
                "2024-06-04T07:10:00Z",
                change("api", "API", OPERATIONAL, MAJOR_OUTAGE),
                change("chatgpt", "ChatGPT", null, PARTIAL_OUTAGE),
                change("labs", "Labs", OPERATIONAL, OPERATIONAL),
                change("playground", "Playground", OPERATIONAL, null));

        final ChangeSet changes = poll(page(
                "2024-06-04T07:12:00Z",
                List.of(component("api", "API", MAJOR_OUTAGE)),
                incident(INCIDENT, List.of(), u)));

        assertThat(changes.componentChanges())
                .extracting(
                        KeyedEvent::key,
                        KeyedEvent::timestamp,
                        e -> e.value().getOldStatus(),
                        e -> e.value().getNewStatus(),
                        e -> e.value().getIncidentId(),
                        e -> e.value().getObservedTime(),
                        e -> e.value().getGroupName())
                .containsExactly(
                        tuple(
                                "openai:api",
                                at("2024-06-04T07:10:00Z"),
                                OPERATIONAL,
                                MAJOR_OUTAGE,
                                INCIDENT,
                                at("2024-06-04T07:12:00Z"),
                                "OpenAI"),
                        tuple(
                                "openai:chatgpt",
                                at("2024-06-04T07:10:00Z"),
                                null,
                                PARTIAL_OUTAGE,
                                INCIDENT,
                                at("2024-06-04T07:12:00Z"),
                                null),
                        tuple(
                                "openai:api",
                                at("2024-06-04T07:12:00Z"),
                                null,
                                MAJOR_OUTAGE,
                                null,
                                at("2024-06-04T07:12:00Z"),
                                "OpenAI"));
        assertThat(changes.progress())
                .hasSize(2)
                .first()
                .isInstanceOfSatisfying(ProgressEntry.UpdateSeen.class, s -> assertThat(s.transitions())
                        .hasSize(2));
    }

    @Test
    void shouldFillEveryFieldWhenPublishingAnIncidentUpdate() {
        final UpdateSnapshot u = new UpdateSnapshot(
                "u1",
                INVESTIGATING,
                "We are investigating.",
                at("2024-06-04T07:10:00.123999Z"),
                at("2024-06-04T07:09:30Z"),
                List.of(change("api", "API", OPERATIONAL, PARTIAL_OUTAGE)));
        final IncidentSnapshot incident = new IncidentSnapshot(
                INCIDENT,
                "Elevated errors",
                Impact.MINOR,
                false,
                List.of(new ComponentRef("api", "API"), new ComponentRef("chatgpt", "ChatGPT")),
                TestData.URL,
                null,
                null,
                List.of(u));

        final ChangeSet changes = detector.detect(
                page("2024-06-04T07:12:00Z", incident), state, EventSource.SIMULATOR, at("2024-06-04T07:12:30Z"));

        assertThat(changes.incidentUpdates()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("openai:inc-1");
            assertThat(e.timestamp()).isEqualTo(at("2024-06-04T07:10:00.123Z"));
            assertThat(e.value())
                    .isEqualTo(IncidentUpdate.newBuilder()
                            .setProvider(PROVIDER)
                            .setPageId(PAGE)
                            .setIncidentId(INCIDENT)
                            .setUpdateId("u1")
                            .setStatus(INVESTIGATING)
                            .setImpact(Impact.MINOR)
                            .setIncidentTitle("Elevated errors")
                            .setBody("We are investigating.")
                            .setDisplayTime(at("2024-06-04T07:10:00.123Z"))
                            .setCreatedTime(at("2024-06-04T07:09:30Z"))
                            .setObservedTime(at("2024-06-04T07:12:30Z"))
                            .setAffectedComponents(List.of(AffectedComponent.newBuilder()
                                    .setComponentId("api")
                                    .setName("API")
                                    .setOldStatus(OPERATIONAL)
                                    .setNewStatus(PARTIAL_OUTAGE)
                                    .build()))
                            .setIncidentComponents(List.of(
                                    ServiceRef.newBuilder()
                                            .setComponentId("api")
                                            .setName("API")
                                            .build(),
                                    ServiceRef.newBuilder()
                                            .setComponentId("chatgpt")
                                            .setName("ChatGPT")
                                            .build()))
                            .setSource(EventSource.SIMULATOR)
                            .setContentHash(ContentHash.of(u))
                            .setCorrection(false)
                            .setPreviousContentHash(null)
                            .setIncidentUrl(TestData.URL)
                            .build());
        });
    }

    @Test
    void shouldLeaveAffectedComponentsEmptyWhenOnlyTheIncidentNamesComponents() {
        final ChangeSet changes = poll(page(
                "2024-06-04T07:12:00Z",
                incident(
                        INCIDENT,
                        List.of(new ComponentRef("api", "API")),
                        update("u1", INVESTIGATING, "Errors.", "2024-06-04T07:10:00Z"))));

        assertThat(updates(changes)).singleElement().satisfies(u -> {
            assertThat(u.getAffectedComponents()).isEmpty();
            assertThat(u.getIncidentComponents())
                    .extracting(ServiceRef::getComponentId)
                    .containsExactly("api");
        });
        assertThat(changes.componentChanges()).isEmpty();
    }

    @Test
    void shouldNotTreatARenameAsAnEditWhenOnlyAComponentNameChanges() {
        poll(page("2024-06-04T07:12:00Z", incident(U1)));
        final UpdateSnapshot renamed = update(
                "u1",
                INVESTIGATING,
                "We are investigating elevated error rates.",
                "2024-06-04T07:10:00Z",
                change("api", "OpenAI API", OPERATIONAL, PARTIAL_OUTAGE));

        assertThat(poll(page("2024-06-04T07:20:00Z", incident(renamed))).isEmpty())
                .isTrue();
    }

    @Test
    void shouldOrderUpdatesByDisplayTimeThenIdWhenThePageListsThemInAnyOrder() {
        final IncidentSnapshot a = incident(
                "inc-a",
                List.of(),
                update("a3", RESOLVED, "Resolved.", "2024-06-04T09:00:00Z"),
                update("a2", IDENTIFIED, "Found it.", "2024-06-04T08:00:00Z"),
                update("a1", INVESTIGATING, "Looking.", "2024-06-04T08:00:00Z"));
        final IncidentSnapshot b = incident(
                "inc-b",
                List.of(),
                update("b2", RESOLVED, "Resolved.", "2024-06-04T08:30:00Z"),
                update("b1", INVESTIGATING, "Looking.", "2024-06-04T07:00:00Z"));

        final ChangeSet changes = poll(page("2024-06-04T09:05:00Z", b, a));

        assertThat(changes.incidentUpdates())
                .extracting(KeyedEvent::key, e -> e.value().getUpdateId())
                .containsExactly(
                        tuple("openai:inc-b", "b1"),
                        tuple("openai:inc-a", "a1"),
                        tuple("openai:inc-a", "a2"),
                        tuple("openai:inc-b", "b2"),
                        tuple("openai:inc-a", "a3"));
        assertThat(changes.progress())
                .extracting(ProgressEntry::key)
                .containsExactly(
                        "update:openai:inc-b:b1",
                        "update:openai:inc-a:a1",
                        "update:openai:inc-a:a2",
                        "update:openai:inc-b:b2",
                        "update:openai:inc-a:a3");
    }

    @Test
    void shouldUseTheLastVersionWhenAnUpdateIdIsListedTwice() {
        final UpdateSnapshot stale = update("u1", INVESTIGATING, "Old text.", "2024-06-04T07:10:00Z");
        final UpdateSnapshot fresh = update("u1", INVESTIGATING, "New text.", "2024-06-04T07:10:00Z");
        final PageSnapshot snapshot = page("2024-06-04T07:12:00Z", incident(stale, fresh));

        final ChangeSet changes = poll(snapshot);

        assertThat(updates(changes)).extracting(IncidentUpdate::getBody).containsExactly("New text.");
        assertThat(poll(snapshot).isEmpty()).isTrue();
    }

    @Test
    void shouldPublishNothingAfterARestartWhenProgressIsReadBackFromItsStrings() {
        final PageSnapshot snapshot = page(
                "2024-06-04T08:17:00Z",
                List.of(component("api:v1", "API", PARTIAL_OUTAGE), component("chat%gpt", "ChatGPT", OPERATIONAL)),
                incident(
                        "inc:1",
                        List.of(new ComponentRef("api:v1", "API")),
                        update(
                                "u:1",
                                INVESTIGATING,
                                "Errors.",
                                "2024-06-04T07:10:00Z",
                                change("api:v1", "API", OPERATIONAL, PARTIAL_OUTAGE)),
                        update("u:2", IDENTIFIED, "Found.", "2024-06-04T07:40:00Z")));
        final ChangeSet first = poll(snapshot);
        // What the compacted progress topic holds: String keys and values, the latest per key.
        final Map<String, String> topic = new LinkedHashMap<>();
        first.progress().forEach(e -> topic.put(e.key(), e.value()));

        final InMemoryPublishedState restarted = new InMemoryPublishedState();
        final List<ProgressEntry> readBack = new ArrayList<>();
        topic.forEach((k, v) -> readBack.add(ProgressEntry.parse(k, v)));
        restarted.applyAll(readBack);
        final ChangeSet afterRestart =
                detector.detect(snapshot, restarted, EventSource.POLL, at("2024-06-04T08:30:00Z"));

        assertThat(first.incidentUpdates()).hasSize(2);
        assertThat(first.componentChanges()).hasSize(3);
        assertThat(readBack).isEqualTo(first.progress());
        assertThat(restarted.size()).isEqualTo(4);
        assertThat(afterRestart.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveEqualChangeSetsWhenDetectingTheSameInputTwice() {
        final PageSnapshot snapshot = page(
                "2024-06-04T08:17:00Z",
                List.of(component("api", "API", PARTIAL_OUTAGE), component("chatgpt", "ChatGPT", OPERATIONAL)),
                incident(U3, U2, U1));

        final ChangeSet one = detector.detect(snapshot, state, EventSource.POLL, snapshot.observedAt());
        final ChangeSet two = detector.detect(snapshot, state, EventSource.POLL, snapshot.observedAt());

        assertThat(one).isEqualTo(two);
        assertThat(one.eventCount()).isEqualTo(7);
    }

    @Test
    void shouldDecodeEqualEventsWhenTheEventsAreAvroEncoded() throws Exception {
        final UpdateSnapshot u = new UpdateSnapshot(
                "u1",
                INVESTIGATING,
                "Errors.",
                at("2024-06-04T07:10:00.123456Z"),
                null,
                List.of(change("api", "API", null, MAJOR_OUTAGE)));
        final ChangeSet changes = poll(page(
                "2024-06-04T07:12:00.999999Z",
                List.of(component("api", "API", MAJOR_OUTAGE)),
                incident(INCIDENT, List.of(new ComponentRef("api", "API")), u)));

        assertThat(changes.eventCount()).isEqualTo(3);
        for (final KeyedEvent<IncidentUpdate> e : changes.incidentUpdates()) {
            assertThat(IncidentUpdate.fromByteBuffer(e.value().toByteBuffer())).isEqualTo(e.value());
            assertThat(e.timestamp()).isEqualTo(at("2024-06-04T07:10:00.123Z"));
        }
        for (final KeyedEvent<ComponentStatusChange> e : changes.componentChanges()) {
            assertThat(ComponentStatusChange.fromByteBuffer(e.value().toByteBuffer()))
                    .isEqualTo(e.value());
        }
    }
}
