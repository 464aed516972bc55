package io.numaagent.plugins.numaallocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.numaagent.plugins.numaallocator.YamlTree.Alias;
import io.numaagent.plugins.numaallocator.YamlTree.Anchored;
import io.numaagent.plugins.numaallocator.YamlTree.Path;
import io.numaagent.plugins.numaallocator.YamlTree.Raw;
import io.numaagent.plugins.numaallocator.YamlTree.Tagged;
import io.numaagent.runner.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Config fuzzing through the real CLI ({@code numa-agent check -c FILE}, with the runner, its
 * built-in plugins and the numa-allocator on the class path): the shipped configs
 * ({@code configs/*.yaml}) and the golden-test configs ({@code scripts/golden/*.yaml}) mutated by
 * type swaps, unknown keys, deep nesting, huge numbers, aliases, custom tags, non-UTF-8 bytes and
 * truncation. Every try must end within a generous bound with exit 0 (the mutation is still a valid
 * config) or exit 2 with {@code file:line:column:} and, where the mutation touched a key, that key;
 * never a stack trace. Reformatting mutations must still load. Each property makes
 * {@code jqwik.tries.default} tries (1000, set in agent-runner's test {@code junit-platform.properties};
 * {@code -Djqwik.tries.default=N} for more); the counts are in {@code docs/RELIABILITY.md}.
 */
class ConfigFuzzTest {

    /** Per try: far above the few milliseconds a check takes, so only a hang trips it. */
    private static final java.time.Duration BOUND = java.time.Duration.ofSeconds(60);
    private static final Pattern LOCATED = Pattern.compile("numa-agent: (\\S+):(\\d+):(\\d+): (.*)");
    /** A Java exception's class name or a stack frame: must never reach the user. */
    private static final Pattern TRACE = Pattern.compile("\\tat |\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*(Exception|Error)\\b");

    private static java.nio.file.Path workDir;
    /**
     * An idle DAMON sysfs and a procfs with the page-tracking files (see {@link ShippedConfigsTest#idleDamonHost}):
     * checks must not depend on the host. The roots are given on the command line, so a mutated {@code paths.procfs}
     * (once "/", whose missing self/pagemap made the tracker's host check fail with exit 1) is checked as a value only.
     */
    private static java.nio.file.Path sysfs;
    private static java.nio.file.Path procfs;

    record Seed(String name, String text) {
        Map<String, Object> tree() {
            return YamlTree.parse(text);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    record Result(int status, String out, String err) {
    }

    @BeforeContainer
    static void makeWorkDir() throws IOException {
        workDir = Files.createTempDirectory("config-fuzz");
        io.numaagent.runner.host.HostPaths host = ShippedConfigsTest.idleDamonHost(workDir.resolve("host"));
        sysfs = host.sys("");
        procfs = host.proc("");
    }

    @AfterContainer
    static void removeWorkDir() throws IOException {
        try (Stream<java.nio.file.Path> s = Files.walk(workDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static List<Seed> seedFiles() {
        List<Seed> out = new ArrayList<>();
        for (String dir : List.of("../../configs", "../../scripts/golden")) {
            try (Stream<java.nio.file.Path> s = Files.list(java.nio.file.Path.of(dir))) {
                for (java.nio.file.Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    out.add(new Seed(p.getFileName().toString(), Files.readString(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** {@code numa-agent check -c FILE} on these bytes, bounded in time. */
    static Result check(byte[] config) {
        java.nio.file.Path file = workDir.resolve("fuzz.yaml");
        return assertTimeoutPreemptively(BOUND, () -> {
            Files.write(file, config);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "check", "-c", file.toString(),
                    "--plugins-dir", workDir.resolve("no-plugins").toString(), "--path.sysfs", sysfs.toString(),
                    "--path.procfs", procfs.toString());
            return new Result(status, out.toString(), err.toString());
        }, "numa-agent check did not finish within " + BOUND);
    }

    static Result check(String config) {
        return check(config.getBytes(StandardCharsets.UTF_8));
    }

    /** Exit 0 or 2, no trace; on 2 the located message, returned as "key: problem" (or just the problem). */
    static String assertCleanOutcome(Result r, String input) {
        assertThat(r.err()).as("stderr for:\n%s", input).doesNotContainPattern(TRACE);
        assertThat(r.status()).as("exit status; stderr: %s; input:\n%s", r.err(), input).isIn(0, 2);
        if (r.status() == 0) {
            assertThat(r.out()).as("check output").contains(": ok (");
            return null;
        }
        Matcher m = LOCATED.matcher(r.err().strip());
        assertThat(m.matches()).as("'file:line:column: ...' in %s for:\n%s", r.err(), input).isTrue();
        assertThat(m.group(1)).endsWith("fuzz.yaml");
        assertThat(Integer.parseInt(m.group(2))).as("line in " + r.err()).isPositive();
        assertThat(Integer.parseInt(m.group(3))).as("column in " + r.err()).isPositive();
        return m.group(4);
    }

    /** The error names {@code path}, one of its ancestors or one of its descendants. */
    static void assertNamesKeyNear(String located, Path path, String input) {
        String dotted = path.dotted();
        String key = located.substring(0, Math.max(0, located.indexOf(": ")));
        boolean related = !key.isEmpty() && (dotted.equals(key) || dotted.startsWith(key + ".") || dotted.startsWith(key + "[")
                || key.startsWith(dotted + ".") || key.startsWith(dotted + "["));
        assertThat(related).as("error '%s' names %s or a key around it; input:\n%s", located, dotted, input).isTrue();
    }

    // ------------------------------------------------------------------ the properties

    @Property
    void reformattedConfigsStillLoad(@ForAll("seeds") Seed seed, @ForAll long shuffle, @ForAll("comments") List<String> comments) {
        Result original = check(seed.text());
        Map<String, Object> tree = seed.tree();
        shuffleKeys(tree, new java.util.Random(shuffle));
        String yaml = withComments(YamlTree.write(tree), comments);

        Result r = check(yaml);

        assertThat(r.status()).as("%s reformatted: %s\n%s", seed, r.err(), yaml).isZero();
        assertThat(r.out().replace(workDir.resolve("fuzz.yaml").toString(), ""))
                .isEqualTo(original.out().replace(workDir.resolve("fuzz.yaml").toString(), ""));
    }

    @Property
    void typeSwapsAreRefusedAtTheKey(@ForAll("seeds") Seed seed, @ForAll("where") int where, @ForAll("anyValue") Object value) {
        replacedValueLoadsOrIsRefusedAtItsKey(seed, where, value);
    }

    /** The node picked by {@code where} replaced by {@code value}: exit 0, or 2 naming its key (or one around it). */
    private static void replacedValueLoadsOrIsRefusedAtItsKey(Seed seed, int where, Object value) {
        Map<String, Object> tree = seed.tree();
        Path at = pick(YamlTree.paths(tree), where);
        YamlTree.set(tree, at, value);
        String yaml = YamlTree.write(tree);

        String located = assertCleanOutcome(check(yaml), yaml);

        assertRefusalNear(located, at, yaml);
    }

    /**
     * A refusal ({@code located} not null) names the changed key or one around it; or, for a change that
     * other places refer to or that changes how other keys are read, one of those (see
     * {@link #crossReference}, {@link #renamedPlugin}).
     */
    private static void assertRefusalNear(String located, Path at, String yaml) {
        if (located != null && !crossReference(at, located) && !renamedPlugin(at, located)) {
            assertNamesKeyNear(located, at, yaml);
        }
    }

    /** Regression (found by typeSwapsAreRefusedAtTheKey): static-placement renamed numa-allocator keeps its rules. */
    @Example
    void pluginEntryRenamedToAnotherPluginIsRefusedAtAKeyOfItsConfig() {
        Map<String, Object> tree = YamlTree.parse("""
                task_sources: [{type: cgroups, parents: [/], depth: 2}]
                plugins:
                  - name: static-placement
                    config:
                      rules: ["/system.slice/* cpus=0-1 mems=0", "* cpus=0"]
                      numa_balancing: 0
                  - name: numa-allocator
                executor: {apply: false, owners: {cpus: static-placement, memory: numa-allocator}}
                """);
        Path at = new Path(List.of("plugins", 0, "name"));
        YamlTree.set(tree, at, "numa-allocator");
        String yaml = YamlTree.write(tree);

        String located = assertCleanOutcome(check(yaml), yaml);

        assertThat(located).startsWith("plugins[0].config.rules: unknown key 'rules'");
        assertRefusalNear(located, at, yaml);
    }

    @Property
    void unknownKeysAreRefusedByName(@ForAll("seeds") Seed seed, @ForAll("where") int where, @ForAll("keyName") String key) {
        Map<String, Object> tree = seed.tree();
        Path at = pick(YamlTree.mappingPaths(tree), where);
        @SuppressWarnings("unchecked")
        Map<String, Object> mapping = (Map<String, Object>) (at.segments().isEmpty() ? tree : YamlTree.get(tree, at));
        String name = mapping.containsKey(key) ? key + "_x" : key;
        mapping.put(name, 1);
        String yaml = YamlTree.write(tree);

        Result r = check(yaml);
        String located = assertCleanOutcome(r, yaml);

        assertThat(located).as("stderr %s for:\n%s", r.err(), yaml).isNotNull()
                .startsWith(at.child(name).dotted() + (keyedByUserNames(at) ? ": " : ": unknown key "));
    }

    /**
     * A mapping whose keys are names the user chooses (topology-aware's namespaceSchedulingClasses and
     * podQoSSchedulingClasses): an added key is a new entry, refused at that key for its value or its name.
     */
    private static boolean keyedByUserNames(Path at) {
        List<Object> s = at.segments();
        return !s.isEmpty() && ("namespaceSchedulingClasses".equals(s.get(s.size() - 1))
                || "podQoSSchedulingClasses".equals(s.get(s.size() - 1)));
    }

    @Property
    void deepNestingIsBounded(@ForAll("seeds") Seed seed, @ForAll("where") int where,
                              @ForAll("depth") int depth, @ForAll boolean lists) {
        Map<String, Object> tree = seed.tree();
        Path at = pick(YamlTree.paths(tree), where);
        String open = lists ? "[" : "{a: ";
        String close = lists ? "]" : "}";
        YamlTree.set(tree, at, new Raw(open.repeat(depth) + "1" + close.repeat(depth)));
        String yaml = YamlTree.write(tree);

        String located = assertCleanOutcome(check(yaml), yaml);

        if (depth + at.segments().size() > 40) {
            assertThat(located).as(yaml).isNotNull().contains("nested deeper than");
        } else if (located != null && !located.contains("nested deeper than") && !crossReference(at, located)) {
            assertNamesKeyNear(located, at, yaml);
        }
    }

    @Property
    void hugeNumbersAreRefusedAtTheKey(@ForAll("seeds") Seed seed, @ForAll("where") int where, @ForAll("hugeNumber") Object number) {
        replacedValueLoadsOrIsRefusedAtItsKey(seed, where, number);
    }

    @Property
    void aliasesCannotExpandTheConfig(@ForAll("seeds") Seed seed, @ForAll("where") int where,
                                      @ForAll("fanout") int fanout, @ForAll("levels") int levels, @ForAll boolean selfReference) {
        Map<String, Object> tree = seed.tree();
        Path at = pick(YamlTree.paths(tree), where);
        // either a "billion laughs" ladder in place of a value, or an alias to a list or mapping that encloses it
        Object value;
        if (selfReference) {
            value = new Anchored("self", new ArrayList<>(List.of(1, new Alias("self"))));
        } else {
            List<Object> ladder = new ArrayList<>();
            ladder.add(new Anchored("l0", new ArrayList<>(Collections.nCopies(fanout, "lol"))));
            for (int i = 1; i < levels; i++) {
                ladder.add(new Anchored("l" + i, new ArrayList<>(Collections.nCopies(fanout, new Alias("l" + (i - 1))))));
            }
            value = ladder;
        }
        YamlTree.set(tree, at, value);
        String yaml = YamlTree.write(tree);

        String located = assertCleanOutcome(check(yaml), yaml);

        if (!selfReference && fanout * (levels - 1) > 10) {
            assertThat(located).as(yaml).isNotNull().contains("aliases");
        }
    }

    @Property
    void customTagsAreRefused(@ForAll("seeds") Seed seed, @ForAll("where") int where, @ForAll("tag") String tag) {
        Map<String, Object> tree = seed.tree();
        Path at = pick(YamlTree.paths(tree), where);
        YamlTree.set(tree, at, new Tagged(tag, YamlTree.get(tree, at)));
        String yaml = YamlTree.write(tree);

        Result r = check(yaml);
        String located = assertCleanOutcome(r, yaml);

        assertThat(located).as("a tagged value must not pass: %s\n%s", r.out(), yaml).isNotNull();
        assertThat(located).matches("(?s).*(Global tag is not allowed|unsupported YAML tag|must be|not a|got ).*");
    }

    @Property
    void nonUtf8BytesAreRefusedAtTheirPlace(@ForAll("seeds") Seed seed, @ForAll("where") int where, @ForAll("badByte") byte bad) {
        byte[] text = seed.text().getBytes(StandardCharsets.UTF_8);
        int offset = Math.floorMod(where, text.length + 1);
        byte[] mutated = new byte[text.length + 1];
        System.arraycopy(text, 0, mutated, 0, offset);
        mutated[offset] = bad;
        System.arraycopy(text, offset, mutated, offset + 1, text.length - offset);
        String shown = new String(mutated, StandardCharsets.ISO_8859_1);

        String located = assertCleanOutcome(check(mutated), shown);

        assertThat(located).as(shown).isNotNull().startsWith("not UTF-8: byte ");
    }

    @Property
    void truncatedConfigsLoadOrAreRefusedAtAPlace(@ForAll("seeds") Seed seed, @ForAll("where") int where) {
        byte[] text = seed.text().getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(text, Math.floorMod(where, text.length + 1));

        assertCleanOutcome(check(cut), new String(cut, StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Seed> seeds() {
        return Arbitraries.of(seedFiles());
    }

    @Provide
    Arbitrary<Integer> where() {
        return Arbitraries.integers().between(0, 100_000);
    }

    @Provide
    Arbitrary<List<String>> comments() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(" #:-[]{}&*!|>'\"").ofMaxLength(30)
                .list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> keyName() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u024f').ofMinLength(1).ofMaxLength(30),
                // names that are keys elsewhere (or already here: then "_x" is added), and YAML's merge key
                Arbitraries.of("apply", "plugins", "name", "<<"));
    }

    @Provide
    Arbitrary<Object> anyValue() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.of("", "5s", "0s", "-1s", "99999999999h", "512Mi", "0x10", "1e3", "yes", "off", "~", "/",
                        "move_pages", "numa-allocator", "127.0.0.1", "0-3", "*").map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
        return Arbitraries.oneOf(scalars,
                scalars.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l)),
                Combinators.combine(keyName(), scalars).as((k, v) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(k, v);
                    return (Object) m;
                }),
                Arbitraries.just(new LinkedHashMap<>()), Arbitraries.just(new ArrayList<>()));
    }

    @Provide
    Arbitrary<Object> hugeNumber() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(18), BigInteger.TEN.pow(400)).map(b -> (Object) b),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(400).negate(), BigInteger.TEN.pow(18).negate())
                        .map(b -> (Object) b),
                Arbitraries.integers().between(1, 20_000).map(n -> (Object) new Raw("9".repeat(n))),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE - 1)
                        .map(l -> (Object) l),
                Arbitraries.of(Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, Double.NaN, -0.0).map(d -> (Object) d),
                Arbitraries.of("1e309", "-1e309", "0x7fffffffffffffffff", "1_000_000_000_000_000_000_000",
                        "9999999999999999999Gi", "99999999999999999999s", "1e400ms").map(s -> (Object) new Raw(s)));
    }

    @Provide
    Arbitrary<Integer> depth() {
        return Arbitraries.integers().between(1, 2_000).edgeCases(e -> e.includeOnly(1, 31, 32, 33, 2_000));
    }

    @Provide
    Arbitrary<Integer> fanout() {
        return Arbitraries.integers().between(1, 12);
    }

    @Provide
    Arbitrary<Integer> levels() {
        return Arbitraries.integers().between(1, 12);
    }

    @Provide
    Arbitrary<String> tag() {
        return Arbitraries.oneOf(
                Arbitraries.of("!java.util.Date", "!javax.script.ScriptEngineManager", "!java.net.URLClassLoader",
                        "!python/object/apply:os.system", "!binary", "!timestamp", "!set", "!omap", "!pairs", "!merge",
                        "foo", "<tag:example.com,2000:app/thing>", "<tag:yaml.org,2002:java.io.File>", "ruby/object:Gem::Installer"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12));
    }

    @Provide
    Arbitrary<Byte> badByte() {
        // a lone continuation byte, an over-long lead byte (C0, C1) or a byte UTF-8 never uses (F5..FF)
        return Arbitraries.oneOf(Arbitraries.integers().between(0x80, 0xBF), Arbitraries.of(0xC0, 0xC1),
                Arbitraries.integers().between(0xF5, 0xFF)).map(Integer::byteValue);
    }

    // ------------------------------------------------------------------ helpers

    private static Path pick(List<Path> paths, int where) {
        return paths.get(where % paths.size());
    }

    /**
     * A plugin's name is referred to by the executor's owners, and its config keys are the named plugin's:
     * renaming it is reported where it is
     * referred to, and a changed task source or plugin list can make a later cross-key check fail.
     */
    /**
     * A plugin entry's {@code name} or {@code class} changed: that decides how the whole entry's config is
     * read, so the refusal may name any key of the entry (a rule list the other plugin does not know).
     */
    private static boolean renamedPlugin(Path changed, String located) {
        List<Object> s = changed.segments();
        return s.size() == 3 && "plugins".equals(s.get(0)) && s.get(1) instanceof Integer
                && ("name".equals(s.get(2)) || "class".equals(s.get(2)))
                && located.startsWith("plugins[" + s.get(1) + "].");
    }

    private static boolean crossReference(Path changed, String located) {
        String dotted = changed.dotted();
        if (located.startsWith("executor.owners.") && (dotted.startsWith("plugins") || dotted.startsWith("executor"))) {
            return true;
        }
        // a plugin renamed to another plugin (tier-mover -> numa-allocator): its config keys are refused as the other's
        return dotted.startsWith("plugins[") && dotted.endsWith("].name")
                && located.startsWith(dotted.substring(0, dotted.length() - "name".length()) + "config.");
    }

    @SuppressWarnings("unchecked")
    private static void shuffleKeys(Object v, java.util.Random random) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            List<String> keys = new ArrayList<>(map.keySet());
            Collections.shuffle(keys, random);
            Map<String, Object> copy = new LinkedHashMap<>(map);
            map.clear();
            for (String k : keys) {
                shuffleKeys(copy.get(k), random);
                map.put(k, copy.get(k));
            }
        } else if (v instanceof List<?> l) {
            l.forEach(x -> shuffleKeys(x, random));
        }
    }

    /** Comment lines spread between the lines of {@code yaml}. */
    private static String withComments(String yaml, List<String> comments) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n")));
        for (int i = 0; i < comments.size(); i++) {
            int at = Math.floorMod(comments.get(i).hashCode() + i, lines.size() + 1);
            lines.add(at, "# " + comments.get(i));
        }
        return String.join("\n", lines) + "\n";
    }
}
