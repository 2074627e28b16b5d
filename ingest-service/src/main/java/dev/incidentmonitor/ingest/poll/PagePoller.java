package dev.incidentmonitor.ingest.poll;

import dev.incidentmonitor.ingest.catalog.Platform;
import dev.incidentmonitor.ingest.catalog.Provider;
import dev.incidentmonitor.ingest.model.IncidentSnapshot;
import dev.incidentmonitor.ingest.model.PageSnapshot;
import dev.incidentmonitor.ingest.source.IncidentIoParser;
import dev.incidentmonitor.ingest.source.IncidentIoPoll;
import dev.incidentmonitor.ingest.source.ResolutionCheck;
import dev.incidentmonitor.ingest.source.SourceFormatException;
import dev.incidentmonitor.ingest.source.StatuspageEndpoint;
import dev.incidentmonitor.ingest.source.StatuspageParser;
import dev.incidentmonitor.ingest.source.StatuspagePoll;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one status page: decides which endpoints to fetch, fetches them through {@link PageFetcher}, and turns
 * the bodies into a {@link PageSnapshot} with the platform's parser.
 *
 * <p>The fetch plan, per platform:
 *
 * <ul>
 *   <li>Statuspage: {@code summary.json} on every poll; {@code incidents.json} every {@link
 *       PollSettings#incidentsEvery()}th poll (edits and back-dated updates of recent incidents) and whenever an
 *       incident left the summary without a visible resolution ({@link ResolutionCheck}): the summary lists only
 *       open incidents, so the resolution must be confirmed from {@code incidents.json} in the same poll;
 *       {@code scheduled-maintenances.json} likewise for maintenances; {@code components.json} optionally.
 *   <li>incident.io: {@code /proxy/<host>} on every poll and {@code /proxy/<host>/incidents} on a slower cadence
 *       (and when an incident left the ongoing list). When a {@code /proxy} request fails, or its body does not
 *       parse (drift), the Statuspage-compatible shim ({@code summary.json} + {@code components.json}, or
 *       {@code incidents.json}) is fetched in the same poll and the parser falls back to it; the snapshot then
 *       carries a warning saying it "fell back to the Statuspage-compatible shim", and the failed request is in
 *       {@link PollOutcome#failedRequests()}.
 * </ul>
 *
 * <p>The last good body of every endpoint is kept (with its {@code ETag}/{@code Last-Modified}), so an endpoint
 * that answered 304 or was not due this poll still feeds the parser. When every body the parser would read is
 * the one it read last time, the poll stops before parsing and reports {@link PollOutcome.Unchanged}: that is the
 * common case, and it costs one conditional GET and an identity check.
 *
 * <p>A required body (the summary) that fails makes the poll {@link PollOutcome.Failed}; an optional one
 * ({@code incidents.json}, maintenances, components) that fails is reported in {@link
 * PollOutcome#failedRequests()}, its last good body is used, and it is fetched again on the next poll.
 *
 * <p>Thread-safety: polls of different providers may run concurrently; polls of one provider must not (the
 * {@link PollScheduler} guarantees it). A poll started while the previous one of the same provider is still
 * running is reported as {@link SourceHealth.Kind#TIMEOUT} at once, so a stuck poll cannot corrupt the page's
 * state.
 */
public final class PagePoller {
    private static final Logger LOG = LoggerFactory.getLogger(PagePoller.class);

    /** The note a fallback adds to the snapshot's warnings (the brief's wording, for dashboards to match on). */
    static final String FELL_BACK = "fell back to the Statuspage-compatible shim";

    private final PageFetcher fetcher;
    private final PollSettings settings;
    private final Clock clock;
    private final ConcurrentMap<String, PageState> states = new ConcurrentHashMap<>();
    private final AtomicLong parses = new AtomicLong();

    /**
     * @param fetcher the HTTP side
     * @param settings how often the endpoints other than the summary are read
     */
    public PagePoller(PageFetcher fetcher, PollSettings settings) {
        this(fetcher, settings, Clock.systemUTC());
    }

    /**
     * @param fetcher the HTTP side
     * @param settings how often the endpoints other than the summary are read
     * @param clock gives the snapshots' {@code observedAt}
     */
    public PagePoller(PageFetcher fetcher, PollSettings settings, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Polls the provider's page once. Problems of the page complete the future with {@link PollOutcome.Failed};
     * it completes exceptionally only on a bug.
     */
    public CompletableFuture<PollOutcome> poll(Provider provider) {
        Objects.requireNonNull(provider, "provider");
        PageState state = states.compute(
                provider.id(),
                (id, old) -> old != null && old.serves(provider) ? old : new PageState(provider, plan(provider)));
        if (!state.busy.compareAndSet(false, true)) {
            return CompletableFuture.completedFuture(new PollOutcome.Failed(new SourceHealth(
                    SourceHealth.Kind.TIMEOUT,
                    "the previous poll of " + provider.id() + " (" + provider.baseUrl() + ") has not finished yet",
                    provider.baseUrl(),
                    0)));
        }
        CompletableFuture<PollOutcome> outcome;
        try {
            outcome = new Poll(state).run();
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        return outcome.whenComplete((result, error) -> state.busy.set(false));
    }

    /** Drops everything kept about a provider (cached bodies, open incidents), e.g. when it leaves the catalogue. */
    public void forget(String providerId) {
        states.remove(providerId);
    }

    /** How many times a parser ran, over all providers: lets tests prove an unchanged poll did not parse. */
    /* test */ long parseCount() {
        return parses.get();
    }

    private List<RolePlan> plan(Provider provider) {
        return switch (provider.platform()) {
            case STATUSPAGE -> {
                List<RolePlan> plan = new ArrayList<>();
                plan.add(new RolePlan(Role.SUMMARY, source(provider, StatuspageEndpoint.SUMMARY), List.of(), 1));
                plan.add(new RolePlan(
                        Role.HISTORY,
                        source(provider, StatuspageEndpoint.INCIDENTS),
                        List.of(),
                        settings.incidentsEvery()));
                plan.add(new RolePlan(
                        Role.MAINTENANCES,
                        source(provider, StatuspageEndpoint.SCHEDULED_MAINTENANCES),
                        List.of(),
                        settings.scheduledMaintenancesEvery()));
                if (settings.componentsEvery() > 0) {
                    plan.add(new RolePlan(
                            Role.COMPONENTS,
                            source(provider, StatuspageEndpoint.COMPONENTS),
                            List.of(),
                            settings.componentsEvery()));
                }
                yield List.copyOf(plan);
            }
            case INCIDENTIO -> {
                IncidentIoPoll names = IncidentIoPoll.ofProxy(provider.baseUrl().getHost(), null, null);
                yield List.of(
                        new RolePlan(
                                Role.SUMMARY,
                                source(provider, names.proxySummaryEndpoint()),
                                List.of(
                                        source(provider, StatuspageEndpoint.SUMMARY),
                                        source(provider, StatuspageEndpoint.COMPONENTS)),
                                1),
                        new RolePlan(
                                Role.HISTORY,
                                source(provider, names.proxyIncidentsEndpoint()),
                                List.of(source(provider, StatuspageEndpoint.INCIDENTS)),
                                settings.proxyIncidentsEvery()));
            }
        };
    }

    private static Source source(Provider provider, StatuspageEndpoint endpoint) {
        return source(provider, endpoint.path());
    }

    private static Source source(Provider provider, String path) {
        return new Source(path, provider.endpoint(path));
    }

    /** What a body is for in a poll; each role has one primary endpoint and, on incident.io, shim fallbacks. */
    private enum Role {
        SUMMARY,
        HISTORY,
        MAINTENANCES,
        COMPONENTS
    }

    /**
     * An endpoint: {@code key} is its path as the parsers name it in {@link SourceFormatException#endpoint()}.
     */
    private record Source(String key, URI url) {}

    /**
     * @param every read on every {@code every}th poll; 0 = only on demand; the summary has 1
     * @param fallback fetched when the primary fails or does not parse; the first one is required, the rest help
     */
    private record RolePlan(Role role, Source primary, List<Source> fallback, int every) {}

    /** The fetch results of one role: the primary's, then the fallbacks' when they were fetched. */
    private record RoleFetch(RolePlan plan, Map<Source, FetchResult> results) {}

    private record Parsed(PageSnapshot snapshot, Map<String, CachedBody> inputs) {}

    /** Everything kept between polls of one page; touched by one poll at a time ({@link #busy}). */
    private static final class PageState {
        final Provider provider;
        final List<RolePlan> plan;
        final AtomicBoolean busy = new AtomicBoolean();
        long pollCount;
        /** Last good body per endpoint key. */
        final Map<String, CachedBody> cache = new HashMap<>();
        /** Which endpoints feed the parser, per role (a role not yet read has none). */
        final Map<Role, List<Source>> current = new EnumMap<>(Role.class);
        /** Roles whose last fetch failed: fetched again on the next poll whatever their cadence. */
        final Set<Role> retry = EnumSet.noneOf(Role.class);
        /** The bodies of the last summary-only parse, and what it found open. */
        Map<String, CachedBody> summaryInputs;

        Set<String> openIds = Set.of();
        Set<String> maintenanceIds = Set.of();
        /** The bodies of the last full parse. */
        Map<String, CachedBody> lastInputs;

        PageState(Provider provider, List<RolePlan> plan) {
            this.provider = provider;
            this.plan = plan;
        }

        /** Whether this state still describes {@code other}'s page (same page, same platform). */
        boolean serves(Provider other) {
            return provider.baseUrl().equals(other.baseUrl()) && provider.platform() == other.platform();
        }

        RolePlan planFor(Role role) {
            for (RolePlan p : plan) {
                if (p.role() == role) {
                    return p;
                }
            }
            return null;
        }
    }

    /** One poll of one page; its steps run one after another, so it needs no locking. */
    private final class Poll {
        private final PageState state;
        private final Provider provider;
        private final List<SourceHealth> failed = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final Set<Role> fetched = EnumSet.noneOf(Role.class);
        private SourceHealth fatal;
        private Instant observedAt;

        Poll(PageState state) {
            this.state = state;
            this.provider = state.provider;
        }

        CompletableFuture<PollOutcome> run() {
            long number = state.pollCount++;
            Set<Role> due = EnumSet.noneOf(Role.class);
            for (RolePlan p : state.plan) {
                if (state.retry.contains(p.role()) || (p.every() > 0 && number % p.every() == 0)) {
                    due.add(p.role());
                }
            }
            return fetchRoles(due)
                    .thenCompose(v -> {
                        observedAt = clock.instant();
                        return checkResolutions();
                    })
                    .thenCompose(v -> finish());
        }

        private CompletableFuture<Void> fetchRoles(Set<Role> roles) {
            fetched.addAll(roles);
            List<CompletableFuture<RoleFetch>> parts = new ArrayList<>();
            for (RolePlan p : state.plan) {
                if (roles.contains(p.role())) {
                    parts.add(fetchRole(p));
                }
            }
            // Results are applied here, in one thread, after all arrived: the page state needs no lock.
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenRun(() -> parts.forEach(part -> apply(part.join())));
        }

        private CompletableFuture<RoleFetch> fetchRole(RolePlan p) {
            return fetch(p.primary()).thenCompose(primary -> {
                Map<Source, FetchResult> results = new LinkedHashMap<>();
                results.put(p.primary(), primary);
                if (primary instanceof FetchResult.Fetched || p.fallback().isEmpty()) {
                    return CompletableFuture.completedFuture(new RoleFetch(p, results));
                }
                return fetchAll(p.fallback()).thenApply(more -> {
                    results.putAll(more);
                    return new RoleFetch(p, results);
                });
            });
        }

        private CompletableFuture<FetchResult> fetch(Source source) {
            return fetcher.fetch(source.url(), state.cache.get(source.key()));
        }

        private CompletableFuture<Map<Source, FetchResult>> fetchAll(List<Source> sources) {
            List<CompletableFuture<FetchResult>> parts =
                    sources.stream().map(this::fetch).toList();
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenApply(v -> {
                        Map<Source, FetchResult> out = new LinkedHashMap<>();
                        for (int i = 0; i < sources.size(); i++) {
                            out.put(sources.get(i), parts.get(i).join());
                        }
                        return out;
                    });
        }

        private void apply(RoleFetch roleFetch) {
            RolePlan p = roleFetch.plan();
            FetchResult primary = roleFetch.results().get(p.primary());
            if (primary instanceof FetchResult.Fetched body) {
                state.cache.put(p.primary().key(), body.body());
                state.current.put(p.role(), List.of(p.primary()));
                state.retry.remove(p.role());
                return;
            }
            SourceHealth primaryHealth = ((FetchResult.Failed) primary).health();
            if (roleFetch.results().size() == 1) {
                roleFailed(p, primaryHealth);
                return;
            }
            List<Source> used = new ArrayList<>();
            List<SourceHealth> fallbackFailures = new ArrayList<>();
            storeFallbacks(p, roleFetch.results(), used, fallbackFailures);
            if (used.isEmpty() || !used.get(0).equals(p.fallback().get(0))) {
                roleFailed(p, withFallbackFailure(primaryHealth, fallbackFailures.get(0)));
                return;
            }
            failed.add(primaryHealth);
            failed.addAll(fallbackFailures);
            state.current.put(p.role(), List.copyOf(used));
            state.retry.remove(p.role());
            notes.add(fallbackNote(p, "failed (" + primaryHealth.message() + ")", used));
        }

        private void storeFallbacks(
                RolePlan p, Map<Source, FetchResult> results, List<Source> used, List<SourceHealth> failures) {
            for (Source s : p.fallback()) {
                FetchResult r = results.get(s);
                if (r instanceof FetchResult.Fetched body) {
                    state.cache.put(s.key(), body.body());
                    used.add(s);
                } else if (r instanceof FetchResult.Failed failure) {
                    failures.add(failure.health());
                }
            }
        }

        private void roleFailed(RolePlan p, SourceHealth health) {
            if (p.role() == Role.SUMMARY) {
                if (fatal == null) {
                    fatal = health;
                }
            } else {
                failed.add(health);
                state.retry.add(p.role());
            }
        }

        /**
         * Parses the summary alone when it changed, to find incidents that left the open list without a visible
         * resolution, and fetches {@code incidents.json} (or the maintenances) now to confirm them.
         */
        private CompletableFuture<Void> checkResolutions() {
            if (fatal != null) {
                return CompletableFuture.completedFuture(null);
            }
            Set<Role> summaryRole = EnumSet.of(Role.SUMMARY);
            if (state.summaryInputs != null && sameInputs(inputs(summaryRole), state.summaryInputs)) {
                return CompletableFuture.completedFuture(null);
            }
            return parseRecovering(summaryRole, 2).thenCompose(parsed -> {
                if (parsed == null) {
                    return CompletableFuture.completedFuture(null);
                }
                PageSnapshot summary = parsed.snapshot();
                List<String> left = ResolutionCheck.leftWithoutResolution(state.openIds, summary);
                Set<String> wereMaintenances = state.maintenanceIds;
                state.openIds = ResolutionCheck.openIncidentIds(summary);
                state.maintenanceIds = summary.incidents().stream()
                        .filter(IncidentSnapshot::maintenance)
                        .map(IncidentSnapshot::id)
                        .collect(Collectors.toUnmodifiableSet());
                state.summaryInputs = parsed.inputs();
                if (left.isEmpty()) {
                    return CompletableFuture.completedFuture(null);
                }
                Set<Role> confirm = EnumSet.noneOf(Role.class);
                for (String id : left) {
                    boolean maintenance = wereMaintenances.contains(id) && state.planFor(Role.MAINTENANCES) != null;
                    confirm.add(maintenance ? Role.MAINTENANCES : Role.HISTORY);
                }
                confirm.removeAll(fetched);
                LOG.debug(
                        "{}: {} left the open list without a visible resolution; confirming from {}",
                        provider.id(),
                        left,
                        confirm.isEmpty() ? "the bodies already fetched" : confirm);
                return confirm.isEmpty() ? CompletableFuture.completedFuture(null) : fetchRoles(confirm);
            });
        }

        private CompletableFuture<PollOutcome> finish() {
            if (fatal != null) {
                return CompletableFuture.completedFuture(new PollOutcome.Failed(fatal));
            }
            Set<Role> all = EnumSet.allOf(Role.class);
            if (state.lastInputs != null && sameInputs(inputs(all), state.lastInputs)) {
                retainCurrentBodies();
                return CompletableFuture.completedFuture(new PollOutcome.Unchanged(failed));
            }
            return parseRecovering(all, state.plan.size() + 1).thenApply(parsed -> {
                retainCurrentBodies();
                if (parsed == null) {
                    return new PollOutcome.Failed(fatal);
                }
                boolean same = state.lastInputs != null && sameInputs(parsed.inputs(), state.lastInputs);
                state.lastInputs = parsed.inputs();
                if (same) {
                    return new PollOutcome.Unchanged(failed);
                }
                return new PollOutcome.Changed(withNotes(parsed.snapshot()), failed);
            });
        }

        /**
         * Parses the bodies of {@code roles}; when a body does not parse, falls back to the shim (incident.io) or
         * drops an optional body, and tries again. Completes with {@code null} when the poll failed ({@link
         * #fatal} says why).
         */
        private CompletableFuture<Parsed> parseRecovering(Set<Role> roles, int attemptsLeft) {
            Map<String, CachedBody> inputs = inputs(roles);
            if (inputs.isEmpty()) {
                fatal = new SourceHealth(
                        SourceHealth.Kind.INTERNAL_ERROR,
                        "no body to parse for " + provider.id(),
                        provider.baseUrl(),
                        0);
                return CompletableFuture.completedFuture(null);
            }
            try {
                return CompletableFuture.completedFuture(new Parsed(parse(inputs), inputs));
            } catch (SourceFormatException e) {
                if (attemptsLeft <= 0) {
                    fatal = formatHealth(e);
                    return CompletableFuture.completedFuture(null);
                }
                return recover(e)
                        .thenCompose(retry -> retry
                                ? parseRecovering(roles, attemptsLeft - 1)
                                : CompletableFuture.completedFuture(null));
            }
        }

        /** Reacts to a body that does not parse; completes with whether parsing is worth another try. */
        private CompletableFuture<Boolean> recover(SourceFormatException e) {
            SourceHealth health = formatHealth(e);
            RolePlan p = roleReading(e.endpoint());
            if (p == null) {
                fatal = health;
                return CompletableFuture.completedFuture(false);
            }
            List<Source> current = state.current.getOrDefault(p.role(), List.of());
            boolean canFallBack = !p.fallback().isEmpty()
                    && e.endpoint().equals(p.primary().key())
                    && !current.contains(p.fallback().get(0));
            if (!canFallBack) {
                return CompletableFuture.completedFuture(dropOrFail(p, health));
            }
            return fetchAll(p.fallback()).thenApply(results -> {
                List<Source> used = new ArrayList<>();
                List<SourceHealth> fallbackFailures = new ArrayList<>();
                storeFallbacks(p, results, used, fallbackFailures);
                if (used.isEmpty() || !used.get(0).equals(p.fallback().get(0))) {
                    return dropOrFail(p, withFallbackFailure(health, fallbackFailures.get(0)));
                }
                failed.add(health);
                failed.addAll(fallbackFailures);
                // The broken primary stays in: the parser replaces it by the shim and says so in a warning.
                List<Source> now = new ArrayList<>(current);
                now.addAll(used);
                state.current.put(p.role(), List.copyOf(now));
                notes.add(fallbackNote(p, "did not parse", used));
                return true;
            });
        }

        /** Fails the poll for a broken summary; for an optional body, parses without it and refetches it next time. */
        private boolean dropOrFail(RolePlan p, SourceHealth health) {
            if (p.role() == Role.SUMMARY) {
                fatal = health;
                return false;
            }
            failed.add(health);
            for (Source s : state.current.getOrDefault(p.role(), List.of())) {
                state.cache.remove(s.key()); // so a 304 cannot bring the broken body back
            }
            state.current.put(p.role(), List.of());
            state.retry.add(p.role());
            return true;
        }

        private RolePlan roleReading(String endpoint) {
            for (RolePlan p : state.plan) {
                for (Source s : state.current.getOrDefault(p.role(), List.of())) {
                    if (s.key().equals(endpoint)) {
                        return p;
                    }
                }
            }
            return null;
        }

        private PageSnapshot parse(Map<String, CachedBody> inputs) throws SourceFormatException {
            parses.incrementAndGet();
            Instant at = observedAt != null ? observedAt : clock.instant();
            if (provider.platform() == Platform.STATUSPAGE) {
                StatuspagePoll poll = new StatuspagePoll(null, null, null, null, null);
                for (StatuspageEndpoint endpoint : StatuspageEndpoint.values()) {
                    CachedBody body = inputs.get(endpoint.path());
                    if (body != null) {
                        poll = poll.with(endpoint, body.text());
                    }
                }
                return StatuspageParser.parse(provider.id(), poll, at);
            }
            RolePlan summary = state.planFor(Role.SUMMARY);
            RolePlan history = state.planFor(Role.HISTORY);
            IncidentIoPoll poll = new IncidentIoPoll(
                    provider.baseUrl().getHost(),
                    text(inputs, summary.primary().key()),
                    text(inputs, history.primary().key()),
                    text(inputs, StatuspageEndpoint.SUMMARY.path()),
                    text(inputs, StatuspageEndpoint.COMPONENTS.path()),
                    text(inputs, StatuspageEndpoint.INCIDENTS.path()));
            return IncidentIoParser.parse(provider.id(), poll, at);
        }

        /** The cached bodies feeding {@code roles}, by endpoint key. */
        private Map<String, CachedBody> inputs(Set<Role> roles) {
            Map<String, CachedBody> inputs = new LinkedHashMap<>();
            for (RolePlan p : state.plan) {
                if (roles.contains(p.role())) {
                    for (Source s : state.current.getOrDefault(p.role(), List.of())) {
                        CachedBody body = state.cache.get(s.key());
                        if (body != null) {
                            inputs.put(s.key(), body);
                        }
                    }
                }
            }
            return inputs;
        }

        /** Frees the bodies of endpoints nothing reads any more (a shim after {@code /proxy} came back). */
        private void retainCurrentBodies() {
            Set<String> keep = new HashSet<>();
            state.current.values().forEach(sources -> sources.forEach(s -> keep.add(s.key())));
            state.cache.keySet().retainAll(keep);
        }

        private PageSnapshot withNotes(PageSnapshot snapshot) {
            if (notes.isEmpty()) {
                return snapshot;
            }
            List<String> warnings = new ArrayList<>(snapshot.warnings());
            warnings.addAll(notes);
            return new PageSnapshot(
                    snapshot.provider(),
                    snapshot.pageId(),
                    snapshot.timeZone(),
                    snapshot.components(),
                    snapshot.incidents(),
                    snapshot.observedAt(),
                    warnings);
        }

        private SourceHealth formatHealth(SourceFormatException e) {
            URI url = e.endpoint().startsWith("/") ? provider.endpoint(e.endpoint()) : provider.baseUrl();
            String message = e.getMessage();
            String where = message.startsWith(e.endpoint() + " ")
                    ? message.substring(e.endpoint().length() + 1)
                    : message;
            // "$" is the whole body: not a JSON object at all, rather than a field the parser needs.
            SourceHealth.Kind kind =
                    e.jsonPath().equals("$") ? SourceHealth.Kind.INVALID_JSON : SourceHealth.Kind.FORMAT;
            return new SourceHealth(kind, "body of " + url + " unreadable at " + where, url, 0);
        }
    }

    private static String fallbackNote(RolePlan p, String reason, List<Source> used) {
        return "incident.io " + p.primary().key() + " " + reason + ": " + FELL_BACK + " ("
                + used.stream().map(Source::key).collect(Collectors.joining(", ")) + ")";
    }

    private static SourceHealth withFallbackFailure(SourceHealth primary, SourceHealth fallback) {
        return new SourceHealth(
                primary.kind(),
                primary.message() + "; the shim failed too: " + fallback.message(),
                primary.url(),
                primary.httpStatus(),
                primary.retryAfter().isPresent() ? primary.retryAfter() : fallback.retryAfter());
    }

    private static boolean sameInputs(Map<String, CachedBody> a, Map<String, CachedBody> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, CachedBody> e : a.entrySet()) {
            if (!e.getValue().sameContent(b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String text(Map<String, CachedBody> inputs, String key) {
        CachedBody body = inputs.get(key);
        return body == null ? null : body.text();
    }
}
