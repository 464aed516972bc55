package io.numaagent.agenttests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The series tables of {@code docs/METRICS.md}: rows {@code | `name` | type | unit | labels | meaning | exported |}
 * under a {@code ## <source>} heading.
 */
final class MetricsCatalogue {

    static final Path FILE = Path.of("..", "docs", "METRICS.md");

    /**
     * One row.
     *
     * @param source   the heading it is under ({@code Runner (...)}, {@code numa-allocator (...)}, ...)
     * @param always   exported always, rather than "only when ..."
     * @param line     its line in the file, for messages
     */
    record Entry(String source, String name, String type, Set<String> labels, boolean always, int line) {
    }

    private MetricsCatalogue() {
    }

    static List<Entry> read() throws IOException {
        List<String> lines = Files.readAllLines(FILE);
        List<Entry> entries = new ArrayList<>();
        String source = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith("## ")) {
                source = line.substring(3);
                continue;
            }
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split(" \\| ", -1))
                    .map(String::strip).toArray(String[]::new);
            if (cells.length != 6 || !Set.of("gauge", "counter", "histogram").contains(cells[1])) {
                continue; // the label and rename tables
            }
            String where = FILE + ":" + (n + 1);
            String exported = cells[5];
            if (!exported.equals("always") && !exported.startsWith("only when ")) {
                throw new IllegalArgumentException(where + ": exported must be \"always\" or \"only when ...\", got \""
                        + exported + "\"");
            }
            entries.add(new Entry(source, unquote(cells[0], where), cells[1], labels(cells[3], where),
                    exported.equals("always"), n + 1));
        }
        return entries;
    }

    private static Set<String> labels(String cell, String where) {
        Set<String> labels = new TreeSet<>();
        if (cell.equals("—")) {
            return labels;
        }
        for (String label : cell.split(", ")) {
            labels.add(unquote(label, where));
        }
        return labels;
    }

    private static String unquote(String cell, String where) {
        if (cell.length() < 3 || !cell.startsWith("`") || !cell.endsWith("`")) {
            throw new IllegalArgumentException(where + ": expected a `name`, got \"" + cell + "\"");
        }
        return cell.substring(1, cell.length() - 1);
    }
}
