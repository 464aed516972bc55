package io.numaagent.runner.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tree the dashboard checks and agent-tests' tier-mover scenario run over. */
class TrackedFixtureTest {

    @TempDir
    Path dir;

    /** The pagemap entry of {@code vaddr} (the file is sparse: read at the offset). */
    private static long word(Path pagemap, long vaddr) throws IOException {
        try (FileChannel ch = FileChannel.open(pagemap)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            ch.read(b, vaddr / PageTrackingTree.PAGE * 8);
            return b.flip().getLong();
        }
    }

    @Test
    void twoSocketFourNodeProcessesMapSoftDirtyPagesOnTheirNodesInNodeOrder() throws IOException {
        PageTrackingTree t = TrackedFixture.write("twoSocketFourNode", dir,
                TrackedFixture.processes("1001:2=32,0=64", "1101:1=3"));

        Path pagemap = t.paths().proc("1001/pagemap");
        long second = TrackedFixture.HEAP + TrackedFixture.MAPPING_STRIDE;
        // node 0's mapping first (node order), then node 2's
        assertThat(word(pagemap, TrackedFixture.HEAP))
                .isEqualTo(PageTrackingTree.present(t.pfn(0, 1001 * 1000L), true, true));
        assertThat(word(pagemap, TrackedFixture.HEAP + 63 * PageTrackingTree.PAGE))
                .isEqualTo(PageTrackingTree.present(t.pfn(0, 1001 * 1000L) + 63, true, true));
        assertThat(word(pagemap, second)).isEqualTo(PageTrackingTree.present(t.pfn(2, 1001 * 1000L), true, true));
        assertThat(word(pagemap, second + 31 * PageTrackingTree.PAGE))
                .isEqualTo(PageTrackingTree.present(t.pfn(2, 1001 * 1000L) + 31, true, true));
        assertThat(Files.readString(t.paths().proc("1001/maps"))).isEqualTo("""
                55d000000000-55d000040000 rw-p 00000000 00:00 0
                55d040000000-55d040020000 rw-p 00000000 00:00 0
                """);
        assertThat(Files.readString(t.paths().proc("1101/stat"))).startsWith("1101 (meme) S 1");
        // the committed fixture's cgroups are there: /batch/a lists the process
        assertThat(Files.readString(t.paths().cgroup("batch/a/cgroup.procs"))).contains("1001");
        assertThat(t.paths().proc("config.gz")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1001|'1001': expected PID:NODE=PAGES[,NODE=PAGES]",
            "1001:0|'1001:0': '0' is not NODE=PAGES",
            "1001:0=x|For input string: \"x\""})
    void badProcessSpecIsAnErrorNamingIt(String spec, String message) {
        assertThatThrownBy(() -> TrackedFixture.processes(spec)).hasMessageContaining(message);
    }

    @Test
    void unknownFixtureIsAnErrorListingTheKnownOnes() {
        assertThatThrownBy(() -> TrackedFixture.write("eightSocket", dir, Map.of()))
                .hasMessage("no fixture eightSocket; there are [laptopOneNode, twoSocketFourNode, cxlTwoMemoryOnlyNodes]");
    }
}
