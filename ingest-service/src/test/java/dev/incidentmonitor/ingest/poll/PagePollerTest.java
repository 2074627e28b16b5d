package dev.incidentmonitor.ingest.poll;

import static dev.incidentmonitor.ingest.poll.PollFixtures.COMPONENTS;
import static dev.incidentmonitor.ingest.poll.PollFixtures.INCIDENTS;
import static dev.incidentmonitor.ingest.poll.PollFixtures.MAINTENANCES;
import static dev.incidentmonitor.ingest.poll.PollFixtures.SUMMARY;
import static dev.incidentmonitor.ingest.poll.PollFixtures.fastFetch;
import static dev.incidentmonitor.ingest.poll.PollFixtures.incidentIo;
import static dev.incidentmonitor.ingest.poll.PollFixtures.incidentIoProvider;
import static dev.incidentmonitor.ingest.poll.PollFixtures.sharedFixture;
import static dev.incidentmonitor.ingest.poll.PollFixtures.statuspage;
import static dev.incidentmonitor.ingest.poll.PollFixtures.statuspageProvider;
import static dev.incidentmonitor.ingest.poll.StubServer.json;
import static dev.incidentmonitor.ingest.poll.StubServer.status;
import static dev.incidentmonitor.ingest.poll.StubServer.withEtag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.model.ComponentSnapshot;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.model.UpdateSnapshot;
import dev.incidentmonitor.ingest.source.ResolutionCheck;
import dev.incidentmonitor.schema.ComponentStatus;
import dev.incidentmonitor.schema.IncidentStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagePollerTest {
    private static final Instant NOW = Instant.parse("2026-04-01T11:00:00Z");
    private static final String PROXY = "/proxy/127.0.0.1";
    private static final String PROXY_INCIDENTS = "/proxy/127.0.0.1/incidents";

    private final StubServer server = StubServer.start();
    private final PageFetcher fetcher = new PageFetcher(fastFetch(), List.of(server.baseUrl()));
    private final Provider page = statuspageProvider("pollpage", server.baseUrl());
    private PagePoller poller = poller(new PollSettings(10, 10, 0, 10));

    @AfterEach
    void tearDown() {
        fetcher.close();
        server.close();
    }

    private PagePoller poller(PollSettings settings) {
        return new PagePoller(fetcher, settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private PollOutcome poll(Provider provider) {
        return poller.poll(provider).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static PageSnapshot changed(PollOutcome outcome) {
        assertThat(outcome).isInstanceOf(PollOutcome.Changed.class);
        return ((PollOutcome.Changed) outcome).snapshot();
    }

    private static SourceHealth failed(PollOutcome outcome) {
        assertThat(outcome).isInstanceOf(PollOutcome.Failed.class);
        return ((PollOutcome.Failed) outcome).health();
    }

    private static IncidentSnapshot incident(PageSnapshot snapshot, String id) {
        return snapshot.incidents().stream()
                .filter(i -> i.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no incident " + id + " in " + snapshot.incidents()));
    }

    private static IncidentStatus latest(IncidentSnapshot incident) {
        return incident.updates().stream()
                .max(Comparator.comparing(UpdateSnapshot::displayAt))
                .orElseThrow()
                .status();
    }

    private URI url(String path) {
        return URI.create(server.baseUrl() + path);
    }

    private void serveQuietStatuspage() {
        server.on(INCIDENTS, json(statuspage("incidents-older.json")))
                .on(MAINTENANCES, json(statuspage("scheduled-maintenances-none.json")));
    }

    @Test
    void shouldReportChangedSnapshotsWithTheRightIncidentsWhenTheSummaryChangesAcrossPolls() {
        server.on(SUMMARY, json(statuspage("summary-investigating.json")), json(statuspage("summary-identified.json")));
        serveQuietStatuspage();

        PageSnapshot first = changed(poll(page));
        PageSnapshot second = changed(poll(page));

        assertThat(first.provider()).isEqualTo("pollpage");
        assertThat(first.pageId()).isEqualTo("pgpoll000001");
        assertThat(first.observedAt()).isEqualTo(NOW);
        assertThat(first.warnings()).isEmpty();
        assertThat(first.incidents())
                .extracting(IncidentSnapshot::id)
                .containsExactlyInAnyOrder("incpoll00001", "incold000001");
        assertThat(latest(incident(first, "incpoll00001"))).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(first.components())
                .extracting(ComponentSnapshot::id, ComponentSnapshot::status)
                .containsExactly(
                        tuple("cmpapi000001", ComponentStatus.PARTIAL_OUTAGE),
                        tuple("cmpweb000001", ComponentStatus.OPERATIONAL));
        assertThat(incident(second, "incpoll00001").updates()).hasSize(2);
        assertThat(latest(incident(second, "incpoll00001"))).isEqualTo(IncidentStatus.IDENTIFIED);
        assertThat(server.count(INCIDENTS)).isEqualTo(1);
        assertThat(server.count(MAINTENANCES)).isEqualTo(1);
    }

    @Test
    void shouldReportUnchangedWithoutParsingWhenTheSummaryAnswers304() {
        server.on(SUMMARY, withEtag(statuspage("summary-investigating.json"), "\"s1\""));
        serveQuietStatuspage();
        changed(poll(page));
        long parsesAfterFirstPoll = poller.parseCount();

        PollOutcome second = poll(page);

        assertThat(second).isEqualTo(new PollOutcome.Unchanged(List.of()));
        assertThat(second.up()).isTrue();
        assertThat(poller.parseCount()).isEqualTo(parsesAfterFirstPoll);
        assertThat(server.requests(SUMMARY))
                .extracting(r -> r.header("If-None-Match"))
                .containsExactly(null, "\"s1\"");
    }

    @Test
    void shouldReportUnchangedWithoutParsingWhenTheSummaryIsIdenticalWithoutValidators() {
        server.on(SUMMARY, json(statuspage("summary-investigating.json")));
        serveQuietStatuspage();
        changed(poll(page));
        long parsesAfterFirstPoll = poller.parseCount();

        PollOutcome second = poll(page);
        PollOutcome third = poll(page);

        assertThat(second).isInstanceOf(PollOutcome.Unchanged.class);
        assertThat(third).isInstanceOf(PollOutcome.Unchanged.class);
        assertThat(poller.parseCount()).isEqualTo(parsesAfterFirstPoll);
        assertThat(server.count(SUMMARY)).isEqualTo(3);
    }

    @Test
    void shouldConfirmFromIncidentsJsonInTheSamePollWhenAnIncidentLeavesTheSummary() {
        server.on(
                        SUMMARY,
                        json(statuspage("summary-investigating.json")),
                        json(statuspage("summary-identified.json")),
                        json(statuspage("summary-operational.json")))
                .on(INCIDENTS, json(statuspage("incidents-older.json")), json(statuspage("incidents-resolved.json")))
                .on(MAINTENANCES, json(statuspage("scheduled-maintenances-none.json")));
        poll(page);
        poll(page);
        assertThat(server.count(INCIDENTS)).isEqualTo(1);

        PageSnapshot third = changed(poll(page));

        assertThat(server.count(INCIDENTS)).isEqualTo(2);
        IncidentSnapshot resolved = incident(third, "incpoll00001");
        assertThat(resolved.updates()).hasSize(3);
        assertThat(latest(resolved)).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(ResolutionCheck.isResolved(resolved)).isTrue();
        assertThat(ResolutionCheck.openIncidentIds(third)).isEmpty();
        assertThat(third.components()).extracting(ComponentSnapshot::status).containsOnly(ComponentStatus.OPERATIONAL);
    }

    @Test
    void shouldReadIncidentsJsonEveryNthPollWhenNothingLeavesTheSummary() {
        poller = poller(new PollSettings(3, 0, 0, 10));
        server.on(SUMMARY, json(statuspage("summary-investigating.json")));
        serveQuietStatuspage();

        for (int i = 0; i < 7; i++) {
            poll(page);
        }

        assertThat(server.count(SUMMARY)).isEqualTo(7);
        assertThat(server.count(INCIDENTS)).isEqualTo(3); // polls 1, 4 and 7
        assertThat(server.count(MAINTENANCES)).isZero();
        assertThat(server.count(COMPONENTS)).isZero();
    }

    @Test
    void shouldReadComponentsJsonOnItsCadenceWhenConfigured() {
        poller = poller(new PollSettings(10, 10, 2, 10));
        server.on(SUMMARY, json(statuspage("summary-investigating.json")))
                .on(COMPONENTS, json(PollFixtures.resource("source/statuspage/components-only.json")));
        serveQuietStatuspage();

        poll(page);
        poll(page);
        poll(page);

        assertThat(server.count(COMPONENTS)).isEqualTo(2);
    }

    @Test
    void shouldKeepTheSnapshotAndReportTheFailedRequestWhenIncidentsJsonFails() {
        server.on(SUMMARY, json(statuspage("summary-investigating.json")))
                .on(INCIDENTS, status(500, "text/plain", "oops"), json(statuspage("incidents-older.json")))
                .on(MAINTENANCES, json(statuspage("scheduled-maintenances-none.json")));

        PollOutcome first = poll(page);
        PollOutcome second = poll(page);

        assertThat(changed(first).incidents()).extracting(IncidentSnapshot::id).containsExactly("incpoll00001");
        assertThat(first.up()).isFalse();
        assertThat(first.failedRequests())
                .extracting(SourceHealth::kind, SourceHealth::url)
                .containsExactly(tuple(SourceHealth.Kind.HTTP_5XX, url(INCIDENTS)));
        assertThat(server.count(INCIDENTS)).isEqualTo(2); // retried on the next poll although not due
        assertThat(second.up()).isTrue();
        assertThat(changed(second).incidents()).extracting(IncidentSnapshot::id).contains("incold000001");
    }

    @Test
    void shouldFailWithInvalidJsonWhenTheSummaryIsNotAJsonObject() {
        server.on(SUMMARY, json("{not json"));
        serveQuietStatuspage();

        SourceHealth health = failed(poll(page));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.INVALID_JSON);
        assertThat(health.url()).isEqualTo(url(SUMMARY));
        assertThat(health.message()).startsWith("body of " + url(SUMMARY) + " unreadable at $: invalid JSON");
    }

    @Test
    void shouldFailWithFormatWhenASummaryIncidentHasNoId() {
        server.on(SUMMARY, json("{\"page\":{\"id\":\"p\"},\"components\":[],\"incidents\":[{\"name\":\"no id\"}]}"));
        serveQuietStatuspage();

        SourceHealth health = failed(poll(page));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.FORMAT);
        assertThat(health.url()).isEqualTo(url(SUMMARY));
        assertThat(health.message()).contains("$.incidents[0]");
    }

    @Test
    void shouldParseWithoutAnOptionalBodyAndRefetchItWhenItDoesNotParse() {
        server.on(SUMMARY, json(statuspage("summary-investigating.json")))
                .on(
                        INCIDENTS,
                        json(PollFixtures.resource("source/statuspage/incidents-missing-id.json")),
                        json(statuspage("incidents-older.json")))
                .on(MAINTENANCES, json(statuspage("scheduled-maintenances-none.json")));

        PollOutcome first = poll(page);
        PollOutcome second = poll(page);

        assertThat(changed(first).incidents()).extracting(IncidentSnapshot::id).containsExactly("incpoll00001");
        assertThat(first.failedRequests())
                .extracting(SourceHealth::kind, SourceHealth::url)
                .containsExactly(tuple(SourceHealth.Kind.FORMAT, url(INCIDENTS)));
        assertThat(changed(second).incidents()).extracting(IncidentSnapshot::id).contains("incold000001");
        assertThat(second.up()).isTrue();
    }

    @Test
    void shouldFailWithTheFetchProblemWhenTheSummaryCannotBeFetched() {
        server.on(SUMMARY, status(401, "text/plain", "page inactive"));
        serveQuietStatuspage();

        SourceHealth health = failed(poll(page));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.HTTP_4XX);
        assertThat(health.message()).isEqualTo("HTTP 401 from " + url(SUMMARY) + ": page inactive");
        assertThat(poller.parseCount()).isZero();
    }

    @Test
    void shouldReadProxyAndLeaveTheShimAloneWhenProxyAnswers() {
        Provider openai = incidentIoProvider("openai", server.baseUrl());
        server.on(PROXY, json(incidentIo("proxy-summary.json")))
                .on(PROXY_INCIDENTS, json(incidentIo("proxy-incidents.json")));

        PollOutcome outcome = poll(openai);

        PageSnapshot snapshot = changed(outcome);
        assertThat(outcome.up()).isTrue();
        assertThat(snapshot.pageId()).isEqualTo("01TESTPAGE0000000000000000");
        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::id, ComponentSnapshot::groupName)
                .containsExactly(
                        tuple("01TESTCMPAPI0000000000000", "Core"),
                        tuple("01TESTCMPCHAT000000000000", "Core"),
                        tuple("01TESTCMPLOGIN00000000000", null));
        assertThat(snapshot.warnings()).noneMatch(w -> w.contains(PagePoller.FELL_BACK));
        assertThat(server.count(SUMMARY) + server.count(COMPONENTS) + server.count(INCIDENTS))
                .isZero();
    }

    @Test
    void shouldFetchTheShimAndNoteTheFallbackWhenProxyFails() {
        Provider openai = incidentIoProvider("openai", server.baseUrl());
        server.on(PROXY, status(503, "text/html", "<h1>Service Unavailable</h1>"))
                .on(PROXY_INCIDENTS, status(503, "text/html", "<h1>Service Unavailable</h1>"))
                .on(SUMMARY, json(incidentIo("shim-summary.json")))
                .on(COMPONENTS, json(incidentIo("shim-components.json")))
                .on(INCIDENTS, json(incidentIo("shim-incidents.json")));

        PollOutcome outcome = poll(openai);

        PageSnapshot snapshot = changed(outcome);
        assertThat(snapshot.warnings())
                .anyMatch(w -> w.startsWith("incident.io " + PROXY + " failed (HTTP 503 from " + url(PROXY))
                        && w.contains(
                                "fell back to the Statuspage-compatible shim (" + SUMMARY + ", " + COMPONENTS + ")"));
        assertThat(snapshot.components())
                .extracting(ComponentSnapshot::id)
                .containsExactly("01TESTCMPAPI0000000000000", "01TESTCMPCHAT000000000000", "01TESTCMPLOGIN00000000000");
        assertThat(snapshot.incidents()).extracting(IncidentSnapshot::id).contains("01TESTINCONGOING000000000");
        assertThat(outcome.up()).isFalse();
        assertThat(outcome.failedRequests())
                .extracting(SourceHealth::kind, SourceHealth::url)
                .containsExactlyInAnyOrder(
                        tuple(SourceHealth.Kind.HTTP_5XX, url(PROXY)),
                        tuple(SourceHealth.Kind.HTTP_5XX, url(PROXY_INCIDENTS)));
        assertThat(server.count(SUMMARY)).isEqualTo(1);
        assertThat(server.count(COMPONENTS)).isEqualTo(1);
        assertThat(server.count(INCIDENTS)).isEqualTo(1);
    }

    @Test
    void shouldFallBackToTheShimWhenTheProxyBodyDrifts() {
        Provider openai = incidentIoProvider("openai", server.baseUrl());
        server.on(PROXY, json("{\"page\":{}}"))
                .on(PROXY_INCIDENTS, json(incidentIo("proxy-incidents.json")))
                .on(SUMMARY, json(incidentIo("shim-summary.json")))
                .on(COMPONENTS, json(incidentIo("shim-components.json")));

        PollOutcome outcome = poll(openai);

        PageSnapshot snapshot = changed(outcome);
        assertThat(snapshot.warnings())
                .anyMatch(w -> w.equals("incident.io " + PROXY + " did not parse: fell back to the "
                        + "Statuspage-compatible shim (" + SUMMARY + ", " + COMPONENTS + ")"));
        assertThat(snapshot.components()).hasSize(3);
        assertThat(outcome.failedRequests())
                .extracting(SourceHealth::kind, SourceHealth::url)
                .containsExactly(tuple(SourceHealth.Kind.FORMAT, url(PROXY)));
        assertThat(server.count(INCIDENTS)).isZero();
    }

    @Test
    void shouldFailWithTheProxyProblemWhenTheShimFailsToo() {
        Provider openai = incidentIoProvider("openai", server.baseUrl());
        server.on(PROXY, status(503, "text/plain", "down")).on(PROXY_INCIDENTS, status(503, "text/plain", "down"));

        SourceHealth health = failed(poll(openai));

        assertThat(health.kind()).isEqualTo(SourceHealth.Kind.HTTP_5XX);
        assertThat(health.url()).isEqualTo(url(PROXY));
        assertThat(health.message())
                .isEqualTo("HTTP 503 from " + url(PROXY) + ": down; the shim failed too: HTTP 404 from " + url(SUMMARY)
                        + ": no route for " + SUMMARY);
    }

    @Test
    void shouldReturnToProxyAndReportUpWhenProxyRecovers() {
        Provider openai = incidentIoProvider("openai", server.baseUrl());
        server.on(PROXY, status(503, "text/plain", "down"), json(incidentIo("proxy-summary.json")))
                .on(PROXY_INCIDENTS, json(incidentIo("proxy-incidents.json")))
                .on(SUMMARY, json(incidentIo("shim-summary.json")))
                .on(COMPONENTS, json(incidentIo("shim-components.json")));
        PollOutcome first = poll(openai);

        PollOutcome second = poll(openai);

        assertThat(first.up()).isFalse();
        assertThat(second.up()).isTrue();
        assertThat(changed(second).warnings()).noneMatch(w -> w.contains(PagePoller.FELL_BACK));
        assertThat(changed(second).components())
                .extracting(ComponentSnapshot::groupName)
                .containsExactly("Core", "Core", null);
        assertThat(server.count(SUMMARY)).isEqualTo(1);
    }

    @Test
    void shouldReadTheRealAnthropicPagesOverHttpAndConfirmTheResolutionWhenSharedFixturesAreConfigured()
            throws Exception {
        String summary = sharedFixture("statuspage/anthropic_summary_2026-10-07_incident-monitoring.json");
        String incidents = sharedFixture("statuspage/anthropic_incidents_2026-09-15_first-4-of-50.json");
        String maintenances = sharedFixture("statuspage/anthropic_scheduled-maintenances_2026-09-15.json");
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode cleared = (ObjectNode) mapper.readTree(summary);
        cleared.putArray("incidents");
        server.on(SUMMARY, json(summary), json(mapper.writeValueAsString(cleared)))
                .on(INCIDENTS, json(incidents))
                .on(MAINTENANCES, json(maintenances));
        Provider anthropic = statuspageProvider("anthropic", server.baseUrl());

        PageSnapshot first = changed(poll(anthropic));
        PageSnapshot second = changed(poll(anthropic));

        assertThat(first.pageId()).isEqualTo("tymt9n04zgry");
        assertThat(first.incidents())
                .extracting(IncidentSnapshot::id)
                .contains(
                        "978mjkgw6mh7",
                        "6304r9jjhj34",
                        "r1pqn1kb4hvk",
                        "t33dncr5ydvl",
                        "2pt83vlkk7x7",
                        "x017628t2rl5",
                        "16z0qdmy3qv2");
        assertThat(ResolutionCheck.openIncidentIds(first)).contains("978mjkgw6mh7");
        assertThat(server.count(INCIDENTS)).isEqualTo(2); // the open incident left the summary: confirmed at once
        assertThat(second.incidents()).extracting(IncidentSnapshot::id).doesNotContain("978mjkgw6mh7");
    }
}
