/**
 * The provider catalogue: which status pages the ingest-service polls, and how each one is read and weighted.
 *
 * <p>The catalogue is a YAML file that operators edit (a default ships as the classpath resource {@code
 * providers.yaml}). It is read once at start-up by {@link dev.incidentmonitor.ingest.catalog.ProviderCatalog},
 * and a bad file stops the start with every problem listed as {@code file:line:column: field.path: message}, so
 * a typo is found before the first poll rather than as a silently missing provider.
 */
package dev.incidentmonitor.ingest.catalog;
