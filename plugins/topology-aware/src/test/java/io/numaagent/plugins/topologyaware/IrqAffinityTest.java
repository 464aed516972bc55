package io.numaagent.plugins.topologyaware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.numaagent.api.CpuSet;
import io.numaagent.api.decision.Decision;
import io.numaagent.api.decision.Outcome;
import io.numaagent.api.decision.SetIrqAffinity;
import io.numaagent.api.plugin.ConfigException;
import io.numaagent.api.plugin.PluginConfig;
import io.numaagent.api.snapshot.QosClass;
import io.numaagent.api.testing.TestMachine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * irq-affinity on twoSocketFourNodeSixteenCpus (the reference's n4c16), after the reference's e2e test25: a pod
 * of two Guaranteed 2-CPU containers (exclusive CPUs) and two Burstable ones, the exclusive ones annotated; the
 * interrupts timer (at CPU 0), ttyS0, rtc0, acpi and a managed nvme queue the kernel refused to move.
 */
class IrqAffinityTest {

    private static final String POD = "/pods/p";
    private static final String C0 = POD + "/c0";
    private static final String C1 = POD + "/c1";
    private static final String KEY = "irq-affinity.resource-policy.nri.io/container.";

    @TempDir
    Path state;

    private Harness harness(Map<String, Object> config) {
        return new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state, config)
                .interrupt(0, "IO-APIC 2-edge timer", "0")
                .interrupt(4, "IO-APIC 4-edge ttyS0", "0-15")
                .interrupt(8, "IO-APIC 8-edge rtc0", "0-15")
                .interrupt(9, "IO-APIC 9-fasteoi acpi", "0-15")
                .interrupt(24, "PCI-MSIX-0000:00:04.0 0-edge nvme0q0", "0-15").unmovable(24);
    }

    /**
     * The Guaranteed pod of test25: c0 and c1 of 2 CPUs (exclusive), c2 and c3 of 500m (shared CPUs), with these
     * annotations.
     */
    private static Harness pod(Harness h, Map<String, String> annotations) {
        return h.pod(POD, QosClass.GUARANTEED, Harness.container(C0, QosClass.GUARANTEED, 2000, 2000, 100, 100),
                        Harness.container(C1, QosClass.GUARANTEED, 2000, 2000, 100, 100),
                        Harness.container(POD + "/c2", QosClass.GUARANTEED, 500, 500, 100, 100),
                        Harness.container(POD + "/c3", QosClass.GUARANTEED, 500, 500, 100, 100))
                .annotate(POD, annotations);
    }

    private static List<SetIrqAffinity> irqDecisions(List<Decision> ds) {
        return ds.stream().filter(d -> d instanceof SetIrqAffinity).map(d -> (SetIrqAffinity) d).toList();
    }

    private static String minus(String all, String... sets) {
        CpuSet s = CpuSet.parse(all);
        for (String x : sets) {
            s = s.difference(CpuSet.parse(x));
        }
        return s.toString();
    }

    static Stream<Arguments> twoSocketFourNodeSixteenCpusTest25() {
        return Stream.of(
                Arguments.of("claims (pod0)", Map.of(KEY + "c0", "claim: [ \"*ttyS0*\" ]",
                        KEY + "c1", "claim: [ \"*rtc0*\" ]"), "c0", "c1", "all"),
                Arguments.of("masks (pod1)", Map.of(KEY + "c0", "mask: [ \"*ttyS0*\" ]",
                        KEY + "c1", "mask: [ \"*rtc0*\" ]"), "all-c0", "all-c1", "all"),
                Arguments.of("claim one, mask all; mask one (pod2)", Map.of(KEY + "c0", "claim: [ \"*ttyS0*\" ]\n"
                        + "mask: [ \"*\" ]", KEY + "c1", "mask: [ \"*rtc0*\" ]"), "c0", "all-c0-c1", "all-c0"),
                Arguments.of("numbers", Map.of(KEY + "c0", "claim: [ \"4\", \"8\" ]"), "c0", "c0", "all"),
                Arguments.of("pod-scoped", Map.of("irq-affinity.resource-policy.nri.io/pod", "mask: [ \"*tty*\" ]"),
                        "all-c0-c1", "all", "all"));
    }

    /**
     * Each case: the wanted affinities of ttyS0, rtc0 and the other movable interrupts (timer, acpi): {@code c0}
     * is c0's exclusive CPUs, {@code all-c0} the allowed CPUs less them (the timer at CPU 0 gets the allowed CPUs
     * too, as in the reference); the refused nvme queue is left; decisions only where the affinity changes; a
     * second cycle decides nothing; when the pod goes, one cycle gives every movable interrupt the allowed CPUs
     * again, and later cycles decide nothing, even when an interrupt is then set by hand.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketFourNodeSixteenCpusTest25(String name, Map<String, String> annotations, String ttyS0, String rtc0,
                                            String others) {
        Harness h = pod(harness(Map.of()), annotations);

        List<Decision> first = h.step();

        String c0 = h.cpus.get(C0);
        String c1 = h.cpus.get(C1);
        assertThat(CpuSet.parse(c0).size()).isEqualTo(2);
        assertThat(CpuSet.parse(c1).size()).isEqualTo(2);
        Map<String, String> wanted = Map.of("all", "0-15", "c0", c0, "c1", c1, "all-c0", minus("0-15", c0),
                "all-c1", minus("0-15", c1), "all-c0-c1", minus("0-15", c0, c1));
        Map<Integer, String> expected = Map.of(0, wanted.get(others), 4, wanted.get(ttyS0), 8, wanted.get(rtc0),
                9, wanted.get(others), 24, "0-15");
        assertThat(h.irqAffinities()).as(h.context.log().lines().toString()).isEqualTo(expected);
        Map<Integer, String> before = Map.of(0, "0", 4, "0-15", 8, "0-15", 9, "0-15", 24, "0-15");
        assertThat(irqDecisions(first)).extracting(SetIrqAffinity::irq).containsExactlyElementsOf(
                expected.keySet().stream().sorted().filter(n -> !expected.get(n).equals(before.get(n))).toList());
        assertThat(irqDecisions(h.step())).isEmpty();

        h.remove(POD);
        assertThat(irqDecisions(h.step())).extracting(SetIrqAffinity::reason).containsOnly(
                "irq-affinity: not claimed or masked: the allowed CPUs");
        assertThat(h.irqAffinities()).isEqualTo(Map.of(0, "0-15", 4, "0-15", 8, "0-15", 9, "0-15", 24, "0-15"));
        assertThat(irqDecisions(h.step())).isEmpty();
        h.interrupt(0, "IO-APIC 2-edge timer", "0"); // set by hand later: no container asks, so it stays
        assertThat(irqDecisions(h.step())).isEmpty();
    }

    @Test
    void twoSocketFourNodeSixteenCpusReasonsNameTheContainers() {
        Harness h = pod(harness(Map.of()), Map.of(KEY + "c0", "claim: [ \"*ttyS0*\" ]\nmask: [ \"*\" ]",
                KEY + "c1", "mask: [ \"*rtc0*\" ]"));

        List<SetIrqAffinity> ds = irqDecisions(h.step());

        String c0 = h.cpus.get(C0);
        String c1 = h.cpus.get(C1);
        assertThat(ds).extracting(SetIrqAffinity::irq, SetIrqAffinity::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "irq-affinity: masked by p/c0 " + c0),
                org.assertj.core.groups.Tuple.tuple(4, "irq-affinity: claimed by p/c0 " + c0 + "; masked by p/c0 " + c0),
                org.assertj.core.groups.Tuple.tuple(8, "irq-affinity: masked by p/c0 " + c0 + ", p/c1 " + c1),
                org.assertj.core.groups.Tuple.tuple(9, "irq-affinity: masked by p/c0 " + c0));
        assertThat(h.context.log().at("warn")).contains("irq 4 (IO-APIC 4-edge ttyS0): both claimed and masked on "
                + "CPUs " + c0 + "; the claims win");
    }

    /** The reference's documentation example: data-pump claims eth0 and masks all; mgmt claims all but eth0. */
    @Test
    void twoSocketFourNodeSixteenCpusClaimFirstMode() {
        Harness h = harness(Map.of()).interrupt(30, "PCI-MSIX-0000:00:05.0 0-edge eth0 rx", "0-15");
        h.pod(POD, QosClass.GUARANTEED, Harness.container(POD + "/data-pump", QosClass.GUARANTEED, 2000, 2000, 100,
                        100),
                        Harness.container(POD + "/mgmt", QosClass.GUARANTEED, 2000, 2000, 100, 100))
                .annotate(POD, Map.of(KEY + "data-pump", "claim:\n  - \"*eth0 *\"\nmask:\n  - \"*\"",
                        KEY + "mgmt", "claim:\n  - \"*\"\nmask:\n  - \"*eth0 *\"\nmode: claim-first"));

        h.step();

        String pump = h.cpus.get(POD + "/data-pump");
        String mgmt = h.cpus.get(POD + "/mgmt");
        assertThat(h.irqAffinities()).isEqualTo(Map.of(0, mgmt, 4, mgmt, 8, mgmt, 9, mgmt, 24, "0-15", 30, pump));
    }

    /**
     * A write that failed other than as unmovable (here the kernel's ENOSPC: no vector left) is not made again
     * while the same affinity is wanted, even when the interrupt is moved meanwhile; once another is wanted
     * (the pod went), it is.
     */
    @Test
    void twoSocketFourNodeSixteenCpusAFailedWriteIsNotRepeated() {
        Harness h = pod(harness(Map.of()), Map.of(KEY + "c0", "claim: [ \"*ttyS0*\" ]"));
        SetIrqAffinity ttyS0 = irqDecisions(h.step()).stream().filter(d -> d.irq() == 4).findFirst().orElseThrow();
        h.interrupt(4, "IO-APIC 4-edge ttyS0", "0-15"); // not applied
        h.outcomes = List.of(new Outcome(1, ttyS0, Outcome.Status.FAILED, "cannot write", "ENOSPC", 0, 0, 0, 0));

        assertThat(irqDecisions(h.step())).isEmpty();
        h.interrupt(4, "IO-APIC 4-edge ttyS0", "0-3");
        assertThat(irqDecisions(h.step())).isEmpty();

        h.remove(POD);
        assertThat(irqDecisions(h.step())).extracting(SetIrqAffinity::irq, d -> d.cpus().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(4, "0-15"));
    }

    @Test
    void twoSocketFourNodeSixteenCpusWithoutAnnotationsNoInterruptIsTouched() {
        Harness h = harness(Map.of()).guaranteed("/pods/g", 2000).bestEffort("/pods/b");

        for (int i = 0; i < 3; i++) {
            assertThat(irqDecisions(h.step())).isEmpty();
        }
        assertThat(h.irqAffinities()).containsEntry(0, "0");
    }

    static Stream<Arguments> twoSocketFourNodeSixteenCpusRefused() {
        return Stream.of(
                Arguments.of("bestEffort (pod3)", QosClass.BEST_EFFORT, 0, "claim: [ \"*ttyS0*\" ]",
                        "irq-affinity applies to Guaranteed containers only"),
                Arguments.of("burstable (pod4)", QosClass.BURSTABLE, 1000, "claim: [ \"*ttyS0*\" ]",
                        "irq-affinity applies to Guaranteed containers only"),
                Arguments.of("sharedCpus (pod5)", QosClass.GUARANTEED, 250, "claim: [ \"*ttyS0*\" ]",
                        "p/c0: ignoring irq-affinity: it needs exclusive CPUs, and the container has none"),
                Arguments.of("unparsable (pod6)", QosClass.GUARANTEED, 2000, "claim: xyzzy, foobar",
                        "expected a list"),
                Arguments.of("badMode (pod7)", QosClass.GUARANTEED, 2000,
                        "claim: [ \"*ttyS0*\" ]\nmask: [ \"*rtc0*\" ]\nmode: xyzzy", "mode must be mask-first or "
                                + "claim-first"),
                Arguments.of("badGlob", QosClass.GUARANTEED, 2000, "claim: [ \"[tty\" ]",
                        "bad pattern '[tty' at character 1: unclosed '['"),
                Arguments.of("unknownField", QosClass.GUARANTEED, 2000, "claims: [ \"*ttyS0*\" ]",
                        "unknown field 'claims' (known: claim, mask, mode)"));
    }

    /** An annotation that cannot be used is logged once; the container is placed as if it had none. */
    @ParameterizedTest(name = "{0}")
    @MethodSource
    void twoSocketFourNodeSixteenCpusRefused(String name, QosClass qos, long milliCpu, String value, String why) {
        Harness h = harness(Map.of());
        h.pod(POD, qos, Harness.container(C0, qos, milliCpu, qos == QosClass.GUARANTEED ? milliCpu : 0, 100, 100))
                .annotate(POD, Map.of(KEY + "c0", value));

        assertThat(irqDecisions(h.step())).isEmpty();
        assertThat(irqDecisions(h.step())).isEmpty();

        assertThat(h.cpus).containsKey(C0);
        assertThat(h.context.log().at("warn")).filteredOn(l -> l.contains(why)).hasSize(1);
    }

    /** controllableInterrupts ["*rtc0*"] (test25's second part): a claim of ttyS0 is refused; rtc0 alone is set. */
    @Test
    void twoSocketFourNodeSixteenCpusControllableInterrupts() {
        Harness denied = harness(Map.of("controllableInterrupts", List.of("*rtc0*")));
        denied.pod(POD, QosClass.GUARANTEED, Harness.container(C0, QosClass.GUARANTEED, 2000, 2000, 100, 100))
                .annotate(POD, Map.of(KEY + "c0", "claim: [ \"*ttyS0*\" ]"));
        assertThat(irqDecisions(denied.step())).isEmpty();
        assertThat(denied.context.log().at("warn")).containsExactly("p/c0: ignoring irq-affinity: pattern '*ttyS0*' "
                + "matches irq 4 (IO-APIC 4-edge ttyS0), which controllableInterrupts [*rtc0*] does not allow");

        Harness allowed = new Harness(TestMachine.twoSocketFourNodeSixteenCpus(), state.resolve("b"),
                Map.of("controllableInterrupts", List.of("*rtc0*")))
                .interrupt(0, "IO-APIC 2-edge timer", "0").interrupt(8, "IO-APIC 8-edge rtc0", "0-15");
        allowed.pod(POD, QosClass.GUARANTEED, Harness.container(C0, QosClass.GUARANTEED, 2000, 2000, 100, 100))
                .annotate(POD, Map.of(KEY + "c0", "claim: [ \"8\" ]"));
        assertThat(irqDecisions(allowed.step())).extracting(SetIrqAffinity::irq).containsExactly(8);
        assertThat(allowed.irqAffinities()).isEqualTo(Map.of(0, "0", 8, allowed.cpus.get(C0)));
    }

    static Stream<Arguments> badControllableInterrupts() {
        return Stream.of(
                Arguments.of(List.of("*", "[a"), "controllableInterrupts[1]",
                        "'controllableInterrupts[1]': bad pattern '[a' at character 1: unclosed '['"),
                Arguments.of(List.of("*", ""), "controllableInterrupts[1]",
                        "'controllableInterrupts[1]' must be a non-empty glob, got \"\""),
                Arguments.of("*", "controllableInterrupts",
                        "'controllableInterrupts' must be a list of globs such as [\"*\"] or [\"*nvme*\", \"*eth0*\"]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource
    void badControllableInterrupts(Object value, String key, String message) {
        TopologyAwarePluginFactory f = new TopologyAwarePluginFactory();
        assertThatThrownBy(() -> TopologyAwareSettings.from(PluginConfig.of(f.configKeys(),
                Map.of("controllableInterrupts", value))))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
