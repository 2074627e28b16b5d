package dev.incidentmonitor.streams.processor;

/** Keys of the per-service topics and stores: {@code <provider>:<component id>}, {@code <provider>:*} for a provider. */
public final class ServiceKeys {

    /** Component id part of the provider-level key. */
    public static final String PROVIDER_SCOPE = "*";

    private ServiceKeys() {}

    /** The key of one service, or of the provider when {@code componentId} is null. */
    public static String of(final String provider, final String componentId) {
        return provider + ":" + scope(componentId);
    }

    /** A service's part of its key, within its provider: its component id, or {@value #PROVIDER_SCOPE}. */
    public static String scope(final String componentId) {
        return componentId == null ? PROVIDER_SCOPE : componentId;
    }
}
