package dev.incidentmonitor.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {

    @Test
    void shouldHandOutDistinctBindablePortsOutsideTheEphemeralRange() throws Exception {
        int[] ephemeral = Ports.ephemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = Ports.freePort("127.0.0.1");
            assertThat(port).satisfiesAnyOf(p -> assertThat(p).isLessThan(ephemeral[0]), p -> assertThat(p)
                    .isGreaterThan(ephemeral[1]));
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            }
        }
    }

    @Test
    void shouldReadTheEphemeralRangeAndFallBackToLinuxDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ip_local_port_range");
        Files.writeString(file, "40000\t50000\n");
        assertThat(Ports.ephemeralRange(file)).containsExactly(40000, 50000);

        Files.writeString(file, "not a range");
        assertThat(Ports.ephemeralRange(file)).containsExactly(32768, 60999);
        assertThat(Ports.ephemeralRange(dir.resolve("missing"))).containsExactly(32768, 60999);
    }
}
