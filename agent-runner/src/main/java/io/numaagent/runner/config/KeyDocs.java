package io.numaagent.runner.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The runner's config keys documented from the {@link RunnerKeys} tables: as text for
 * {@code numa-agent config-keys}, and as the Markdown table of the README's "Configuration"
 * section (a test keeps the README equal to it).
 */
public final class KeyDocs {

    /** One documented key: its path in the file ({@code executor.owners.cpus}, {@code task_sources[].type}). */
    record Row(String path, String type, String shownDefault, boolean literalDefault, boolean required,
               String description) {
    }

    private KeyDocs() {
    }

    /** Every key of the file, depth first in table order; a key shared by several tables is shown once. */
    static List<Row> rows() {
        List<Row> out = new ArrayList<>();
        walk(RunnerKeys.FILE, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void walk(KeyTable table, String prefix, List<Row> out, Set<KeyTable.Entry> shown) {
        for (KeyTable.Entry e : table.entries()) {
            if (!shown.add(e)) {
                continue; // task_sources[].type, beside each type's keys
            }
            out.add(new Row(prefix + e.name() + (e.isList() ? "[]" : ""), e.type(), e.shownDefault(),
                    e.literalDefault(), e.shownDefault().equals(KeyTable.REQUIRED), e.description()));
            for (KeyTable child : e.children()) {
                String item = !e.isList() ? "" : child.variant() == null ? "[]" : "[" + child.variant() + "]";
                walk(child, prefix + e.name() + item + ".", out, shown);
            }
        }
    }

    /** The Markdown table: key, type, default, meaning. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (Row r : rows()) {
            sb.append("| `").append(r.path()).append("` | ").append(r.type().replace("|", "\\|")).append(" | ")
                    .append(r.literalDefault() ? "`" + r.shownDefault() + "`" : r.shownDefault()).append(" | ")
                    .append(r.description().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** Plain text, one key per entry, laid out as {@code numa-agent plugins} lays out a plugin's keys. */
    public static String text() {
        StringBuilder sb = new StringBuilder();
        for (Row r : rows()) {
            String def = r.required() ? ", required" : r.shownDefault().isEmpty() ? "" : ", default " + r.shownDefault();
            sb.append("    ").append(r.path()).append(": ").append(plain(r.type())).append(plain(def)).append('\n')
                    .append("        ").append(plain(r.description())).append('\n');
        }
        return sb.toString();
    }

    /** Markdown's code quotes are noise on a terminal. */
    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }
}
