package dev.incidentmonitor.local;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code incident-monitor streams}: runs one streams-app instance against a Kafka cluster and registry (by default
 * the local run's) until Ctrl-C, or until an unhandled error stops it (exit code 1). Start several with different
 * {@code --instance-id}s, state directories and metrics ports to share the partitions.
 */
@Command(
        name = "streams",
        mixinStandardHelpOptions = true,
        description = "Runs the streams-app: incident state, rolling MTTR/MTBF, topics and metrics.")
final class StreamsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--instance-id",
            paramLabel = "ID",
            defaultValue = "streams-1",
            description = "This instance's id on its metrics (default: ${DEFAULT-VALUE}).")
    private String instanceId;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Kafka Streams state directory (default: .incident-monitor/streams-state/<instance id>).")
    private Path stateDir;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "9402",
            description = "Port of /metrics and /health on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int metricsPort;

    @Mixin
    private KafkaTarget target;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Path state = stateDir != null ? stateDir : Path.of(".incident-monitor", "streams-state", instanceId);
        final LocalStreams streams = LocalStreams.start(target.clientConfig(), state, instanceId, metricsPort);
        final Thread hook = new Thread(streams::close, "streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.printf(
                "streams-app %s is running; metrics at http://127.0.0.1:%d/metrics%n",
                instanceId, streams.app().metricsPort());
        out.flush();
        streams.app().awaitTermination();
        if (streams.app().failure() != null) {
            Runtime.getRuntime().removeShutdownHook(hook);
            streams.close();
            throw new IllegalStateException("the streams-app stopped on an unhandled error: "
                    + streams.app().failure());
        }
        out.println("stopped");
        out.flush();
        return 0;
    }
}
