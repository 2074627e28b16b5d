package dev.incidentmonitor.ingest.model;

import java.util.Objects;

/**
 * A component named by id, with the name it had where it was named.
 *
 * @param id the page's stable component id
 * @param name display name
 */
public record ComponentRef(String id, String name) {
    public ComponentRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
