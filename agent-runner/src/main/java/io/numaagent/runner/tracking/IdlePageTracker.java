package io.numaagent.runner.tracking;

import io.numaagent.api.tracking.TrackerSpec;
import io.numaagent.runner.host.HostPaths;
import java.io.IOException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * memtierd's {@code idlepage} tracker (anchors §2.1). A page counts as accessed when it is present and
 * exclusive in pagemap and its bit in {@code /sys/kernel/mm/page_idle/bitmap} was cleared since the
 * previous scan; of a compound page only the head counts ({@code /proc/kpageflags}, read only for pages
 * that are not idle). A region stops counting at {@code maxCountPerRegion} accessed pages. After the
 * count pass over every process, each 64-PFN bitmap word holding a scanned page is set all-idle once
 * (which also marks its other 63 frames idle, as memtierd does). A process's pages are marked idle when
 * it is first tracked, so its first scan counts accesses since then.
 */
final class IdlePageTracker implements PageTracker {

    private static final Logger LOG = LoggerFactory.getLogger(IdlePageTracker.class);
    static final long KPF_COMPOUND_TAIL = 1L << 16;

    private final TrackerSpec.IdlePage spec;
    private final long pageSize;
    private final ScannedProcesses procs;
    private final PfnFile bitmap;
    private final PfnFile kpageflags;
    private long[] entries;
    private final NodeTally tally;
    private long[] words = new long[1024];
    private int wordCount;

    IdlePageTracker(TrackerSpec.IdlePage spec, HostPaths paths, long pageSize, PfnNodes nodes, LongSupplier nowMs)
            throws IOException {
        this.spec = spec;
        this.pageSize = pageSize;
        this.procs = new ScannedProcesses(paths, pageSize, spec.pagesInRegion(), spec.regionsUpdateMs(),
                spec.pagemapReadahead(), nowMs);
        this.bitmap = new PfnFile(paths.sys("kernel/mm/page_idle/bitmap"), readahead(spec.bitmapReadahead(), 8),
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        PfnFile flags;
        try {
            flags = new PfnFile(paths.proc("kpageflags"), readahead(spec.kpageflagsReadahead(), 256),
                    StandardOpenOption.READ);
        } catch (IOException e) {
            bitmap.close();
            throw e;
        }
        this.kpageflags = flags;
        this.entries = new long[spec.pagesInRegion()];
        this.tally = new NodeTally(nodes);
    }

    /** memtierd's readahead setting: 0 = its default, -1 = none. */
    static int readahead(int configured, int defaultWords) {
        return configured == 0 ? defaultWords : Math.max(0, configured);
    }

    @Override
    public String kind() {
        return "idlepage";
    }

    @Override
    public long scanIntervalMs() {
        return spec.scanIntervalMs();
    }

    @Override
    public void track(Set<Integer> pids) throws InterruptedException, IOException {
        wordCount = 0;
        for (ScannedProcesses.Proc p : procs.track(pids)) {
            try {
                walk(p, null);
            } catch (ProcessFileException e) {
                procs.drop(p.pid, e);
            }
        }
        setIdle();
    }

    @Override
    public Scan scan() throws InterruptedException, IOException {
        Map<Integer, List<Count>> counts = new LinkedHashMap<>();
        wordCount = 0;
        kpageflags.forget(); // flags of the last scan (a page split or merged since) are not used again
        long pages = 0;
        List<ScannedProcesses.Proc> due = procs.due();
        long t0 = System.nanoTime();
        for (ScannedProcesses.Proc p : due) {
            List<Count> out = new ArrayList<>(p.regions.size());
            try {
                pages += walk(p, out);
                counts.put(p.pid, out);
            } catch (ProcessFileException e) {
                procs.drop(p.pid, e);
            }
        }
        long counted = System.nanoTime() - t0;
        setIdle();
        return new Scan(counts, procs.takeGone(), pages, counted);
    }

    /**
     * Reads the pagemap of every region of {@code p}, collecting the bitmap words to set idle; with
     * {@code out}, also counts accessed pages per region.
     *
     * @return pages read
     */
    private long walk(ScannedProcesses.Proc p, List<Count> out) throws IOException, InterruptedException {
        int maxCount = spec.maxCountPerRegion() == 0 ? spec.pagesInRegion() : spec.maxCountPerRegion();
        long pages = 0;
        for (long[] region : p.regions) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            int n = (int) region[1];
            p.pagemap.read(region[0], n, entries);
            pages += n;
            tally.reset();
            tally.addAll(entries, n);
            int cnt = 0;
            // neighbouring frames share a bitmap word: the word and its bits are looked up once per run
            long word = -1;
            long bitsWord = -1;
            long bits = 0;
            for (int i = 0; i < n; i++) {
                long e = entries[i];
                if (!Pagemap.presentExclusive(e)) {
                    continue;
                }
                long pfn = e & Pagemap.PFN_MASK;
                long w = pfn >>> 6;
                if (w != word) {
                    addWord(w);
                    word = w;
                }
                if (out != null && cnt < maxCount) {
                    if (w != bitsWord) {
                        bits = bitmap.word(w);
                        bitsWord = w;
                    }
                    if ((bits & (1L << (pfn & 63))) == 0 && (kpageflags.word(pfn) & KPF_COMPOUND_TAIL) == 0) {
                        cnt++; // a tail page never gets its own idle bit: the head stands for the compound page
                    }
                }
            }
            if (out != null) {
                out.add(new Count(region[0], n, Math.min(cnt, maxCount), 0, 0, tally.node()));
            }
        }
        return pages;
    }

    private void addWord(long word) {
        if (wordCount > 0 && words[wordCount - 1] == word) {
            return; // consecutive frames share a word: the common case costs no growth
        }
        if (wordCount == words.length) {
            words = Arrays.copyOf(words, words.length * 2);
        }
        words[wordCount++] = word;
    }

    /** Sets every collected 64-PFN word all-idle, each once, runs of consecutive words in one write each. */
    private void setIdle() throws IOException {
        Arrays.sort(words, 0, wordCount);
        int i = 0;
        while (i < wordCount) {
            // a run of consecutive words goes in one write
            long first = words[i];
            int n = 1;
            int j = i + 1;
            for (; j < wordCount && words[j] <= first + n; j++) {
                if (words[j] == first + n) {
                    n++;
                }
            }
            bitmap.fill(first, n, -1L);
            i = j;
        }
        wordCount = 0;
        bitmap.forget();
    }

    @Override
    public void close() {
        procs.close();
        try {
            bitmap.close();
            kpageflags.close();
        } catch (IOException e) {
            LOG.debug("closing idle page files", e);
        }
    }
}
