#!/usr/bin/env python3
"""Stands in for a kernel under load in a fake host tree, for the dashboard check and picture.

    fake_kernel.py TREE SECONDS

Once a second for SECONDS it advances TREE/proc/vmstat's NUMA counters and changes each node's
MemFree in TREE/sys/devices/system/node/node*/meminfo: allocations at a steady rate, mostly local,
and in the middle third of the run node 0 runs short of memory (more misses, demotions, migrations).
The figures are made up (seeded, so two runs write the same values); they exist so that the
overview's rate panels show moving lines, and that check-prometheus.sh sees a rate() that is not 0. Files are replaced whole (written beside, then renamed),
as the agent may read them at any moment.
"""
import os
import random
import re
import sys
import time
from pathlib import Path

# pages per second: (steady, extra while node 0 is short of memory)
RATES = {
    "numa_hit": (48000, -4000), "numa_miss": (300, 2500), "numa_foreign": (300, 2500),
    "numa_local": (46500, -5000), "numa_other": (1500, 1000), "numa_pages_migrated": (350, 900),
    "pgmigrate_success": (380, 1000), "pgmigrate_fail": (4, 30), "numa_hint_faults": (2800, 1200),
    "numa_hint_faults_local": (2300, 300), "pgpromote_success": (120, 60), "pgdemote_kswapd": (60, 700),
    "pgdemote_direct": (0, 90),
}
SHORTAGE_KIB = 24 << 20  # node 0 loses up to 24 GiB of free memory in the middle third


def replace(path, text):
    staging = path.with_name(path.name + ".new")
    staging.write_text(text)
    os.replace(staging, path)


def advance_vmstat(path, deltas):
    def bump(match):
        key, value = match.group(1), int(match.group(2))
        return f"{key} {value + deltas[key]}" if key in deltas else match.group(0)
    text = re.sub(r"(?m)^(\w+) (\d+)$", bump, path.read_text())
    missing = [k for k in deltas if not re.search(rf"(?m)^{k} ", text)]
    text += "".join(f"{k} {deltas[k]}\n" for k in missing)
    replace(path, text)


def set_mem_free(path, free_kib):
    text = path.read_text()
    total = int(re.search(r"MemTotal:\s+(\d+) kB", text).group(1))
    free_kib = max(0, min(total, free_kib))
    text = re.sub(r"(MemFree:\s+)\d+( kB)", rf"\g<1>{free_kib}\g<2>", text)
    text = re.sub(r"(MemUsed:\s+)\d+( kB)", rf"\g<1>{total - free_kib}\g<2>", text)
    replace(path, text)


def main(tree, seconds):
    rng = random.Random(9)
    vmstat = Path(tree, "proc", "vmstat")
    nodes = sorted(Path(tree, "sys", "devices", "system", "node").glob("node[0-9]*"))
    base_free = {n: int(re.search(r"MemFree:\s+(\d+) kB", (n / "meminfo").read_text()).group(1)) for n in nodes}
    start = time.monotonic()
    for tick in range(seconds):
        phase = tick / max(1, seconds)
        short = 1.0 if 1 / 3 <= phase < 2 / 3 else 0.0
        deltas = {k: max(0, round((steady + short * extra) * rng.uniform(0.85, 1.15)))
                  for k, (steady, extra) in RATES.items()}
        advance_vmstat(vmstat, deltas)
        for i, node in enumerate(nodes):
            # node 0 fills in the middle third and frees again after; the others drift a little
            fill = SHORTAGE_KIB * min(1.0, max(0.0, 1.0 - abs(phase - 0.5) * 6)) if i == 0 else 0
            drift = (1 << 20) * rng.uniform(-1, 1)
            set_mem_free(node / "meminfo", int(base_free[node] - fill + drift))
        time.sleep(max(0.0, start + tick + 1 - time.monotonic()))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]))
