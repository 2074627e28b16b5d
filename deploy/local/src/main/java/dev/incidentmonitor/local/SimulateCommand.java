package dev.incidentmonitor.local;

import dev.incidentmonitor.ingest.simulator.PlatformMix;
import dev.incidentmonitor.ingest.simulator.SimulatorConfig;
import dev.incidentmonitor.ingest.simulator.StatusPageSimulator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor simulate}: serves simulated Statuspage and incident.io pages on 127.0.0.1 until Ctrl-C,
 * and writes a provider catalogue that points at them, for {@code ingest --catalog}.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Serves simulated status pages (generated from the study's distributions, or a replayed"
                + " scenario) on 127.0.0.1.")
final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "8089", description = "Port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--pages", defaultValue = "20", description = "Generated pages (default: ${DEFAULT-VALUE}).")
    private int pages;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(
            names = "--time-scale",
            defaultValue = "600",
            description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}).")
    private double timeScale;

    @Option(
            names = "--platforms",
            defaultValue = "mixed",
            description = "statuspage, incidentio, mixed, or the incident.io share 0..1 (default: ${DEFAULT-VALUE}).")
    private String platforms;

    @Option(
            names = "--scenario",
            paramLabel = "DIR",
            arity = "0..1",
            fallbackValue = "",
            description = "Replay a scenario folder (scenario.yaml) instead of generating; without DIR, the built-in"
                    + " demo.")
    private String scenario;

    @Option(
            names = "--write-catalog",
            paramLabel = "FILE",
            defaultValue = ".incident-monitor/simulator-providers.yaml",
            description = "Where to write the catalogue of the simulated pages (default: ${DEFAULT-VALUE}).")
    private Path catalog;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final SimulatorConfig config = scenario != null
                ? SimulatorConfig.replay(scenario.isBlank() ? null : Path.of(scenario))
                        .withPort(port)
                : SimulatorConfig.generate(pages, seed)
                        .withPort(port)
                        .withTimeScale(timeScale)
                        .withPlatformMix(PlatformMix.parse(platforms));
        final CountDownLatch stopped = new CountDownLatch(1);
        final StatusPageSimulator simulator = StatusPageSimulator.start(config);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            simulator.close();
                            out.println("stopped");
                            out.flush();
                            stopped.countDown();
                        },
                        "simulate-shutdown"));
        final Path file = catalog.toAbsolutePath().normalize();
        Files.createDirectories(file.getParent());
        Files.writeString(file, simulator.providersYaml(Duration.ofSeconds(5)));
        out.printf(
                "simulating %d page(s) at %s/pages (list: %s/pages)%n",
                simulator.pageIds().size(), simulator.origin(), simulator.origin());
        out.printf("catalogue of the simulated pages: %s%n", file);
        out.printf("poll them with: ./incident-monitor ingest --catalog %s%n", file);
        out.flush();
        stopped.await();
        return 0;
    }
}
