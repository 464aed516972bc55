package io.numaagent.runner.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@code /proc/PID/status} in the kernel's format: a running process, a zombie, a kernel thread. */
class ProcStatusTest {

    /** A user process as Linux 6.x prints it (abridged only of lines nothing reads). */
    static final String RUNNING = """
            Name:	java
            Umask:	0022
            State:	S (sleeping)
            Tgid:	4242
            Pid:	4242
            PPid:	1
            Uid:	0	0	0	0
            VmPeak:	 5347172 kB
            VmSize:	 5347172 kB
            VmLck:	       0 kB
            VmHWM:	 1310720 kB
            VmRSS:	 1048576 kB
            RssAnon:	 1040000 kB
            Threads:	42
            CapInh:	0000000000000000
            CapPrm:	000001ffffffffff
            CapEff:	000001ffffffffff
            CapBnd:	000001ffffffffff
            Cpus_allowed:	f
            Cpus_allowed_list:	0-3
            Mems_allowed:	00000000,00000001
            Mems_allowed_list:	0
            voluntary_ctxt_switches:	150
            """;

    /** A zombie: the kernel prints no Vm* lines once the memory map is gone. */
    static final String ZOMBIE = """
            Name:	meme
            State:	Z (zombie)
            Tgid:	101
            Pid:	101
            Threads:	1
            CapEff:	0000000000000000
            """;

    /** A kernel thread: no memory map either, but alive. */
    static final String KTHREAD = """
            Name:	kworker/0:1-events
            State:	I (idle)
            Pid:	12
            Threads:	1
            """;

    private static ProcStatus parse(String text) {
        return ProcStatus.parse(HostFiles.lines(text));
    }

    @ParameterizedTest
    @CsvSource({
            "RUNNING, java,               true,  false, 1073741824, 1342177280, 0-3, 0",
            "ZOMBIE,  meme,               false, true,  0,          0,          -,   -",
            "KTHREAD, kworker/0:1-events, false, false, 0,          0,          -,   -"})
    void fields(String which, String name, boolean hasMm, boolean exited, long rss, long hwm, String cpus, String mems) {
        ProcStatus s = parse(switch (which) {
            case "RUNNING" -> RUNNING;
            case "ZOMBIE" -> ZOMBIE;
            default -> KTHREAD;
        });
        assertThat(s.field("Name", "?")).isEqualTo(name);
        assertThat(s.hasMemoryMap()).isEqualTo(hasMm);
        assertThat(s.hasExited()).isEqualTo(exited);
        assertThat(s.kbAsBytes("VmRSS")).isEqualTo(rss);
        assertThat(s.kbAsBytes("VmHWM")).isEqualTo(hwm);
        assertThat(s.field("Cpus_allowed_list", "-")).isEqualTo(cpus);
        assertThat(s.field("Mems_allowed_list", "-")).isEqualTo(mems);
    }

    @Test
    void deadStateAndGarbledSizes() {
        assertThat(ProcStatus.parse(List.of("State:\tX (dead)")).hasExited()).isTrue();
        assertThat(ProcStatus.parse(List.of("State:\tR (running)", "VmSize:\t100 kB")).hasExited()).isFalse();
        assertThat(ProcStatus.parse(List.of("VmRSS:\tlots kB")).kbAsBytes("VmRSS")).isZero();
    }

    @Test
    void capEffParsing() {
        assertThat(ProcStatus.parse(List.of("Name:\tx", "CapEff:\t000001ffffffffff")).capEff()).isEqualTo(0x1ffffffffffL);
        assertThatThrownBy(() -> ProcStatus.parse(List.of("Name:\tx")).capEff()).hasMessage("no CapEff line");
        assertThat(parse(RUNNING).capEff()).isEqualTo(0x1ffffffffffL);
        assertThat(parse(ZOMBIE).capEff()).isZero();
    }
}
