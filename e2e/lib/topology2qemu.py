#!/usr/bin/env python3
"""Turns an e2e topology JSON file into QEMU -smp/-m/-object/-numa arguments.

Format: either a list of node groups or {"groups": [...], "distances": [[...], ...]}.
A group: {"nodes": N, "cores": C, "mem": "2G", "sockets": S}
  nodes   - how many NUMA nodes the group contributes (default 1)
  cores   - CPUs per node; 0 makes CPU-less memory nodes (CXL/PMEM-like)
  mem     - memory per node, QEMU size syntax (k/M/G)
  sockets - CPU nodes of the group are spread evenly over this many sockets (default 1);
            every group with CPUs gets sockets of its own.
Default distances (when "distances" is absent): 10 to itself, 11 between CPU nodes in
the same socket, 21 between CPU nodes in different sockets, 17 from a CPU-less node to
any other node (memory behind a link: slower than local, faster than a remote socket
plus its memory). An explicit "distances" matrix must be square, N x N, with 10 on the
diagonal.

Prints one argument per line (so the caller can read them into an array without
word splitting), or with --summary a JSON description of the expected guest topology.
"""
import json
import re
import sys


def parse_size_mib(text, where):
    m = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)\s*", str(text))
    if not m:
        raise SystemExit(f"{where}: mem {text!r} is not a size like 512M or 2G")
    value, unit = int(m.group(1)), m.group(2).upper()
    if unit == "K":
        if value % 1024:
            raise SystemExit(f"{where}: mem {text!r} is not a whole number of MiB")
        return value // 1024
    return value * {"": 1, "M": 1, "G": 1024}[unit] if unit else value // (1024 * 1024)


def load(path):
    with open(path) as f:
        doc = json.load(f)
    if isinstance(doc, list):
        groups, distances = doc, None
    elif isinstance(doc, dict) and "groups" in doc:
        groups, distances = doc["groups"], doc.get("distances")
    else:
        raise SystemExit(f"{path}: expected a list of node groups or an object with 'groups'")
    nodes = []  # dicts: cpus (list), mem_mib, socket (None for CPU-less)
    next_cpu, next_socket = 0, 0
    for gi, group in enumerate(groups):
        where = f"{path}: group {gi}"
        unknown = set(group) - {"nodes", "cores", "mem", "sockets"}
        if unknown:
            raise SystemExit(f"{where}: unknown key(s) {sorted(unknown)}")
        count = int(group.get("nodes", 1))
        cores = int(group.get("cores", 0))
        sockets = int(group.get("sockets", 1))
        if "mem" not in group:
            raise SystemExit(f"{where}: 'mem' is required")
        mem = parse_size_mib(group["mem"], where)
        if count < 1 or cores < 0 or sockets < 1 or mem < 1:
            raise SystemExit(f"{where}: nodes/sockets must be >= 1, cores >= 0, mem > 0")
        if cores and count % sockets:
            raise SystemExit(f"{where}: {count} nodes cannot be spread evenly over {sockets} sockets")
        for i in range(count):
            socket = None
            if cores:
                socket = next_socket + i // (count // sockets)
            nodes.append({"cpus": list(range(next_cpu, next_cpu + cores)), "mem_mib": mem, "socket": socket})
            next_cpu += cores
        if cores:
            next_socket += sockets
    if next_cpu == 0:
        raise SystemExit(f"{path}: topology has no CPUs")
    n = len(nodes)
    if distances is None:
        distances = [[default_distance(nodes, a, b) for b in range(n)] for a in range(n)]
    else:
        if len(distances) != n or any(len(row) != n for row in distances):
            raise SystemExit(f"{path}: distances must be a {n}x{n} matrix")
        for a in range(n):
            if distances[a][a] != 10:
                raise SystemExit(f"{path}: distances[{a}][{a}] must be 10")
    return nodes, distances, next_socket


def default_distance(nodes, a, b):
    if a == b:
        return 10
    sa, sb = nodes[a]["socket"], nodes[b]["socket"]
    if sa is None or sb is None:
        return 17
    return 11 if sa == sb else 21


def qemu_args(nodes, distances, sockets):
    ncpus = sum(len(n["cpus"]) for n in nodes)
    total = sum(n["mem_mib"] for n in nodes)
    if ncpus % sockets:
        raise SystemExit("CPUs cannot be spread evenly over sockets")
    args = ["-smp", f"cpus={ncpus},sockets={sockets},cores={ncpus // sockets},threads=1", "-m", f"{total}M"]
    for i, node in enumerate(nodes):
        args += ["-object", f"memory-backend-ram,id=mem{i},size={node['mem_mib']}M"]
        spec = f"node,nodeid={i},memdev=mem{i}"
        args += ["-numa", spec]
    for i, node in enumerate(nodes):
        for cpu in node["cpus"]:
            # socket/core ids follow QEMU's linear numbering: cpu index = socket*cores + core
            per_socket = ncpus // sockets
            args += ["-numa", f"cpu,node-id={i},socket-id={cpu // per_socket},core-id={cpu % per_socket},thread-id=0"]
    for a in range(len(nodes)):
        for b in range(len(nodes)):
            if a != b:
                args += ["-numa", f"dist,src={a},dst={b},val={distances[a][b]}"]
    return args


def main(argv):
    if len(argv) < 2 or len(argv) > 3 or (len(argv) == 3 and argv[1] != "--summary"):
        raise SystemExit("usage: topology2qemu.py [--summary] TOPOLOGY.json")
    nodes, distances, sockets = load(argv[-1])
    if argv[1] == "--summary":
        print(json.dumps({
            "nodes": [{"id": i, "cpus": n["cpus"], "mem_mib": n["mem_mib"]} for i, n in enumerate(nodes)],
            "distances": distances,
        }))
    else:
        print("\n".join(qemu_args(nodes, distances, sockets)))


if __name__ == "__main__":
    main(sys.argv)
