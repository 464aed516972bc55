package io.numaagent.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code numa-agent topology}. */
@Command(name = "topology", mixinStandardHelpOptions = true,
        description = "Print the machine's NUMA topology: nodes, CPUs, memory and distances as numactl -H shows them, "
                + "then the socket/die/node tree with CPU-less nodes, isolated CPUs and memory tiers.")
final class TopologyCommand implements Callable<Integer> {

    @CommandLine.Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Wiring.printTopology(common, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
