/**
 * The platform adapters' parsing: raw status-page bodies in, a platform-neutral
 * {@link dev.incidentmonitor.ingest.model.PageSnapshot} out. Pure functions, no HTTP; the poller fetches and
 * decides what to fetch.
 *
 * <ul>
 *   <li>{@link dev.incidentmonitor.ingest.source.StatuspageParser}: Atlassian Statuspage v2.
 *   <li>{@link dev.incidentmonitor.ingest.source.IncidentIoParser}: incident.io pages, {@code /proxy} first,
 *       the Statuspage-compatible shim as fallback.
 *   <li>{@link dev.incidentmonitor.ingest.source.ResolutionCheck}: which incidents left the open list without a
 *       visible resolution, so the poller confirms them from {@code incidents.json}.
 * </ul>
 *
 * <p>Choices the SPEC leaves open, written down here:
 *
 * <ul>
 *   <li>Errors: a body that is not a JSON object, or an incident or update without its id, an update without a
 *       status or a time, a required list of the wrong type, is a {@link
 *       dev.incidentmonitor.ingest.source.SourceFormatException} naming the endpoint and the JSON path (source
 *       health). A component entry without an id is dropped with a warning instead, so one odd entry does not
 *       cost the whole body. Unknown status, impact or component-status words map to {@code UNKNOWN} with one
 *       warning per word and endpoint (repeats counted). Metadata times that do not parse become {@code null}
 *       with a warning; update times that do not parse are errors.
 *   <li>Several endpoints in one poll: incidents are de-duplicated by id, the version with most updates
 *       winning, then the latest {@code updated_at}; components from {@code components.json} win over the
 *       summary's. Statuspage groups ({@code group: true}) are not services; they name their members' group.
 *   <li>incident.io: hidden components of {@code structure} are left out of the component list (the page does
 *       not show them). {@code /proxy} has no incident impact: it is taken from the shim when the shim lists
 *       the incident, else inferred from the worst component status named (degraded → minor, partial → major,
 *       full → critical; none named → none). Per-update component changes carry only the new status
 *       ({@code component_statuses}); the old one is not recorded and stays {@code null}. A {@code /proxy} body
 *       that is missing or does not parse is replaced by its shim counterpart when the poll holds one, with a
 *       warning; when it holds none, a parse failure is thrown.
 * </ul>
 */
package dev.incidentmonitor.ingest.source;
