package io.numaagent.api.decision;

/**
 * Set {@code kernel.numa_balancing} (0 off, 1 normal, 2 memory tiering, 3 both). Machine-wide:
 * {@link #task()} is {@code null}. Action {@code set-numa-balancing}.
 */
public record SetNumaBalancing(String plugin, int mode, String reason) implements Decision {
    public SetNumaBalancing {
        Decision.requireText(plugin, "plugin");
        if (mode < 0 || mode > 3) {
            throw new IllegalArgumentException("numa_balancing mode must be 0..3, got " + mode);
        }
    }

    @Override
    public String task() {
        return null;
    }

    @Override
    public String action() {
        return "set-numa-balancing";
    }

    @Override
    public Resource resource() {
        return Resource.NUMA_BALANCING;
    }
}
