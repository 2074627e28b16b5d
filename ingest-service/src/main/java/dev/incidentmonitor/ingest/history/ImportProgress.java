package dev.incidentmonitor.ingest.history;

import java.nio.file.Path;

/**
 * Progress of an import, reported once before the first file and once after each file.
 *
 * @param filesDone files read so far
 * @param filesTotal files found
 * @param rowsDone CSV records read so far, over all files (skipped ones included)
 * @param lastFile the file just read, or {@code null} before the first
 */
public record ImportProgress(int filesDone, int filesTotal, long rowsDone, Path lastFile) {}
