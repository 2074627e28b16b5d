package dev.incidentmonitor.streams.processor;

/** Keys of the per-service topics and stores: {@code <provider>:<component id>}, {@code <provider>:*} for a provider. */
public final class ServiceKeys {

    /** Component id part of the provider-level key. */
    public static final String PROVIDER_SCOPE = "*";

    private ServiceKeys() {}

    /** The key of one service, or of the provider when {@code componentId} is null. */
    public static String of(final String provider, final String componentId) {
        return provider + ":" + (componentId == null ? PROVIDER_SCOPE : componentId);
    }
}
