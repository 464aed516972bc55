package io.numaagent.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numaagent.runner.config.KeyDocs;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConfigKeysCommandTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void listsTheRunnerKeysAsPluginsListsAPluginsKeys() {
        assertThat(run("config-keys")).contains(
                "    executor.apply: boolean, default false\n"
                        + "        true writes to the machine; false is dry-run: decisions are printed, nothing is written\n",
                "    task_sources[type=cgroups].parents: list of cgroup paths, required\n",
                "    plugins[].interval: duration [100ms, 86400s], default 5s\n",
                "    executor.owners: mapping\n");
    }

    @Test
    void markdownIsTheReadmeTable() {
        assertThat(run("config-keys", "--markdown")).isEqualTo(KeyDocs.markdown());
    }
}
