package dev.incidentmonitor.local;

import picocli.CommandLine.Command;

/** {@code incident-monitor bench ...}: benchmarks that print figures (never timed unit tests). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Runs a benchmark on this machine and prints its figures.",
        subcommands = {IngestBench.class, StreamsBench.class, AvailabilityBench.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
