#!/usr/bin/env python3
"""Writes one machine snapshot that WCA's NUMAAllocator (wca_allocate.py) and the
numa-allocator plugin (SideBySideBenchmark, SideBySideDecisions) both read.

  make_snapshot.py --tasks 10000 --nodes 8 [--pinned 0.3] [--seed 7] > FILE

The machine: NODES nodes of 16 CPUs each (two sockets when NODES > 2). The tasks, as
on a node where the agent has run for a while (not the JMH scenario of
NumaAllocatorBenchmark, which is 70 % pinned):

* memory request log-uniform from 64 MiB to 4 GiB (many small pods, few big ones);
  the task uses 50-100 % of it, counted in 4 KiB pages per node;
* --pinned of the tasks are pinned (cpuset = one node's CPUs); 85 % of those have
  90-100 % of their pages there, 15 % drifted to 70-95 % (re-migration candidates);
* 5 % have a cpuset that is a subset of one node's CPUs (a CPU-manager pod): not
  "pinned" by WCA's exact-match rule;
* the others run on every CPU; 60 % of them have 80-100 % of their pages on one node
  (first touch where they started), 40 % spread over 2-3 nodes;
* node sizes hold all tasks with a third to spare; each node's used bytes are its
  tasks' pages plus 4 GiB for the system, free = size - used.

Format (one record a line, whitespace-separated; '#' starts a comment):
  node ID CPU_LIST FREE_BYTES USED_BYTES
  task ID MEMORY_REQUEST_BYTES CPU_LIST PAGES_NODE0,PAGES_NODE1,...
CPU_LIST is cpuset list format (0-15,32); pages are 4 KiB pages.
"""
import argparse
import math
import random

PAGE = 4096
MIB = 1 << 20
GIB = 1 << 30
CPUS_PER_NODE = 16


def cpu_list(cpus):
    cpus = sorted(cpus)
    parts, start = [], None
    for i, c in enumerate(cpus):
        if start is None:
            start = c
        if i + 1 == len(cpus) or cpus[i + 1] != c + 1:
            parts.append(str(start) if start == c else f"{start}-{c}")
            start = None
    return ",".join(parts)


def spread(rng, pages, nodes, main_nodes, main_share):
    """pages over nodes: main_share of them over main_nodes, the rest over the others."""
    per = [0] * nodes
    main = int(pages * main_share)
    for k, n in enumerate(main_nodes):
        per[n] += main // len(main_nodes) + (1 if k < main % len(main_nodes) else 0)
    rest = pages - main
    others = [n for n in range(nodes) if n not in main_nodes] or list(main_nodes)
    while rest > 0:
        n = rng.choice(others)
        chunk = max(1, min(rest, rng.randint(1, max(1, rest))))
        per[n] += chunk
        rest -= chunk
    return per


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tasks", type=int, required=True)
    ap.add_argument("--nodes", type=int, required=True)
    ap.add_argument("--pinned", type=float, default=0.3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    nodes = args.nodes
    node_cpus = [list(range(n * CPUS_PER_NODE, (n + 1) * CPUS_PER_NODE)) for n in range(nodes)]
    all_cpus = [c for cpus in node_cpus for c in cpus]
    tasks, used = [], [0] * nodes
    lo, hi = math.log(64 * MIB), math.log(4 * GIB)
    for i in range(args.tasks):
        request = int(math.exp(rng.uniform(lo, hi))) // PAGE * PAGE
        pages = int(request * rng.uniform(0.5, 1.0)) // PAGE
        kind = rng.random()
        if kind < args.pinned:
            home = rng.randrange(nodes)
            share = rng.uniform(0.9, 1.0) if rng.random() < 0.85 else rng.uniform(0.7, 0.95)
            per = spread(rng, pages, nodes, [home], share)
            cpus = node_cpus[home]
        elif kind < args.pinned + 0.05:
            home = rng.randrange(nodes)
            per = spread(rng, pages, nodes, [home], rng.uniform(0.8, 1.0))
            cpus = rng.sample(node_cpus[home], rng.randint(1, CPUS_PER_NODE - 1))
        elif rng.random() < 0.6:
            per = spread(rng, pages, nodes, [rng.randrange(nodes)], rng.uniform(0.8, 1.0))
            cpus = all_cpus
        else:
            main_nodes = rng.sample(range(nodes), min(nodes, rng.randint(2, 3)))
            per = spread(rng, pages, nodes, main_nodes, 1.0)
            cpus = all_cpus
        for n in range(nodes):
            used[n] += per[n] * PAGE
        tasks.append((f"/kubepods.slice/pod{i:05d}", request, cpu_list(cpus), per))
    size = -(-(max(used) * 4 // 3) // GIB) * GIB + 4 * GIB
    print(f"# side-by-side snapshot: --tasks {args.tasks} --nodes {nodes} --pinned {args.pinned} --seed {args.seed}")
    for n in range(nodes):
        node_used = used[n] + 4 * GIB
        print(f"node {n} {cpu_list(node_cpus[n])} {size - node_used} {node_used}")
    for task_id, request, cpus, per in tasks:
        print(f"task {task_id} {request} {cpus} {','.join(map(str, per))}")


if __name__ == "__main__":
    main()
