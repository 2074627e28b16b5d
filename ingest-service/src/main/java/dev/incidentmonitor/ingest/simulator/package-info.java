/**
 * A status-page simulator: one local HTTP server ({@link dev.incidentmonitor.ingest.simulator.StatusPageSimulator})
 * that serves many Atlassian-Statuspage-shaped and incident.io-shaped pages, so the system can be run from a fresh
 * clone without internet ({@code incident-monitor simulate}, {@code up --simulate}), and so tests and the ingest
 * benchmark have pages to poll.
 *
 * <p><b>Replay mode</b> serves scripted snapshots from a scenario directory (see {@code Scenario} for the
 * {@code scenario.yaml} format), or the built-in demo scenario (classpath {@code simulator/}: one Statuspage page
 * walking through investigating → identified → monitoring → resolved).
 *
 * <p><b>Generate mode</b> serves pages whose incidents follow the ICPE'25 study's fitted distributions
 * ({@link dev.incidentmonitor.ingest.simulator.StudyDistributions}), accelerated by a time scale. Choices that the
 * study does not settle, written down here:
 *
 * <ul>
 *   <li>component status while an incident is open follows its impact the way Statuspage computes impact from
 *       component status, inverted: minor → degraded performance, major → partial outage, critical → major
 *       outage ({@code full_outage} on incident.io {@code /proxy}); impact none names the components but leaves them
 *       operational. At monitoring the components recover one step (major → partial → degraded → operational);
 *       at resolution the incident releases them. A component's page status is the worst status any open
 *       incident or maintenance holds it at, so overlapping incidents behave as on real pages;
 *   <li>an incident posted only as resolved names its components without changing them;
 *   <li>incident.io pages skip postmortem updates (incident.io has no such status) and maintenance
 *       {@code verifying};
 *   <li>maintenances (not in the study) arrive about every {@link
 *       dev.incidentmonitor.ingest.simulator.StudyDistributions#MAINTENANCE_MEAN_GAP} per page, announced 1-3 days
 *       ahead, 1-3 hours long, on one component;
 *   <li>{@code Last-Modified} of a generated page is the simulated time of its latest event, so headers and bodies
 *       are a function of seed, simulated start and simulated time only.
 * </ul>
 *
 * <p>Nothing here reads the study's data at run time.
 */
package dev.incidentmonitor.ingest.simulator;
