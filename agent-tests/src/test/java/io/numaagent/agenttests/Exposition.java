package io.numaagent.agenttests;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric families of one scrape in Prometheus text format 0.0.4: name (as its {@code # TYPE}
 * line gives it), type, and the label names its samples carry ({@code le} of histogram buckets left
 * out).
 */
final class Exposition {

    /** One family. */
    record Family(String name, String type, Set<String> labels) {
    }

    private Exposition() {
    }

    static Map<String, Family> parse(String text) {
        Map<String, Family> families = new LinkedHashMap<>();
        Family current = null;
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                current = new Family(f[2], f[3], new TreeSet<>());
                families.put(current.name(), current);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                if (current == null) {
                    throw new IllegalArgumentException("sample before any # TYPE line: " + line);
                }
                current.labels().addAll(labelNames(line));
                if (current.type().equals("histogram")) {
                    current.labels().remove("le");
                }
            }
        }
        return families;
    }

    /** Label names of one sample line, {@code name{a="x",b="y\"z",} value}. */
    static List<String> labelNames(String sample) {
        int open = sample.indexOf('{');
        if (open < 0) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        int i = open + 1;
        while (sample.charAt(i) != '}') {
            int eq = sample.indexOf('=', i);
            names.add(sample.substring(i, eq));
            i = eq + 2; // past ="
            while (sample.charAt(i) != '"') {
                i += sample.charAt(i) == '\\' ? 2 : 1;
            }
            i++; // past the closing quote
            if (sample.charAt(i) == ',') {
                i++;
            }
        }
        return names;
    }
}
