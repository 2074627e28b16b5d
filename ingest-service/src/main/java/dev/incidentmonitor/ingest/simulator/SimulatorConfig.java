package dev.incidentmonitor.ingest.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What {@link StatusPageSimulator#start} serves. Build it from {@link #generate} or {@link #replay} and adjust
 * with the {@code with*} methods.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one (see {@link StatusPageSimulator#port()})
 * @param pages number of generated pages ({@code p-1} .. {@code p-<pages>}); ignored in replay mode
 * @param mode replay a scenario or generate pages
 * @param seed seed of every random draw in generate mode: the same seed, start and simulated time give the same
 *     bodies
 * @param timeScale simulated seconds per real second: 600 shows ten simulated minutes each second. In replay mode
 *     it speeds up {@code after-seconds}
 * @param platformMix which platform each generated page runs on
 * @param scenarioDir directory holding {@code scenario.yaml} (or {@code scenario.json}); {@code null} = the built-in
 *     demo scenario (classpath {@code simulator/scenario.yaml})
 * @param simulatedStart the simulated time when the simulator starts; {@code null} = the real time at start,
 *     truncated to seconds. Fix it for reproducible bodies
 * @param threads size of the fixed pool that answers requests
 */
public record SimulatorConfig(
        int port,
        int pages,
        SimulatorMode mode,
        long seed,
        double timeScale,
        PlatformMix platformMix,
        Path scenarioDir,
        Instant simulatedStart,
        int threads) {

    /**
     * Default time scale of generate mode: ten simulated minutes per real second. With the default 20 pages an
     * incident starts somewhere about twice a real minute (the studied providers average one every 3.5 to 7
     * days), and a typical incident (median TTR about an hour) stays open for several 5-second polls.
     */
    public static final double DEFAULT_TIME_SCALE = 600;

    /** Default number of generated pages for {@code simulate}. */
    public static final int DEFAULT_PAGES = 20;

    /** Default request threads: plenty for loopback polling, since no request blocks. */
    public static final int DEFAULT_THREADS = 4;

    public SimulatorConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(platformMix, "platformMix");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (mode == SimulatorMode.GENERATE && pages < 1) {
            throw new IllegalArgumentException("generate mode needs at least one page, got " + pages);
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be a positive number, got " + timeScale);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (simulatedStart != null) {
            simulatedStart = simulatedStart.truncatedTo(ChronoUnit.SECONDS);
        }
    }

    /** Generate mode: {@code pages} pages, even platform odds, {@link #DEFAULT_TIME_SCALE}, a free port. */
    public static SimulatorConfig generate(int pages, long seed) {
        return new SimulatorConfig(
                0,
                pages,
                SimulatorMode.GENERATE,
                seed,
                DEFAULT_TIME_SCALE,
                PlatformMix.EVEN,
                null,
                null,
                DEFAULT_THREADS);
    }

    /**
     * Replay mode at real speed on a free port.
     *
     * @param scenarioDir directory with {@code scenario.yaml}, or {@code null} for the built-in demo scenario
     */
    public static SimulatorConfig replay(Path scenarioDir) {
        return new SimulatorConfig(
                0, 0, SimulatorMode.REPLAY, 0, 1, PlatformMix.EVEN, scenarioDir, null, DEFAULT_THREADS);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }

    public SimulatorConfig withPages(int pages) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }

    public SimulatorConfig withSeed(long seed) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }

    public SimulatorConfig withTimeScale(double timeScale) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }

    public SimulatorConfig withPlatformMix(PlatformMix platformMix) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }

    public SimulatorConfig withScenarioDir(Path scenarioDir) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }

    public SimulatorConfig withSimulatedStart(Instant simulatedStart) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }

    public SimulatorConfig withThreads(int threads) {
        return new SimulatorConfig(
                port, pages, mode, seed, timeScale, platformMix, scenarioDir, simulatedStart, threads);
    }
}
