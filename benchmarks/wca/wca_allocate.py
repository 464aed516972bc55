#!/usr/bin/env python3
"""Gives a snapshot file (make_snapshot.py) to WCA's own NUMAAllocator.allocate and
times it.

  wca_allocate.py --wca WCA_CHECKOUT --snapshot FILE [--algorithm fill_biggest_first]
                  [--repeat N] [--decisions OUT]

WCA_CHECKOUT is a checkout of intel/workload-collocation-agent (its wca/ package is
imported as it is; it needs ruamel.yaml and colorlog: Debian's python3-ruamel.yaml and
python3-colorlog). The inputs are built as WCA's AllocationRunner hands them over:
a Platform dataclass (node_cpus, platform_mem_numa_free_bytes / _used_bytes), and per
task a TaskData with resources['mem'], measurements['task_mem_numa_pages'] and
allocations['cpuset_cpus']. WCA's loggers are at its default level (info). Task.__post_init__'s type checks
are off while the inputs are built (they need Python <= 3.6; allocate() does not use them).

allocate() runs once to warm up, then N times on the same inputs (one allocator
instance, as the runner keeps it). Prints one JSON object: wall and CPU seconds per
call (median, min, max), the number of calls, and the decisions. --decisions writes
them as sorted lines "TASK set-cpus CPU_LIST" / "TASK migrate-memory NODE", the form
SideBySideDecisions prints for the numa-allocator.
"""
import argparse
import json
import statistics
import sys
import time


def cpu_set(text):
    cpus = set()
    for part in filter(None, text.split(",")):
        lo, _, hi = part.partition("-")
        cpus.update(range(int(lo), int(hi or lo) + 1))
    return cpus


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


def read_snapshot(path):
    nodes, tasks = [], []
    with open(path) as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if not fields:
                continue
            if fields[0] == "node":
                nodes.append((int(fields[1]), cpu_set(fields[2]), int(fields[3]), int(fields[4])))
            elif fields[0] == "task":
                tasks.append((fields[1], int(fields[2]), fields[3], [int(p) for p in fields[4].split(",")]))
            else:
                raise SystemExit(f"{path}: unknown record {fields[0]!r}")
    return nodes, tasks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wca", required=True)
    ap.add_argument("--snapshot", required=True)
    ap.add_argument("--algorithm", default="fill_biggest_first")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--decisions")
    args = ap.parse_args()
    sys.path.insert(0, args.wca)
    from wca import logger
    from wca.allocators import AllocationType
    from wca.detectors import TaskData
    from wca.extra.numa_allocator import NUMAAllocator, NUMAAlgorithm
    from wca.metrics import MetricName
    from wca.platforms import Platform

    logger.init_logging("info", "wca")
    nodes, tasks = read_snapshot(args.snapshot)
    all_cpus = set().union(*(n[1] for n in nodes))
    platform = Platform(
        sockets=2 if len(nodes) > 2 else 1, cores=len(all_cpus), cpus=len(all_cpus),
        numa_nodes=len(nodes), cpu_model="side-by-side", cpu_model_number=0, cpu_codename=None,
        topology={}, node_cpus={n[0]: n[1] for n in nodes}, node_distances={}, timestamp=0.0,
        rdt_information=None,
        measurements={MetricName.PLATFORM_MEM_NUMA_FREE_BYTES: {n[0]: n[2] for n in nodes},
                      MetricName.PLATFORM_MEM_NUMA_USED_BYTES: {n[0]: n[3] for n in nodes}},
        swap_enabled=False)
    # Task.__post_init__ type-checks the orchestrator's input with wca.config.assure_type,
    # which needs typing.GenericMeta (Python <= 3.6). That check is task discovery, not
    # the allocator, and allocate() never calls it: it is off while the inputs are built.
    import wca.nodes
    checked_assure_type, wca.nodes.assure_type = wca.nodes.assure_type, lambda value, expected: None
    tasks_data = {}
    for task_id, request, cpus, pages in tasks:
        tasks_data[task_id] = TaskData(
            name=task_id, task_id=task_id, cgroup_path=task_id, subcgroups_paths=[],
            labels={"task_id": task_id}, resources={"mem": request},
            measurements={MetricName.TASK_MEM_NUMA_PAGES: dict(enumerate(pages))},
            allocations={AllocationType.CPUSET_CPUS: cpus})
    wca.nodes.assure_type = checked_assure_type
    allocator = NUMAAllocator(algorithm=NUMAAlgorithm(args.algorithm))

    allocations, _, _ = allocator.allocate(platform, tasks_data)
    walls, cpus = [], []
    for _ in range(args.repeat):
        w, c = time.perf_counter(), time.process_time()
        allocator.allocate(platform, tasks_data)
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)

    decisions = []
    for task_id, allocation in allocations.items():
        for kind, value in allocation.items():
            if kind == AllocationType.CPUSET_CPUS:
                decisions.append(f"{task_id} set-cpus {cpu_list(cpu_set(value))}")
            elif kind == AllocationType.MIGRATE_PAGES:
                decisions.append(f"{task_id} migrate-memory {value}")
            else:
                decisions.append(f"{task_id} {kind.value if hasattr(kind, 'value') else kind} {value}")
    decisions.sort()
    if args.decisions:
        with open(args.decisions, "w") as f:
            f.write("".join(d + "\n" for d in decisions))

    def stats(values):
        return {"median": statistics.median(values), "min": min(values), "max": max(values)}

    json.dump({"tasks": len(tasks), "nodes": len(nodes), "algorithm": args.algorithm,
               "calls": args.repeat, "wall_s": stats(walls), "cpu_s": stats(cpus),
               "decisions": len(decisions), "python": sys.version.split()[0]}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
