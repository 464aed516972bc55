package io.numaagent.api.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.snapshot.Snapshot;
import io.numaagent.api.testing.TestMachine;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TrackingTypesTest {

    static Stream<Arguments> invalidSpecs() {
        return Stream.of(
                Arguments.of((Runnable) () -> new TrackerSpec.IdlePage(0, 1, 5000, 10000, 0, 0, 0), "pagesInRegion must be positive, got 0"),
                Arguments.of((Runnable) () -> new TrackerSpec.IdlePage(512, 1, 0, 10000, 0, 0, 0), "scanIntervalMs must be positive, got 0"),
                Arguments.of((Runnable) () -> new TrackerSpec.SoftDirty(512, -1, 5000, 0, 0, 0), "maxCountPerRegion must not be negative, got -1"),
                Arguments.of((Runnable) () -> new TrackerSpec.Damon(5000, 100000, 1000000, 10, 5, -1, List.of(0), 0, false, false),
                        "maxTargetRegions must not be below minTargetRegions"),
                Arguments.of((Runnable) () -> new TrackerSpec.Finder(-1, 0, null, null, null), "regionsUpdateMs must not be negative, got -1"),
                Arguments.of((Runnable) () -> new TrackerSpec.Multi(List.of()), "trackers must not be empty"),
                Arguments.of((Runnable) () -> new RangeCounter(0x1000, 0, 0, 0, 0, 0, 0), "pages must be positive"),
                Arguments.of((Runnable) () -> new RangeCounter(0x1000, 1, 0, 0, 0, 0, -3), "node must be a node id, NODE_SWAP or NODE_UNKNOWN"),
                Arguments.of((Runnable) () -> new AccessCounters("p", "/t", 7, 10, 9, 1, List.of()), "window must not end before it starts"));
    }

    @ParameterizedTest
    @MethodSource("invalidSpecs")
    void invalidValuesAreRefusedWithTheirName(Runnable construct, String message) {
        assertThatThrownBy(construct::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void kindsAreMemtierdNames() {
        TrackerSpec idle = new TrackerSpec.IdlePage(512, 1, 5000, 10000, 0, 0, 0);
        TrackerSpec dirty = new TrackerSpec.SoftDirty(512, 1, 5000, 10000, 0, 0);
        assertThat(Stream.of(idle, dirty, new TrackerSpec.Damon(5000, 100000, 1000000, 10, 1000, -1, List.of(0), 0, false, false),
                new TrackerSpec.Finder(5000, 0, true, true, null), new TrackerSpec.Multi(List.of(idle, dirty)))
                .map(TrackerSpec::kind)).containsExactly("idlepage", "softdirty", "damon", "finder", "multi");
    }

    @Test
    void laptopOneNodeSnapshotGivesEachPluginItsOwnCounters() {
        Snapshot base = TestMachine.laptopOneNode().snapshot(1, java.time.Instant.EPOCH);
        RangeCounter hot = new RangeCounter(0x7f0000000000L, 512, 3, 0, 1, 1_000, 0);
        AccessCounters mine = new AccessCounters("tier-mover", "/batch/a", 42, 1_000, 6_000, 1, List.of(hot));
        AccessCounters other = new AccessCounters("other", "/batch/a", 42, 1_000, 6_000, 1, List.of());
        Snapshot s = base.withAccessCounters(List.of(mine, other));
        assertThat(base.accessCounters()).isEmpty();
        assertThat(s.accessCountersOf("tier-mover")).containsExactly(mine);
        assertThat(hot.heat()).isEqualTo(4);
        assertThat(hot.end(4096)).isEqualTo(0x7f0000000000L + 512 * 4096L);
        assertThat(new TrackingRequest(new TrackerSpec.Finder(0, 1, null, null, null), Set.of("/a")).tasks()).containsExactly("/a");
    }
}
