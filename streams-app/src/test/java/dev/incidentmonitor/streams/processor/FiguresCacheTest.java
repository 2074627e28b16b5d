package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.streams.domain.Figures;
import dev.incidentmonitor.streams.internal.IncidentFigures;
import dev.incidentmonitor.streams.internal.ProviderIncident;
import dev.incidentmonitor.streams.internal.ServiceMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link FiguresCache} against a map standing in for the store: loads a provider on a miss, indexes its incidents by
 * service, evicts the least recently used provider.
 */
class FiguresCacheTest {

    private final Map<String, Map<String, ProviderIncident>> store = new HashMap<>();
    private final List<String> loads = new ArrayList<>();

    private Map<String, ProviderIncident> load(final String provider) {
        loads.add(provider);
        return store.getOrDefault(provider, Map.of());
    }

    /** Stores and caches {@code incident} of {@code provider}: a member of {@code members}, removed from {@code gone}. */
    private void put(
            final FiguresCache cache,
            final String provider,
            final String incident,
            final List<String> members,
            final List<String> gone) {
        final List<ServiceMember> services = new ArrayList<>();
        members.forEach(c -> services.add(new ServiceMember(c, c, 0L, true)));
        gone.forEach(c -> services.add(new ServiceMember(c, c, 0L, false)));
        services.add(new ServiceMember(null, provider, 0L, true));
        final ProviderIncident value = new ProviderIncident(provider, figures(incident), services);
        store.computeIfAbsent(provider, p -> new HashMap<>()).put(incident, value);
        cache.put(value, this::load);
    }

    private void put(final FiguresCache cache, final String provider, final String incident, final String component) {
        put(cache, provider, incident, List.of(component), List.of());
    }

    private List<String> ids(final FiguresCache cache, final String provider, final String serviceKey) {
        final String scope = serviceKey.substring(serviceKey.indexOf(':') + 1);
        return cache.domain(provider, ServiceKeys.PROVIDER_SCOPE.equals(scope) ? null : scope, this::load).stream()
                .map(Figures::incidentId)
                .sorted()
                .toList();
    }

    @Test
    void shouldLoadProviderFromStoreOnceWhenItIsUsedAgain() {
        final FiguresCache writer = new FiguresCache(10);
        put(writer, "openai", "a", "api");
        put(writer, "openai", "b", "chat");
        loads.clear();
        final FiguresCache cache = new FiguresCache(10);

        assertThat(cache.figures("openai", this::load))
                .extracting(IncidentFigures::getIncidentId)
                .containsExactlyInAnyOrder("a", "b");
        put(cache, "openai", "c", "api");

        assertThat(ids(cache, "openai", "openai:api")).containsExactly("a", "c");
        assertThat(ids(cache, "openai", "openai:chat")).containsExactly("b");
        assertThat(ids(cache, "openai", "openai:*")).containsExactly("a", "b", "c");
        assertThat(ids(cache, "openai", "openai:files")).isEmpty();
        assertThat(loads).containsExactly("openai");
        assertThat(cache.entries()).isEqualTo(3);
    }

    @Test
    void shouldMoveIncidentBetweenServicesWhenItsServicesChange() {
        final FiguresCache cache = new FiguresCache(10);
        put(cache, "openai", "a", List.of("api", "chat"), List.of());

        put(cache, "openai", "a", List.of("chat", "files"), List.of("api"));

        assertThat(ids(cache, "openai", "openai:api")).isEmpty();
        assertThat(ids(cache, "openai", "openai:chat")).containsExactly("a");
        assertThat(ids(cache, "openai", "openai:files")).containsExactly("a");

        put(cache, "openai", "a", List.of("files"), List.of());
        assertThat(ids(cache, "openai", "openai:chat"))
                .as("a service the latest record does not name is no longer affected")
                .isEmpty();
        assertThat(ids(cache, "openai", "openai:*")).containsExactly("a");
        assertThat(cache.entries()).isEqualTo(1);
    }

    @Test
    void shouldEvictLeastRecentlyUsedProviderWhenOverBudgetAndReloadItFromStore() {
        final FiguresCache cache = new FiguresCache(3);
        put(cache, "openai", "a", "api");
        put(cache, "openai", "b", "api");
        put(cache, "anthropic", "c", "claude");
        cache.figures("openai", this::load); // openai is now the most recently used
        put(cache, "github", "d", "actions");

        assertThat(cache.entries()).isEqualTo(3);
        loads.clear();
        assertThat(ids(cache, "anthropic", "anthropic:claude")).containsExactly("c");
        assertThat(loads).containsExactly("anthropic");
    }

    @Test
    void shouldKeepProviderInUseWhenItAloneIsOverBudget() {
        final FiguresCache cache = new FiguresCache(1);
        put(cache, "openai", "a", "api");
        put(cache, "openai", "b", "api");

        assertThat(ids(cache, "openai", "openai:api")).containsExactly("a", "b");
        assertThat(cache.entries()).isEqualTo(2);
    }

    @Test
    void shouldRefuseBudgetBelowOne() {
        assertThatThrownBy(() -> new FiguresCache(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static IncidentFigures figures(final String id) {
        return IncidentFigures.newBuilder()
                .setIncidentId(id)
                .setCounted(true)
                .setMaintenance(false)
                .setOutOfOrder(false)
                .setStatusCombination("S1")
                .setStartTime(1_000L)
                .build();
    }
}
