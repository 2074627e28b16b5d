package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.change;
import static dev.incidentmonitor.streams.TestData.service;
import static dev.incidentmonitor.streams.TestData.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.AffectedComponent;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.ComponentStatusChange;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.IncidentStatus;
import dev.incidentmonitor.schema.IncidentUpdate;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class AvailabilityTopologyTest {

    private static final Instant EARLY_WALL_CLOCK = Instant.parse("2020-01-01T00:00:00Z");

    private static long minutes(final long n) {
        return Duration.ofMinutes(n).toMillis();
    }

    /** Moves the driver's wall clock (which starts at {@link #EARLY_WALL_CLOCK}) to {@code to}. */
    private static final class WallClock {
        private final TopologyHarness harness;
        private Instant now = EARLY_WALL_CLOCK;

        WallClock(final TopologyHarness harness) {
            this.harness = harness;
        }

        void advanceTo(final String instant) {
            final Instant to = Instant.parse(instant);
            harness.driver.advanceWallClockTime(Duration.between(now, to));
            now = to;
        }
    }

    /** The change of {@code incident}'s update that moved {@code component} from {@code from} to {@code to}. */
    private static ComponentStatusChange carried(
            final String incident,
            final String component,
            final ComponentStatus from,
            final ComponentStatus to,
            final String time) {
        return ComponentStatusChange.newBuilder(change("acme", component, to, time))
                .setOldStatus(from)
                .setIncidentId(incident)
                .build();
    }

    /** The incident update carrying {@code change}, as the ingest-service publishes it next to the change. */
    private static IncidentUpdate carrying(
            final String updateId, final IncidentStatus status, final ComponentStatusChange change) {
        return update(
                        "acme",
                        change.getIncidentId(),
                        updateId,
                        status,
                        change.getEventTime().toString())
                .setIncidentComponents(List.of(service(change.getComponentId(), change.getName())))
                .setAffectedComponents(List.of(new AffectedComponent(
                        change.getComponentId(), change.getName(), change.getOldStatus(), change.getNewStatus())))
                .build();
    }

    private static Map<String, DailyAvailability> latest(final List<KeyValue<String, DailyAvailability>> records) {
        final Map<String, DailyAvailability> days = new TreeMap<>();
        records.forEach(kv -> days.put(kv.key, kv.value));
        return days;
    }

    @Test
    void shouldCountPartialOutageWithWeightAndFinaliseDayWhenGracePassed() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            // 2024-06-04 in Los Angeles (PDT, UTC-7): partial 10:00-12:00 local, major 12:00-12:30 local.
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T07:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-06-04T17:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-06-04T19:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T19:30:00Z"));
            harness.driver.advanceWallClockTime(
                    Duration.between(EARLY_WALL_CLOCK, Instant.parse("2024-06-06T00:00:00Z")));

            final Map<String, DailyAvailability> days = harness.daily.readKeyValuesToMap();
            final DailyAvailability day = days.get("acme:api:2024-06-04");
            assertThat(day.getMajorOutageMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
            assertThat(day.getPartialOutageMs())
                    .isEqualTo(Duration.ofMinutes(120).toMillis());
            assertThat(day.getScaledOutageMs()).isEqualTo(Duration.ofMinutes(66).toMillis());
            assertThat(day.getAvailability()).isEqualTo(1 - 66.0 / 1440);
            assertThat(day.getFinal$()).isTrue();
            assertThat(day.getTimeZone()).isEqualTo("America/Los_Angeles");
            assertThat(days.get("acme:api:2024-06-05").getAvailability()).isEqualTo(1.0);
        }
    }

    @Test
    void shouldCorrectFinalDayAndSayItWhenLateChangeArrives() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T07:00:00Z"));
            harness.driver.advanceWallClockTime(
                    Duration.between(EARLY_WALL_CLOCK, Instant.parse("2024-06-10T00:00:00Z")));
            assertThat(harness.daily
                            .readKeyValuesToMap()
                            .get("acme:api:2024-06-04")
                            .getFinal$())
                    .isTrue();

            harness.pipe(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-06-04T17:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T18:00:00Z"));
            assertThat(harness.daily.readKeyValuesToMap())
                    .as("changes days late wait for the next punctuation")
                    .isEmpty();
            harness.driver.advanceWallClockTime(Duration.ofMinutes(1));

            final DailyAvailability corrected =
                    harness.daily.readKeyValuesToMap().get("acme:api:2024-06-04");
            assertThat(corrected.getMajorOutageMs())
                    .isEqualTo(Duration.ofHours(1).toMillis());
            assertThat(corrected.getFinal$()).isTrue();
            assertThat(corrected.getCorrectedAfterFinal()).isTrue();
            assertThat(corrected.getRevision()).isGreaterThan(1);
        }
    }

    @Test
    void shouldPublishConditionalProbabilityWhenTwoServicesShareOutageDays() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-01T07:00:00Z"));
            harness.pipe(change("acme", "web", ComponentStatus.OPERATIONAL, "2024-06-01T07:00:00Z"));
            // api down on 06-02 and 06-03, web down on 06-03 only.
            harness.pipe(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-06-02T17:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-02T18:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-06-03T17:00:00Z"));
            harness.pipe(change("acme", "web", ComponentStatus.MAJOR_OUTAGE, "2024-06-03T17:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-03T18:00:00Z"));
            harness.pipe(change("acme", "web", ComponentStatus.OPERATIONAL, "2024-06-03T18:00:00Z"));
            harness.driver.advanceWallClockTime(
                    Duration.between(EARLY_WALL_CLOCK, Instant.parse("2024-06-05T12:00:00Z")));

            final Map<String, ServiceCooccurrence> pairs = harness.cooccurrence.readKeyValuesToMap();
            assertThat(pairs.get("acme:api|acme:web").getWindows().get(2).getProbability())
                    .isEqualTo(1.0);
            assertThat(pairs.get("acme:web|acme:api").getWindows().get(2).getProbability())
                    .isEqualTo(0.5);
        }
    }

    @Test
    void shouldNotStampDayRecordLaterThanStreamTimeWhenEventTimeIsAhead() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            // The ingest-service stamps records no later than its own clock, but the event time in the value can
            // be ahead of it (the simulator runs at 600x; a page's clock can be wrong): here by 14 hours, into the
            // next Los Angeles day. A record stamped that far ahead is refused by the broker
            // (message.timestamp.after.max.ms, 1 h by default), which stopped the client.
            final Instant recordTime = Instant.parse("2024-06-04T20:00:00Z");
            harness.componentChanges.pipeInput(
                    "acme:api",
                    change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T07:00:00Z"),
                    Instant.parse("2024-06-04T07:00:00Z"));
            harness.componentChanges.pipeInput(
                    "acme:api",
                    change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-06-05T10:00:00Z"),
                    recordTime);

            final List<TestRecord<String, DailyAvailability>> days = harness.daily.readRecordsToList();
            assertThat(days).extracting(TestRecord::key).contains("acme:api:2024-06-05");
            assertThat(days).allSatisfy(day -> assertThat(day.getRecordTime()).isBeforeOrEqualTo(recordTime));
        }
    }

    @Test
    void shouldCountTheComponentsStatusOnceWhenTwoIncidentsOverlapOnOneComponent() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T07:00:00Z"));
            // Incident a takes the API down at 10:00 PDT; incident b starts at 10:20 on the same component and
            // restates major; a is resolved at 10:40 with the API left in partial outage for b, which ends 11:00.
            // Incident durations add up to 80 minutes; the API was down 60 (40 major, then 20 partial).
            final List<ComponentStatusChange> changes = List.of(
                    carried(
                            "a",
                            "api",
                            ComponentStatus.OPERATIONAL,
                            ComponentStatus.MAJOR_OUTAGE,
                            "2024-06-04T17:00:00Z"),
                    carried("b", "api", null, ComponentStatus.MAJOR_OUTAGE, "2024-06-04T17:20:00Z"),
                    carried(
                            "a",
                            "api",
                            ComponentStatus.MAJOR_OUTAGE,
                            ComponentStatus.PARTIAL_OUTAGE,
                            "2024-06-04T17:40:00Z"),
                    carried(
                            "b",
                            "api",
                            ComponentStatus.PARTIAL_OUTAGE,
                            ComponentStatus.OPERATIONAL,
                            "2024-06-04T18:00:00Z"),
                    // Both incidents then record the same 15-minute major outage at the same instants.
                    carried(
                            "a",
                            "api",
                            ComponentStatus.OPERATIONAL,
                            ComponentStatus.MAJOR_OUTAGE,
                            "2024-06-04T19:00:00Z"),
                    carried(
                            "b",
                            "api",
                            ComponentStatus.OPERATIONAL,
                            ComponentStatus.MAJOR_OUTAGE,
                            "2024-06-04T19:00:00Z"),
                    carried(
                            "a",
                            "api",
                            ComponentStatus.MAJOR_OUTAGE,
                            ComponentStatus.OPERATIONAL,
                            "2024-06-04T19:15:00Z"),
                    carried(
                            "b",
                            "api",
                            ComponentStatus.MAJOR_OUTAGE,
                            ComponentStatus.OPERATIONAL,
                            "2024-06-04T19:15:00Z"));
            int n = 0;
            for (final ComponentStatusChange c : changes) {
                harness.pipe(carrying(
                        "u" + n++,
                        c.getNewStatus() == ComponentStatus.OPERATIONAL
                                ? IncidentStatus.RESOLVED
                                : IncidentStatus.INVESTIGATING,
                        c));
                harness.pipe(c);
            }
            new WallClock(harness).advanceTo("2024-06-06T00:00:00Z");

            final DailyAvailability day = harness.daily.readKeyValuesToMap().get("acme:api:2024-06-04");
            assertThat(day.getMajorOutageMs()).isEqualTo(minutes(40 + 15));
            assertThat(day.getPartialOutageMs()).isEqualTo(minutes(20));
            assertThat(day.getScaledOutageMs()).isEqualTo(minutes(55 + 6));
            assertThat(day.getFinal$()).isTrue();
            assertThat(harness.latestIncidents()).containsKeys("acme:a", "acme:b");
        }
    }

    @Test
    void shouldWeighPartialOutageWithTheStampedWeightWhenAChangeCarriesOne() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            for (final String provider : List.of("incidentio", "acme")) {
                final Double weight = provider.equals("incidentio") ? 1.0 : null;
                for (final var step : List.of(
                        Map.entry(ComponentStatus.OPERATIONAL, "2024-06-04T07:00:00Z"),
                        Map.entry(ComponentStatus.PARTIAL_OUTAGE, "2024-06-04T17:00:00Z"),
                        Map.entry(ComponentStatus.OPERATIONAL, "2024-06-04T18:00:00Z"))) {
                    harness.pipe(
                            ComponentStatusChange.newBuilder(change(provider, "api", step.getKey(), step.getValue()))
                                    .setPartialOutageWeight(weight)
                                    .build());
                }
            }
            new WallClock(harness).advanceTo("2024-06-06T00:00:00Z");

            final Map<String, DailyAvailability> days = harness.daily.readKeyValuesToMap();
            final DailyAvailability full = days.get("incidentio:api:2024-06-04");
            final DailyAvailability statuspage = days.get("acme:api:2024-06-04");
            assertThat(full.getPartialWeight()).isEqualTo(1.0);
            assertThat(full.getScaledOutageMs()).isEqualTo(minutes(60));
            assertThat(full.getAvailability()).isEqualTo(1 - 60.0 / 1440);
            assertThat(statuspage.getPartialWeight()).isEqualTo(0.3);
            assertThat(statuspage.getScaledOutageMs()).isEqualTo(minutes(18));
            assertThat(statuspage.getAvailability()).isEqualTo(1 - 18.0 / 1440);
        }
    }

    @Test
    void shouldWeighPartialOutagePerProviderWhenTheAppConfiguresWeights() {
        final Map<String, Object> settings =
                Map.of("app.availability.provider-partial-weights", "openai=1.0, anthropic=0.5, stamped=1.0");
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK, settings)) {
            for (final String provider : List.of("openai", "anthropic", "acme", "stamped")) {
                final Double stamp = provider.equals("stamped") ? 0.3 : null;
                for (final var step : List.of(
                        Map.entry(ComponentStatus.PARTIAL_OUTAGE, "2024-06-04T17:00:00Z"),
                        Map.entry(ComponentStatus.OPERATIONAL, "2024-06-04T18:00:00Z"))) {
                    harness.pipe(
                            ComponentStatusChange.newBuilder(change(provider, "api", step.getKey(), step.getValue()))
                                    .setPartialOutageWeight(stamp)
                                    .build());
                }
            }
            new WallClock(harness).advanceTo("2024-06-06T00:00:00Z");

            final Map<String, DailyAvailability> days = harness.daily.readKeyValuesToMap();
            assertThat(days.get("openai:api:2024-06-04").getScaledOutageMs()).isEqualTo(minutes(60));
            assertThat(days.get("anthropic:api:2024-06-04").getScaledOutageMs()).isEqualTo(minutes(30));
            assertThat(days.get("acme:api:2024-06-04").getScaledOutageMs()).isEqualTo(minutes(18));
            assertThat(days.get("stamped:api:2024-06-04").getScaledOutageMs())
                    .as("what the change stamps wins over the app's setting")
                    .isEqualTo(minutes(18));
            assertThat(days.get("openai:api:2024-06-04").getPartialOutageMs()).isEqualTo(minutes(60));
        }
    }

    @Test
    void shouldCutDaysAtTheProvidersMidnightWhenAChangeOrTheAppGivesAZone() {
        final Map<String, Object> settings = Map.of("app.availability.provider-time-zones", "tokyo=Asia/Tokyo");
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK, settings)) {
            // 21:30Z to 23:00Z: 23:30 to 01:00 in Berlin (CEST), 06:30 to 08:00 in Tokyo, 14:30 to 16:00 in LA.
            for (final String provider : List.of("berlin", "tokyo", "acme")) {
                final String zone = provider.equals("berlin") ? "Europe/Berlin" : null;
                for (final var step : List.of(
                        Map.entry(ComponentStatus.OPERATIONAL, "2024-06-03T00:00:00Z"),
                        Map.entry(ComponentStatus.MAJOR_OUTAGE, "2024-06-04T21:30:00Z"),
                        Map.entry(ComponentStatus.OPERATIONAL, "2024-06-04T23:00:00Z"))) {
                    harness.pipe(
                            ComponentStatusChange.newBuilder(change(provider, "api", step.getKey(), step.getValue()))
                                    .setTimeZone(zone)
                                    .build());
                }
            }
            new WallClock(harness).advanceTo("2024-06-07T00:00:00Z");

            final Map<String, DailyAvailability> days = harness.daily.readKeyValuesToMap();
            assertThat(days.get("berlin:api:2024-06-04").getMajorOutageMs()).isEqualTo(minutes(30));
            assertThat(days.get("berlin:api:2024-06-05").getMajorOutageMs()).isEqualTo(minutes(60));
            assertThat(days.get("berlin:api:2024-06-05").getTimeZone()).isEqualTo("Europe/Berlin");
            assertThat(days.get("tokyo:api:2024-06-05").getMajorOutageMs()).isEqualTo(minutes(90));
            assertThat(days.get("tokyo:api:2024-06-04").getMajorOutageMs()).isZero();
            assertThat(days.get("tokyo:api:2024-06-05").getTimeZone()).isEqualTo("Asia/Tokyo");
            assertThat(days.get("acme:api:2024-06-04").getMajorOutageMs()).isEqualTo(minutes(90));
            assertThat(days.get("acme:api:2024-06-05").getMajorOutageMs()).isZero();
            // The first local day of each component is the day of its first change in its own zone.
            assertThat(days).containsKey("tokyo:api:2024-06-03").doesNotContainKey("tokyo:api:2024-06-02");
            assertThat(days).containsKey("acme:api:2024-06-02");
        }
    }

    @Test
    void shouldRepublishOnlyTheCorrectedFinalDaysWithAHigherRevisionWhenLateChangesArrive() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-01T07:00:00Z"));
            new WallClock(harness).advanceTo("2024-06-10T00:00:00Z");
            final Map<String, DailyAvailability> before = latest(harness.daily.readKeyValuesToList());
            assertThat(before.get("acme:api:2024-06-08").getFinal$()).isTrue();

            // Late: major from 23:00 PDT on 06-03 to 01:00 on 06-04 (the recovery arrives first).
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T08:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-06-04T06:00:00Z"));
            harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
            final List<KeyValue<String, DailyAvailability>> corrections = harness.daily.readKeyValuesToList();

            assertThat(corrections)
                    .extracting(kv -> kv.key)
                    .containsExactly("acme:api:2024-06-03", "acme:api:2024-06-04");
            for (final KeyValue<String, DailyAvailability> kv : corrections) {
                assertThat(kv.value.getMajorOutageMs()).isEqualTo(minutes(60));
                assertThat(kv.value.getFinal$()).isTrue();
                assertThat(kv.value.getCorrectedAfterFinal()).isTrue();
                assertThat(kv.value.getRevision()).isEqualTo(before.get(kv.key).getRevision() + 1);
            }

            // A second late change corrects 06-03 again, and only 06-03.
            harness.pipe(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-06-04T05:00:00Z"));
            harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
            final List<KeyValue<String, DailyAvailability>> again = harness.daily.readKeyValuesToList();
            assertThat(again).singleElement().satisfies(kv -> {
                assertThat(kv.key).isEqualTo("acme:api:2024-06-03");
                assertThat(kv.value.getPartialOutageMs()).isEqualTo(minutes(60));
                assertThat(kv.value.getMajorOutageMs()).isEqualTo(minutes(60));
                assertThat(kv.value.getRevision()).isEqualTo(before.get(kv.key).getRevision() + 2);
                assertThat(kv.value.getCorrectedAfterFinal()).isTrue();
            });
            // A late change that changes no figure publishes nothing.
            harness.pipe(change("acme", "api", ComponentStatus.DEGRADED_PERFORMANCE, "2024-06-06T17:00:00Z"));
            harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
            assertThat(harness.daily.readKeyValuesToList()).isEmpty();
            assertThat(before.get("acme:api:2024-06-05").getCorrectedAfterFinal())
                    .isFalse();
        }
    }

    @Test
    void shouldUpdateTodayAsTheWallClockAdvancesAndFinaliseItAfterTheGraceWhenAnOutageIsOngoing() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            final WallClock clock = new WallClock(harness);
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T07:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-06-04T17:00:00Z"));

            clock.advanceTo("2024-06-04T19:00:00Z"); // 12:00 PDT
            assertThat(harness.daily.readKeyValuesToMap().get("acme:api:2024-06-04"))
                    .satisfies(day -> {
                        assertThat(day.getMajorOutageMs()).isEqualTo(minutes(120));
                        assertThat(day.getAvailability()).isEqualTo(1 - 120.0 / 1440);
                        assertThat(day.getFinal$()).isFalse();
                    });
            clock.advanceTo("2024-06-04T21:30:00Z");
            assertThat(harness.daily
                            .readKeyValuesToMap()
                            .get("acme:api:2024-06-04")
                            .getMajorOutageMs())
                    .isEqualTo(minutes(270));

            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-06-04T22:00:00Z"));
            clock.advanceTo("2024-06-05T12:59:00Z"); // the day ended at 07:00Z; final from 13:00Z
            final Map<String, DailyAvailability> inGrace = harness.daily.readKeyValuesToMap();
            assertThat(inGrace.get("acme:api:2024-06-04").getMajorOutageMs()).isEqualTo(minutes(300));
            assertThat(inGrace.get("acme:api:2024-06-04").getFinal$()).isFalse();
            assertThat(inGrace.get("acme:api:2024-06-05").getFinal$()).isFalse();

            clock.advanceTo("2024-06-05T13:00:00Z");
            final DailyAvailability done = harness.daily.readKeyValuesToMap().get("acme:api:2024-06-04");
            assertThat(done.getMajorOutageMs()).isEqualTo(minutes(300));
            assertThat(done.getFinal$()).isTrue();
            assertThat(done.getCorrectedAfterFinal()).isFalse();
        }
    }

    @Test
    void shouldCarryAnOngoingOutageIntoTheNextProvisionalDayWhenMidnightPasses() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            final WallClock clock = new WallClock(harness);
            harness.pipe(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-06-05T05:00:00Z"));

            clock.advanceTo("2024-06-05T08:30:00Z"); // 01:30 PDT on 06-05

            final Map<String, DailyAvailability> days = harness.daily.readKeyValuesToMap();
            assertThat(days.get("acme:api:2024-06-04").getPartialOutageMs()).isEqualTo(minutes(120));
            assertThat(days.get("acme:api:2024-06-04").getFinal$()).isFalse();
            assertThat(days.get("acme:api:2024-06-05").getPartialOutageMs()).isEqualTo(minutes(90));
            assertThat(days.get("acme:api:2024-06-05").getFinal$()).isFalse();
            assertThat(days).doesNotContainKey("acme:api:2024-06-06");
        }
    }

    @Test
    void shouldPublishTheRealLengthOfBothDstDaysWhenAComponentIsDownAllDay() {
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK)) {
            // Down from noon before each change to noon after it, Los Angeles time.
            harness.pipe(change("acme", "api", ComponentStatus.MAJOR_OUTAGE, "2024-03-09T20:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-03-11T19:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-11-02T19:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-11-04T20:00:00Z"));
            new WallClock(harness).advanceTo("2024-11-06T00:00:00Z");

            final Map<String, DailyAvailability> days = harness.daily.readKeyValuesToMap();
            final DailyAvailability spring = days.get("acme:api:2024-03-10");
            final DailyAvailability fall = days.get("acme:api:2024-11-03");
            assertThat(spring.getMajorOutageMs()).isEqualTo(minutes(23 * 60));
            assertThat(spring.getAvailability()).isEqualTo(1 - 1380.0 / 1440);
            assertThat(fall.getPartialOutageMs()).isEqualTo(minutes(25 * 60));
            assertThat(fall.getScaledOutageMs()).isEqualTo(minutes(450));
            assertThat(fall.getAvailability()).isEqualTo(1 - 450.0 / 1440);
            assertThat(days.get("acme:api:2024-03-09").getMajorOutageMs()).isEqualTo(minutes(12 * 60));
            assertThat(days.get("acme:api:2024-03-11").getMajorOutageMs()).isEqualTo(minutes(12 * 60));
            assertThat(days.get("acme:api:2024-11-04").getPartialOutageMs()).isEqualTo(minutes(12 * 60));
            assertThat(List.of(spring, fall)).allMatch(DailyAvailability::getFinal$);
        }
    }

    @Test
    void shouldNeverPublishANegativeAvailabilityWhenTheTwentyFiveHourDayIsFullyDown() {
        final Map<String, Object> settings = Map.of("app.availability.partial-weight", 1.0);
        try (TopologyHarness harness = new TopologyHarness(EARLY_WALL_CLOCK, settings)) {
            harness.pipe(change("acme", "api", ComponentStatus.PARTIAL_OUTAGE, "2024-11-02T19:00:00Z"));
            harness.pipe(change("acme", "api", ComponentStatus.OPERATIONAL, "2024-11-04T20:00:00Z"));
            new WallClock(harness).advanceTo("2024-11-06T00:00:00Z");

            final DailyAvailability fall = harness.daily.readKeyValuesToMap().get("acme:api:2024-11-03");
            assertThat(fall.getScaledOutageMs()).isEqualTo(minutes(1500));
            assertThat(fall.getAvailability()).isZero();
        }
    }
}
