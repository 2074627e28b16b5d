package dev.incidentmonitor.streams.processor;

/**
 * Keys of stores that hold several entries per owner (a service's incidents, a component's status changes): {@code
 * <owner key> NUL <part>}. Owner keys never hold a NUL, so the entries of one owner are exactly the keys that start
 * with {@link #prefix}, contiguous in the store's byte order and found with one prefix scan.
 */
public final class EntryKeys {

    private static final char SEPARATOR = '\u0000';

    private EntryKeys() {}

    /** The key of {@code part} of {@code owner}. */
    public static String of(final String owner, final String part) {
        return owner + SEPARATOR + part;
    }

    /** The prefix every entry key of {@code owner} starts with, and no other. */
    public static String prefix(final String owner) {
        return owner + SEPARATOR;
    }
}
