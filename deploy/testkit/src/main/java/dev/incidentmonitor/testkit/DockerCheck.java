package dev.incidentmonitor.testkit;

import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers whether a Docker engine answers; in its own class so Testcontainers loads only on demand. */
final class DockerCheck {

    private DockerCheck() {}

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }
}
