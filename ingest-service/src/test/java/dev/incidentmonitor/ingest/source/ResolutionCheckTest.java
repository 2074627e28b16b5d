package dev.incidentmonitor.ingest.source;

import static dev.incidentmonitor.ingest.source.TestBodies.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentmonitor.ingest.model.PageSnapshot;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolutionCheckTest {
    private static final Instant OBSERVED = Instant.parse("2026-03-10T18:30:00Z");
    private static final String EMPTY_SUMMARY =
            "{\"page\":{\"id\":\"pg000000test\",\"time_zone\":\"America/Los_Angeles\"},\"components\":[],"
                    + "\"incidents\":[],\"scheduled_maintenances\":[]}";

    private static PageSnapshot parse(StatuspagePoll poll) throws SourceFormatException {
        return StatuspageParser.parse("example", poll, OBSERVED);
    }

    @Test
    void shouldListOpenIncidentsAndMaintenancesWhenTheirLatestUpdateIsNotTerminal() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json")));

        assertThat(ResolutionCheck.openIncidentIds(snapshot)).containsExactly("inc000000one", "mnt00000one");
    }

    @Test
    void shouldAskForConfirmationWhenIncidentsLeaveTheSummaryWithoutResolution() throws Exception {
        Set<String> previous = ResolutionCheck.openIncidentIds(
                parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json"))));

        PageSnapshot next = parse(StatuspagePoll.ofSummary(EMPTY_SUMMARY));

        assertThat(ResolutionCheck.leftWithoutResolution(previous, next))
                .containsExactly("inc000000one", "mnt00000one");
    }

    @Test
    void shouldNotAskAgainWhenIncidentsJsonShowsTheResolution() throws Exception {
        Set<String> previous = ResolutionCheck.openIncidentIds(
                parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json"))));

        PageSnapshot confirmed = parse(
                new StatuspagePoll(EMPTY_SUMMARY, null, resource("statuspage/incidents-dedupe.json"), null, null));

        assertThat(ResolutionCheck.isResolved(StatuspageParserTest.incident(confirmed, "inc000000one")))
                .isTrue();
        assertThat(ResolutionCheck.leftWithoutResolution(previous, confirmed)).containsExactly("mnt00000one");
        assertThat(ResolutionCheck.openIncidentIds(confirmed)).isEmpty();
    }

    @Test
    void shouldNotListIncidentsStillOpenWhenTheyStayInTheSummary() throws Exception {
        PageSnapshot snapshot = parse(StatuspagePoll.ofSummary(resource("statuspage/summary-groups.json")));

        assertThat(ResolutionCheck.leftWithoutResolution(Set.of("inc000000one"), snapshot))
                .isEmpty();
    }

    @Test
    void shouldTreatAReopenedIncidentAsOpenWhenMonitoringFollowsResolved() throws Exception {
        String body = "{\"incidents\":[{\"id\":\"i1\",\"impact\":\"minor\",\"incident_updates\":["
                + "{\"id\":\"u3\",\"status\":\"monitoring\",\"created_at\":\"2026-03-10T12:00:00Z\"},"
                + "{\"id\":\"u2\",\"status\":\"resolved\",\"created_at\":\"2026-03-10T11:00:00Z\"},"
                + "{\"id\":\"u1\",\"status\":\"investigating\",\"created_at\":\"2026-03-10T10:00:00Z\"}]}]}";

        PageSnapshot snapshot = parse(new StatuspagePoll(null, null, body, null, null));

        assertThat(ResolutionCheck.openIncidentIds(snapshot)).containsExactly("i1");
    }

    @Test
    void shouldOrderByDisplayTimeWhenABackDatedUpdateIsListedFirst() throws Exception {
        String body = "{\"incidents\":[{\"id\":\"i1\",\"impact\":\"minor\",\"incident_updates\":["
                + "{\"id\":\"u2\",\"status\":\"investigating\",\"created_at\":\"2026-03-10T12:00:00Z\","
                + "\"display_at\":\"2026-03-10T09:00:00Z\"},"
                + "{\"id\":\"u1\",\"status\":\"resolved\",\"created_at\":\"2026-03-10T11:00:00Z\"}]}]}";

        PageSnapshot snapshot = parse(new StatuspagePoll(null, null, body, null, null));

        assertThat(ResolutionCheck.openIncidentIds(snapshot)).isEmpty();
    }
}
