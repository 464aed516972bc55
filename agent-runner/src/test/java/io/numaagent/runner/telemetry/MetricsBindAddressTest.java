package io.numaagent.runner.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.config.TelemetrySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics endpoint has no authentication, so by default it listens on loopback only; another
 * address is a deliberate {@code telemetry.prometheus.host}. Checked on the kernel's own table of
 * listening sockets ({@code /proc/net/tcp}), not on what the server reports.
 */
class MetricsBindAddressTest {

    private final Telemetry telemetry = new Telemetry("1.2.3");

    @AfterEach
    void stop() {
        telemetry.close();
    }

    /** IPv4-mapped IPv6 prefix as {@code /proc/net/tcp6} prints it (Java listens dual-stack). */
    private static final String V4_MAPPED = "0000000000000000FFFF0000";
    private static final String V6_ANY = "0".repeat(32);

    /**
     * Local addresses of the TCP sockets listening on {@code port}, as the kernel prints an IPv4
     * address ({@code 0100007F} is 127.0.0.1; IPv4-mapped IPv6 ones are shown the same way, and
     * the IPv6 wildcard as the IPv4 one).
     */
    private static List<String> listening(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> lines = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (Files.exists(Path.of(table))) {
                lines.addAll(Files.readAllLines(Path.of(table)).stream().skip(1).toList());
            }
        }
        return lines.stream().map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f[1].endsWith(":" + hexPort) && f[3].equals("0A")) // 0A: TCP_LISTEN
                .map(f -> f[1].substring(0, f[1].indexOf(':')))
                .map(a -> a.startsWith(V4_MAPPED) ? a.substring(V4_MAPPED.length()) : a.equals(V6_ANY) ? "00000000" : a)
                .toList();
    }

    @Test
    void byDefaultTheEndpointListensOnLoopbackOnly() throws IOException {
        assertThat(TelemetrySettings.DEFAULTS.prometheusHost()).isEqualTo("127.0.0.1");

        int port = telemetry.startPrometheus(TelemetrySettings.DEFAULTS.prometheusHost(), 0);

        assertThat(listening(port)).containsExactly("0100007F"); // 127.0.0.1, little-endian
    }

    @Test
    void aConfiguredHostIsWhereItListens() throws IOException {
        int port = telemetry.startPrometheus("0.0.0.0", 0);

        assertThat(listening(port)).containsExactly("00000000");
    }
}
