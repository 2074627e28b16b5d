package dev.incidentmonitor.ingest.simulator;

import static dev.incidentmonitor.ingest.simulator.SimHttp.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.schema.IncidentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Generate mode: reproducible from its seed, and statistically close to the study it was fitted to. */
class GenerateModeTest {
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void shouldServeIdenticalBodiesWhenTheSeedAndSimulatedTimeAreTheSame() throws Exception {
        Instant later = START.plus(Duration.ofDays(12)).plusSeconds(3_333);
        try (StatusPageSimulator a = start(7, 12);
                StatusPageSimulator b = start(7, 12);
                StatusPageSimulator other = start(8, 12)) {
            // a is asked along the way, b only at the end: bodies depend on the time, not on the polling.
            for (int day = 1; day < 12; day++) {
                a.clock().pinTo(START.plus(Duration.ofDays(day)));
                for (SimulatedPage page : a.pages()) {
                    SimHttp.paths(page).values().forEach(path -> SimHttp.get(at(a, page.id(), path)));
                }
            }
            a.clock().pinTo(later);
            b.clock().pinTo(later);
            other.clock().pinTo(later);

            assertThat(b.pages()).isEqualTo(a.pages());
            int differentFromOtherSeed = 0;
            for (SimulatedPage page : a.pages()) {
                for (String path : SimHttp.paths(page).values()) {
                    var fromA = SimHttp.get(at(a, page.id(), path));
                    var fromB = SimHttp.get(at(b, page.id(), path));
                    assertThat(fromB.body()).as("%s%s", page.id(), path).isEqualTo(fromA.body());
                    assertThat(fromB.headers().firstValue("ETag"))
                            .isEqualTo(fromA.headers().firstValue("ETag"));
                    assertThat(fromB.headers().firstValue("Last-Modified"))
                            .isEqualTo(fromA.headers().firstValue("Last-Modified"));
                    if (!SimHttp.get(at(other, page.id(), path)).body().equals(fromA.body())) {
                        differentFromOtherSeed++;
                    }
                }
            }
            assertThat(differentFromOtherSeed).isPositive();
        }
    }

    @Test
    void shouldFixThePlatformWhenTheMixSaysSo() throws Exception {
        try (StatusPageSimulator io = StatusPageSimulator.start(
                        SimulatorConfig.generate(10, 3).withPlatformMix(PlatformMix.INCIDENTIO_ONLY));
                StatusPageSimulator sp = StatusPageSimulator.start(
                        SimulatorConfig.generate(10, 3).withPlatformMix(PlatformMix.STATUSPAGE_ONLY))) {
            assertThat(io.pages()).extracting(SimulatedPage::platform).containsOnly(Platform.INCIDENTIO);
            assertThat(sp.pages()).extracting(SimulatedPage::platform).containsOnly(Platform.STATUSPAGE);
            // the platform draw does not shift the other draws
            assertThat(io.pages())
                    .extracting(SimulatedPage::profile)
                    .containsExactlyElementsOf(
                            sp.pages().stream().map(SimulatedPage::profile).toList());
            assertThat(io.pages()).allSatisfy(p -> assertThat(p.componentIds()).hasSizeBetween(3, 8));
        }
    }

    /**
     * Over a simulated month, 300 pages produce about as many incidents as the fitted time between incidents
     * implies, and their mean TTR (from the parsed updates, as SPEC.md defines it) is close to the mean the fitted
     * stage durations imply. Bands are loose (the tails are heavy); a wrong time unit or a broken clock would be
     * far outside them.
     */
    @Test
    void shouldProduceIncidentCountAndMeanTtrCloseToTheStudyWhenAMonthIsSimulated() throws Exception {
        int pages = 300;
        Duration month = Duration.ofDays(30);
        try (StatusPageSimulator sim = start(2024, pages)) {
            Instant end = START.plus(month);
            sim.clock().pinTo(end);
            double expectedCount = 0;
            Map<String, Double> expectedCountByProfile = new LinkedHashMap<>();
            int count = 0;
            List<Double> ttrMinutes = new ArrayList<>();
            double expectedTtrWeighted = 0;
            for (SimulatedPage page : sim.pages()) {
                StudyDistributions.Profile profile = page.profile();
                double expected =
                        month.toMinutes() / profile.timeBetweenIncidents().meanMinutes();
                expectedCount += expected;
                expectedCountByProfile.merge(profile.name(), expected, Double::sum);
                PageSnapshot snapshot = SimHttp.snapshot(sim, page, end);
                assertThat(snapshot.warnings()).isEmpty();
                for (IncidentSnapshot incident : snapshot.incidents()) {
                    if (incident.maintenance()) {
                        continue;
                    }
                    Instant start = Stream.of(
                                    IncidentStatus.INVESTIGATING,
                                    IncidentStatus.IDENTIFIED,
                                    IncidentStatus.MONITORING,
                                    IncidentStatus.RESOLVED)
                            .map(s -> SimHttp.marker(incident, s))
                            .flatMap(Optional::stream)
                            .min(Instant::compareTo)
                            .orElseThrow();
                    if (start.isBefore(START) || !start.isBefore(end)) {
                        continue;
                    }
                    count++;
                    Optional<Instant> resolved = SimHttp.marker(incident, IncidentStatus.RESOLVED);
                    Optional<Instant> first = Stream.of(
                                    IncidentStatus.INVESTIGATING, IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING)
                            .map(s -> SimHttp.marker(incident, s))
                            .flatMap(Optional::stream)
                            .min(Instant::compareTo);
                    if (resolved.isPresent() && first.isPresent()) {
                        ttrMinutes.add(
                                Duration.between(first.get(), resolved.get()).toSeconds() / 60.0);
                        expectedTtrWeighted += profile.expectedTtrMinutes();
                    }
                }
            }
            double meanTtr = ttrMinutes.stream()
                    .mapToDouble(Double::doubleValue)
                    .average()
                    .orElseThrow();
            double expectedTtr = expectedTtrWeighted / ttrMinutes.size();
            System.out.printf(
                    "generate mode, %d pages, 30 simulated days: %d incidents (expected %.0f; by profile %s),"
                            + " mean TTR %.1f min (expected %.1f) over %d incidents%n",
                    pages, count, expectedCount, expectedCountByProfile, meanTtr, expectedTtr, ttrMinutes.size());

            assertThat((double) count).isCloseTo(expectedCount, within(expectedCount * 0.2));
            assertThat(meanTtr).isCloseTo(expectedTtr, within(expectedTtr * 0.25));
            assertThat(ttrMinutes.size()).isGreaterThan(count * 3 / 4);
        }
    }

    private static StatusPageSimulator start(long seed, int pages) throws Exception {
        StatusPageSimulator sim =
                StatusPageSimulator.start(SimulatorConfig.generate(pages, seed).withSimulatedStart(START));
        sim.clock().pinTo(START);
        return sim;
    }
}
