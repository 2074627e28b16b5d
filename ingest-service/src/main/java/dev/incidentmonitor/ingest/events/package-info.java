/**
 * From what a poll (or an import) saw to the events to publish, exactly once. Plain Java, no Kafka: the producer
 * side publishes a {@link dev.incidentmonitor.ingest.events.ChangeSet}'s events and commits its progress entries in
 * one transaction, then applies them to the {@link dev.incidentmonitor.ingest.events.PublishedState}.
 *
 * <ul>
 *   <li>{@link dev.incidentmonitor.ingest.events.ChangeDetector}: a {@code PageSnapshot} (or an {@code ImportResult})
 *       and the published state in, a {@code ChangeSet} out.
 *   <li>{@link dev.incidentmonitor.ingest.events.ContentHash}: the {@code content_hash} of an update, and its frozen
 *       canonical form.
 *   <li>{@link dev.incidentmonitor.ingest.events.ProgressEntry}: the facts the compacted progress topic stores, with
 *       their String keys and values.
 *   <li>{@link dev.incidentmonitor.ingest.events.InMemoryPublishedState}: those facts in memory.
 * </ul>
 *
 * <p>Choices the SPEC leaves open, written down here:
 *
 * <ul>
 *   <li>Exactly once means: events and progress are committed together, so after a crash the progress read back
 *       matches what consumers saw, and the next detection publishes what is missing and nothing else.
 *   <li>The first polled status of a component is published as a change from unknown ({@code old_status = null}).
 *   <li>An edited update is published again as a correction ({@code correction = true}, {@code
 *       previous_content_hash}); the newest event of an {@code update_id} wins. An update that disappears from
 *       the page, and a component transition a correction removes, are not retracted.
 *   <li>An edit of the incident only (title, impact, component list, URL) is not an edit of any update and is not
 *       published by itself; the next update carries it.
 *   <li>History (source {@code IMPORT}) takes {@code observed_time} from the event time, so re-importing the same
 *       files gives identical events; it is de-duplicated against the same progress as live polling.
 * </ul>
 */
package dev.incidentmonitor.ingest.events;
