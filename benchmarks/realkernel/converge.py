#!/usr/bin/env python3
"""Watches tasks until every one has most of its memory on the node where it runs.

  converge.py --ready FILE --go FILE --bound SECONDS --share 0.95 --hold 3 --timeline FILE TASK...
  TASK: name:pid:lo:hi (lo, hi: hex bounds of the task's memory, as meme prints them)

Start it before the tool: once loaded it reads /proc/vmstat and creates --ready; the
caller then starts the tool and writes the tool's start time (date +%s.%N) into --go.
Times count from that start (Python's own start under TCG can take seconds, during
which a fast tool would already be at work).

Every --interval seconds it reads, per task, the node of the CPU the task last ran on
(/proc/PID/stat field 39, mapped through /sys/devices/system/node/node*/cpulist) and
the task's pages per node in [lo, hi) (/proc/PID/numa_maps). A sample is converged
when every task has at least --share of those pages on its node; the run has converged
at the first of --hold converged samples in a row (a single lucky sample does not count).
Prints one JSON object: converged (bool), seconds (from the tool's start to the first
converged sample of the run, or the bound), samples, the last per-task shares and nodes, and the
/proc/vmstat deltas of the page-migration counters over the same time.
"""
import argparse
import glob
import json
import os
import re
import sys
import time

COUNTERS = ("pgmigrate_success", "pgmigrate_fail", "numa_pages_migrated", "numa_hint_faults",
            "numa_hint_faults_local", "numa_pte_updates")


def cpu_nodes():
    nodes = {}
    for path in glob.glob("/sys/devices/system/node/node[0-9]*/cpulist"):
        node = int(re.search(r"node(\d+)/cpulist$", path).group(1))
        text = open(path).read().strip()
        for part in filter(None, text.split(",")):
            lo, _, hi = part.partition("-")
            for cpu in range(int(lo), int(hi or lo) + 1):
                nodes[cpu] = node
    return nodes


def vmstat():
    values = {}
    with open("/proc/vmstat") as f:
        for line in f:
            key, value = line.split()
            if key in COUNTERS:
                values[key] = int(value)
    return values


def last_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    # comm may hold spaces: fields after the closing parenthesis start at field 3
    return int(text[text.rindex(")") + 2:].split()[36])


def pages_per_node(pid, lo, hi):
    pages = {}
    with open(f"/proc/{pid}/numa_maps") as f:
        for line in f:
            fields = line.split()
            start = int(fields[0], 16)
            if start < lo or start >= hi:
                continue
            for field in fields[1:]:
                m = re.match(r"N(\d+)=(\d+)$", field)
                if m:
                    pages[int(m.group(1))] = pages.get(int(m.group(1)), 0) + int(m.group(2))
    return pages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ready", required=True)
    ap.add_argument("--go", required=True)
    ap.add_argument("--bound", type=float, required=True)
    ap.add_argument("--share", type=float, default=0.95)
    ap.add_argument("--hold", type=int, default=3)
    ap.add_argument("--interval", type=float, default=1.0)
    ap.add_argument("--timeline", required=True)
    ap.add_argument("tasks", nargs="+")
    args = ap.parse_args()
    tasks = []
    for spec in args.tasks:
        name, pid, lo, hi = spec.split(":")
        tasks.append((name, int(pid), int(lo, 16), int(hi, 16)))
    nodes = cpu_nodes()
    before = vmstat()
    open(args.ready, "w").close()
    while not (os.path.exists(args.go) and open(args.go).read().strip()):
        time.sleep(0.05)
    # the tool's start on the realtime clock, carried over to the monotonic one
    start = time.monotonic() - (time.time() - float(open(args.go).read()))
    run_start, run_length, samples, state = None, 0, 0, {}
    with open(args.timeline, "w") as out:
        out.write("seconds\t" + "\t".join(f"{t[0]}_node\t{t[0]}_share" for t in tasks) + "\n")
        while True:
            now = time.monotonic() - start
            all_ok = True
            row = [f"{now:.2f}"]
            for name, pid, lo, hi in tasks:
                node = nodes.get(last_cpu(pid), -1)
                pages = pages_per_node(pid, lo, hi)
                total = sum(pages.values())
                share = pages.get(node, 0) / total if total else 0.0
                state[name] = {"node": node, "share": round(share, 4), "pages": pages}
                all_ok = all_ok and share >= args.share
                row += [str(node), f"{share:.4f}"]
            out.write("\t".join(row) + "\n")
            out.flush()
            samples += 1
            if all_ok:
                run_start = now if run_length == 0 else run_start
                run_length += 1
            else:
                run_length = 0
            if run_length >= args.hold:
                converged, seconds = True, run_start
                break
            if now >= args.bound:
                converged, seconds = False, now
                break
            time.sleep(max(0.0, args.interval - ((time.monotonic() - start) - now)))
    after = vmstat()
    json.dump({"converged": converged, "seconds": round(seconds, 2), "bound": args.bound,
               "share": args.share, "hold": args.hold, "samples": samples,
               "vmstat": {k: after.get(k, 0) - before.get(k, 0) for k in COUNTERS},
               "tasks": state}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
