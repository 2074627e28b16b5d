package dev.incidentmonitor.local;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What a phase of {@code bench streams} cost: CPU time by thread group, and the bytes the in-process broker took in
 * per topic (its {@code BrokerTopicMetrics}), between two {@link Snapshot}s.
 *
 * <p>Why: the benchmark's broker, its Streams apps and the JVM's GC share two cores, so a rate alone does not say
 * what limits it. Thread CPU tells the app's own work from the broker's; the process's CPU beyond all Java threads is GC,
 * JIT and native threads (RocksDB's flushes and compactions), which {@link ThreadMXBean} does not attribute. Bytes per topic show which outputs, changelogs and
 * repartition topics the broker is busy writing.
 *
 * @param seconds wall-clock seconds between the snapshots
 * @param cpuSeconds CPU seconds per thread group, in a fixed order, plus {@code gc/jit/native}: GC, JIT and native threads such as RocksDB's
 * @param bytesIn bytes the broker took in per topic (compressed batches as produced, headers included)
 */
record Usage(double seconds, Map<String, Double> cpuSeconds, Map<String, Long> bytesIn) {

    private static final String[] GROUPS = {"stream threads", "app clients", "broker", "bench"};

    /** Takes a snapshot now. */
    static Snapshot snapshot() {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Map<String, Long> cpu = new HashMap<>();
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            final long time = threads.getThreadCpuTime(info.getThreadId());
            if (time > 0) {
                cpu.merge(group(info.getThreadName()), time, Long::sum);
            }
        }
        final long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Snapshot(System.nanoTime(), cpu, process, brokerBytesIn());
    }

    /** Which group a thread's CPU counts for. */
    static String group(final String thread) {
        if (thread.startsWith("kafka-producer-network-thread")
                || thread.startsWith("kafka-coordinator-heartbeat-thread")
                || thread.startsWith("kafka-admin-client-thread")
                || thread.startsWith("consumer_background_thread")) {
            return thread.contains("| bench-") ? "app clients" : "bench"; // the apps' client ids start with bench-
        }
        if (thread.contains("-StreamThread-") || thread.contains("-StateUpdater-")) {
            return "stream threads";
        }
        if (thread.equals("main") || thread.startsWith("bench-")) {
            return "bench";
        }
        return "broker";
    }

    private static Map<String, Long> brokerBytesIn() {
        final Map<String, Long> bytes = new HashMap<>();
        try {
            final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (final ObjectName name : server.queryNames(
                    new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,*"), null)) {
                final String topic = name.getKeyProperty("topic");
                if (topic != null) {
                    bytes.put(topic, ((Number) server.getAttribute(name, "Count")).longValue());
                }
            }
        } catch (final JMException e) {
            return Map.of(); // figures are a bonus; the rates do not depend on them
        }
        return bytes;
    }

    /** One moment of a run. */
    record Snapshot(long nanos, Map<String, Long> cpuNanos, long processCpuNanos, Map<String, Long> bytesIn) {

        /** What happened from this snapshot to {@code later}. */
        Usage until(final Snapshot later) {
            final Map<String, Double> cpu = new LinkedHashMap<>();
            double threads = 0;
            for (final String group : GROUPS) {
                final double s = (later.cpuNanos.getOrDefault(group, 0L) - cpuNanos.getOrDefault(group, 0L)) / 1e9;
                cpu.put(group, Math.max(0, s));
                threads += Math.max(0, s);
            }
            cpu.put("gc/jit/native", Math.max(0, (later.processCpuNanos - processCpuNanos) / 1e9 - threads));
            final Map<String, Long> bytes = new HashMap<>();
            later.bytesIn.forEach((topic, count) -> {
                final long delta = count - bytesIn.getOrDefault(topic, 0L);
                if (delta > 0) {
                    bytes.put(topic, delta);
                }
            });
            return new Usage((later.nanos - nanos) / 1e9, cpu, bytes);
        }
    }

    /** Total CPU seconds of the process. */
    double processSeconds() {
        return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** One line: CPU seconds per group and how many cores that kept busy on average. */
    String cpuLine() {
        return String.format(
                        Locale.ROOT,
                        "cpu %.1f s in %.1f s (%.2f cores): ",
                        processSeconds(),
                        seconds,
                        processSeconds() / seconds)
                + cpuSeconds.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "));
    }
}
