package io.numaagent.plugins.topologyaware;

import io.numaagent.api.plugin.PluginLogger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grants file in the plugin's state directory ({@code grants.tsv}): written whole (to a temporary
 * file, then moved into place) whenever the grants change, read once at start. A file that cannot be
 * read or parsed costs the saved placement (containers are placed afresh), never the agent.
 */
final class GrantStore {

    static final String FILE = "grants.tsv";
    private static final String HEADER = "# topology-aware grants: task pool cpuType exclusive portion memZone "
            + "memTypes coldStartEnds";

    private final Path file;
    private final PluginLogger log;
    private boolean writeFailed;

    GrantStore(Path directory, PluginLogger log) {
        this.file = directory.resolve(FILE);
        this.log = log;
    }

    /** The saved grants by task, in the order saved; empty when there is no file or it is unreadable. */
    Map<String, SavedGrant> load() {
        Map<String, SavedGrant> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                try {
                    SavedGrant g = SavedGrant.parse(line);
                    out.put(g.task(), g);
                } catch (RuntimeException e) {
                    log.warn("{}:{}: ignoring saved grant: {}", file, n, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("cannot read saved grants {}: {}; placing every container afresh", file, e.getMessage());
            out.clear();
        }
        return out;
    }

    void save(List<SavedGrant> grants) {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        grants.forEach(g -> lines.add(g.line()));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            writeFailed = false;
        } catch (IOException e) {
            if (!writeFailed) {
                log.warn("cannot save grants to {}: {}; a restart will place containers afresh", file, e.getMessage());
            }
            writeFailed = true;
        }
    }
}
