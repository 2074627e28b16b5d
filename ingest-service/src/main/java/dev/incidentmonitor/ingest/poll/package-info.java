/**
 * Polling status pages in the real world: HTTP, pacing, failures, metrics.
 *
 * <ul>
 *   <li>{@link dev.incidentmonitor.ingest.poll.PageFetcher}: asynchronous GETs with timeouts, conditional GET,
 *       a body size cap, a JSON content-type check, and same-origin-only redirects.
 *   <li>{@link dev.incidentmonitor.ingest.poll.PagePoller}: the per-platform fetch plan (which endpoints, how
 *       often, the incident.io shim fallback, confirming resolutions from {@code incidents.json}), the last body
 *       per endpoint, and the parser; reports {@link dev.incidentmonitor.ingest.poll.PollOutcome}s and skips
 *       parsing when nothing changed.
 *   <li>{@link dev.incidentmonitor.ingest.poll.PollScheduler}: every provider at its interval with jitter,
 *       backoff and {@code Retry-After}, one poll per provider at a time, outcomes to a {@link
 *       dev.incidentmonitor.ingest.poll.PollListener} and to {@link dev.incidentmonitor.ingest.poll.PollMetrics}.
 * </ul>
 *
 * <p>Choices written down here:
 *
 * <ul>
 *   <li>A failed fetch, a timeout, a 4xx (401 "page inactive" included) or a body that does not parse is a
 *       {@link dev.incidentmonitor.ingest.poll.SourceHealth} problem of the page, never an outage of the provider
 *       (SPEC "Sources and what is not an outage"): it goes to metrics and logs, never into a snapshot.
 *   <li>"Up" means every request of the poll succeeded. A poll that still produced a snapshot while some request
 *       failed (the shim stood in for {@code /proxy}; {@code incidents.json} timed out) is reported as changed or
 *       unchanged with its failed requests, and {@code source_up} is 0.
 *   <li>The summary is required; the other endpoints are optional: when one fails, its last good body is used
 *       and it is fetched again on the next poll.
 *   <li>Confirming a resolution happens in the same poll: the summary is parsed alone first (only when it
 *       changed), and when an incident left it, {@code incidents.json} is fetched before the full parse.
 *   <li>Only the configured pages' origins are fetched; a redirect is followed only within the same origin.
 * </ul>
 */
package dev.incidentmonitor.ingest.poll;
