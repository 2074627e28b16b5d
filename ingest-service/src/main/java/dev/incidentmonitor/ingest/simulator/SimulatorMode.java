package dev.incidentmonitor.ingest.simulator;

/** How the simulator decides what its pages show. */
public enum SimulatorMode {
    /** Scripted snapshots per page from a scenario directory (or the built-in demo scenario). */
    REPLAY,
    /** Pages whose incidents are drawn from the study's distributions ({@link StudyDistributions}). */
    GENERATE
}
