package dev.incidentmonitor.streams.error;

import dev.incidentmonitor.schema.FailureStage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts records sent to the dead-letter topic, per failure stage, as {@code incident_monitor_dead_letters_total}.
 * A counter is right here (unlike for business figures): it counts attempts, and the alert it feeds asks "is it
 * growing", which an occasional double count after an aborted transaction does not change.
 */
public class DeadLetterCounter {

    /** A counter that counts nothing, for handlers started without the app (tests, tools). */
    static final DeadLetterCounter NONE = new DeadLetterCounter();

    private final Map<FailureStage, Counter> counters = new EnumMap<>(FailureStage.class);

    private DeadLetterCounter() {}

    /** A counter registered in {@code registry}. */
    public DeadLetterCounter(final MeterRegistry registry) {
        for (final FailureStage stage : FailureStage.values()) {
            counters.put(
                    stage,
                    Counter.builder("incident_monitor_dead_letters")
                            .description("Records sent to the dead-letter topic, by the stage that failed")
                            .tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry));
        }
    }

    void increment(final FailureStage stage) {
        final Counter counter = counters.get(stage);
        if (counter != null) {
            counter.increment();
        }
    }

    /** The settings entry that hands this counter to the handlers Kafka Streams creates. */
    public Map<String, Object> asConfig() {
        return Map.of(DeadLetters.COUNTER_CONFIG, this);
    }
}
