package dev.incidentmonitor.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentmonitor.streams.internal.IncidentFigures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FiguresCache} against a map standing in for the store: loads on a miss, evicts the least recently used. */
class FiguresCacheTest {

    private final Map<String, Map<String, IncidentFigures>> store = new HashMap<>();
    private final List<String> loads = new ArrayList<>();

    private Map<String, IncidentFigures> load(final String service) {
        loads.add(service);
        return store.getOrDefault(service, Map.of());
    }

    private void put(final FiguresCache cache, final String service, final String incident) {
        final IncidentFigures figures = figures(incident);
        store.computeIfAbsent(service, s -> new HashMap<>()).put(incident, figures);
        cache.put(service, figures, this::load);
    }

    @Test
    void shouldLoadServiceFromStoreOnceWhenItIsUsedAgain() {
        store.put("openai:api", new HashMap<>(Map.of("a", figures("a"), "b", figures("b"))));
        final FiguresCache cache = new FiguresCache(10);

        assertThat(cache.get("openai:api", this::load)).hasSize(2);
        put(cache, "openai:api", "c");

        assertThat(cache.get("openai:api", this::load))
                .extracting(IncidentFigures::getIncidentId)
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(loads).containsExactly("openai:api");
        assertThat(cache.entries()).isEqualTo(3);
    }

    @Test
    void shouldEvictLeastRecentlyUsedServiceWhenOverBudgetAndReloadItFromStore() {
        final FiguresCache cache = new FiguresCache(3);
        put(cache, "openai:api", "a");
        put(cache, "openai:api", "b");
        put(cache, "openai:chat", "c");
        cache.get("openai:api", this::load); // api is now the most recently used
        put(cache, "openai:files", "d");

        assertThat(cache.entries()).isEqualTo(3);
        loads.clear();
        assertThat(cache.get("openai:chat", this::load))
                .extracting(IncidentFigures::getIncidentId)
                .containsExactly("c");
        assertThat(loads).containsExactly("openai:chat");
    }

    @Test
    void shouldKeepServiceInUseWhenItAloneIsOverBudget() {
        final FiguresCache cache = new FiguresCache(1);
        put(cache, "openai:api", "a");
        put(cache, "openai:api", "b");

        assertThat(cache.get("openai:api", this::load)).hasSize(2);
        assertThat(cache.entries()).isEqualTo(2);
    }

    @Test
    void shouldForgetRemovedIncidentAndSayWhetherItWasThere() {
        final FiguresCache cache = new FiguresCache(10);
        put(cache, "openai:api", "a");

        assertThat(cache.remove("openai:api", "a", this::load)).isTrue();
        assertThat(cache.remove("openai:api", "a", this::load)).isFalse();
        assertThat(cache.get("openai:api", this::load)).isEmpty();
        assertThat(cache.entries()).isZero();
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
