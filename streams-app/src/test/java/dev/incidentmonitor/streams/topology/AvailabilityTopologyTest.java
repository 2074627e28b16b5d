package dev.incidentmonitor.streams.topology;

import static dev.incidentmonitor.streams.TestData.change;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.DailyAvailability;
import dev.incidentmonitor.schema.ServiceCooccurrence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class AvailabilityTopologyTest {

    private static final Instant EARLY_WALL_CLOCK = Instant.parse("2020-01-01T00:00:00Z");

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
}
