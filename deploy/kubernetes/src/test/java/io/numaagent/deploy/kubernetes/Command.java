package io.numaagent.deploy.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished external command (kubectl, the kubectl finder, numa-agent): its exit status and output. */
record Command(List<String> command, int exit, String stdout, String stderr) {

    /** Runs {@code command} with {@code env} added to this process's environment; exit -1 when it could not run or end. */
    static Command run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path err = Files.createTempFile("command", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new Command(command, -1, out, "did not end in " + timeout);
                }
                return new Command(command, p.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Command(command, -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Command(command, -1, "", "interrupted");
        }
    }
}
