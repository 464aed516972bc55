#!/usr/bin/env python3
"""Markdown tables of one benchmarks/realkernel/run.sh result directory.

  report.py convergence|mover|syscalls DIR...
"""
import glob
import json
import os
import statistics
import sys


def figures(instance_dir):
    values = {}
    path = os.path.join(instance_dir, "results", "figures.txt")
    if os.path.exists(path):
        for line in open(path):
            key, _, value = line.rstrip("\n").partition("=")
            values[key] = value
    return values


def load(instance_dir, which):
    path = os.path.join(instance_dir, "load-" + which)
    if not os.path.exists(path):
        return "?"
    return open(path).read().split("load average:")[1].split(",")[0].strip()


def load_during(instance_dir):
    """min / median / max of the host's 1-minute load average, sampled every 10 s while the guest ran."""
    path = os.path.join(instance_dir, "load-during")
    values = [float(line.split()[1]) for line in open(path) if len(line.split()) == 2] if os.path.exists(path) else []
    if not values:
        return "?"
    return f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f}"


def reached(instance_dir):
    """What an unconverged run reached by its bound: tasks >= the share on their node, and the share of all
    the tasks' pages that were on their task's node (from the watcher's last sample)."""
    path = os.path.join(instance_dir, "results", "convergence.json")
    if not os.path.exists(path):
        return "?"
    r = json.load(open(path))
    tasks = r["tasks"].values()
    local = sum(t["pages"].get(str(t["node"]), 0) for t in tasks)
    total = sum(sum(t["pages"].values()) for t in tasks)
    at_share = sum(1 for t in tasks if t["share"] >= r["share"])
    return f"{at_share} of {len(tasks)} tasks ≥ {r['share'] * 100:.0f} % local, {local / max(1, total) * 100:.0f} % of all pages local"


def first_move(instance_dir):
    """When the watcher first saw a task's share on its node rise 2 points above where it started (the
    tool's reaction time: for numa-agent the JVM's start and first cycle, for numad its first scans)."""
    path = os.path.join(instance_dir, "results", "timeline.tsv")
    rows = [line.rstrip("\n").split("\t") for line in open(path)][1:] if os.path.exists(path) else []
    if not rows:
        return "?"
    start = max(float(v) for v in rows[0][2::2])
    for row in rows:
        if any(float(v) >= start + 0.02 for v in row[2::2]):
            return f"{float(row[0]):.0f} s"
    return "none"


def samples(instance_dir):
    """Samples the watcher took (one a second when the guest keeps up)."""
    path = os.path.join(instance_dir, "results", "convergence.json")
    return json.load(open(path))["samples"] if os.path.exists(path) else "?"


def verdict(instance_dir):
    path = os.path.join(instance_dir, "run.log")
    for line in open(path) if os.path.exists(path) else []:
        if line.startswith(("PASS", "FAIL", "SKIP")):
            return line.split()[0], line.strip()
    return "?", ""


def convergence(run_dirs):
    print("| tool | topology | converged (≥ 95 % local, 3 samples) | time | pages migrated (pgmigrate_success) "
          "| of which AutoNUMA (numa_pages_migrated) | longest stall | slowest 310 MiB round | baseline: longest stall / slowest round "
          "| first move seen | samples | host load average before / after | host load during: min / median / max |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    instances = sorted((d for run_dir in run_dirs for d in glob.glob(os.path.join(run_dir, "*_*_"))),
                       key=lambda d: (os.path.basename(d).split("_")[1], os.path.basename(d)))
    for d in instances:
        name = os.path.basename(d)
        tool, topology = name.rstrip("_").split("_", 1)
        tool = tool.replace("convergence-", "")
        f = figures(d)
        state, line = verdict(d)
        if "converged" not in f:
            print(f"| {tool} | {topology} | no result ({state}: {line}) | | | | | | | | | {load(d, 'before')} / {load(d, 'after')} "
                  f"| {load_during(d)} |")
            continue
        converged = f["converged"] == "1"
        time = (f"{float(f['seconds']):.0f} s" if converged
                else f"not converged after {float(f['seconds']):.0f} s: {reached(d)}")
        print(f"| {tool} | {topology} | {'yes' if converged else 'no'} | {time} | {int(f['pgmigrate_success']):,} "
              f"| {int(f['numa_pages_migrated']):,} | {seconds(f, 'longest_stall_s', 2)} | {seconds(f, 'slowest_round_s', 2)} "
              f"| {seconds(f, 'baseline_longest_stall_s', 2)} / {seconds(f, 'baseline_slowest_round_s', 2)} "
              f"| {first_move(d)} | {samples(d)} | {load(d, 'before')} / {load(d, 'after')} | {load_during(d)} |")
    print()
    for d in instances:
        f = figures(d)
        if "final_shares" in f:
            print(f"- {os.path.basename(d)}: final task@node:share {f['final_shares']}")


def moving_outcomes(instance_dir, r):
    """The executor's migrate-memory outcomes of round r that moved pages (from the outcomes copied to results/:
    the loop stops only after later cycles found nothing left, and those checks are not part of the move)."""
    path = os.path.join(instance_dir, "results", f"mover-{r}.jsonl")
    moving = []
    for line in open(path) if os.path.exists(path) else []:
        if line.startswith("{"):
            o = json.loads(line)
            if o.get("decision", {}).get("action") == "migrate-memory" and o.get("pagesMoved", 0) > 0:
                moving.append(o)
    return moving


def moving_seconds(instance_dir, r, f):
    moving = moving_outcomes(instance_dir, r)
    return sum(o["durationNanos"] for o in moving) / 1e9 if moving else float(f[f"move_pages_{r}_s"])


def seconds(f, key, digits):
    """A figure in seconds, or "not reported" (a run cut off by its time-out leaves figures out)."""
    return f"{float(f[key]):.{digits}f} s" if key in f else "not reported"


def mover(run_dirs):
    for d in sorted(d for run_dir in run_dirs for d in glob.glob(os.path.join(run_dir, "mover-vs-migratepages*"))):
        f = figures(d)
        state, line = verdict(d)
        rounds = sorted({k.split("_")[1] for k in f if k.startswith("migratepages_") and k.endswith("_s")
                         and k.split("_")[1].isdigit()}, key=int)
        print(f"Result: {line}; load average before / after: {load(d, 'before')} / {load(d, 'after')}; "
              f"idle stall of the task (10 s, nothing moving): {f.get('idle_stall_s', '?')} s")
        print()
        print("| round | migratepages: time | longest call | task's longest stall | move_pages executor: time "
              "| longest call | task's longest stall | cycles that moved pages | time ratio (move_pages / migratepages) |")
        print("|---|---|---|---|---|---|---|---|---|")
        mp, mv, mpc, mvc = [], [], [], []
        for r in rounds:
            a = float(f[f"migratepages_{r}_s"])
            b = moving_seconds(d, r, f)
            mp.append(a), mv.append(b)
            mpc.append(float(f[f"migratepages_{r}_longest_call_s"]))
            mvc.append(float(f[f"move_pages_{r}_longest_call_s"]))
            print(f"| {r} | {a:.2f} s | {mpc[-1]:.2f} s | {seconds(f, f'migratepages_{r}_stall_s', 3)} | {b:.2f} s "
                  f"| {mvc[-1]:.3f} s | {seconds(f, f'move_pages_{r}_stall_s', 3)} | {len(moving_outcomes(d, r))} "
                  f"| {b / a:.2f} |")
        if mp:
            print(f"| median | {statistics.median(mp):.2f} s | {statistics.median(mpc):.2f} s | | "
                  f"{statistics.median(mv):.2f} s | {statistics.median(mvc):.3f} s | | | "
                  f"{statistics.median(mv) / statistics.median(mp):.2f} |")


def syscalls(run_dirs):
    """movebench's figures: per way of moving, the median over rounds and both directions."""
    ways = ["migrate", "query_move_512", "move_512", "query_move_4096", "move_4096"]
    for d in sorted(d for run_dir in run_dirs for d in glob.glob(os.path.join(run_dir, "mover-syscalls*"))):
        f = figures(d)
        state, line = verdict(d)
        print(f"Result: {line}; load average before / after: {load(d, 'before')} / {load(d, 'after')}; "
              f"idle stall of the task (10 s, nothing moving): {f.get('idle_stall_s', '?')} s")
        print()
        print("| way | moves | time, median (min-max) | system calls per move | longest call, median | "
              "task's longest stall, median | time / migrate_pages |")
        print("|---|---|---|---|---|---|---|")
        base = None
        for way in ways:
            tags = sorted({k[:-len("_s")] for k in f if k.startswith(way + "_") and k.endswith("_s")
                           and k[len(way) + 1:].split("_")[0].isdigit() and k.count("_") == way.count("_") + 3})
            if not tags:
                continue
            secs = [float(f[t + "_s"]) for t in tags]
            med = statistics.median(secs)
            base = base or med
            print(f"| {way} | {len(tags)} | {med:.2f} s ({min(secs):.2f}-{max(secs):.2f}) "
                  f"| {statistics.median(int(f[t + '_calls']) for t in tags):.0f} "
                  f"| {statistics.median(float(f[t + '_longest_call_s']) for t in tags):.3f} s "
                  f"| {statistics.median(float(f[t + '_stall_s']) for t in tags):.3f} s | {med / base:.2f} |")


def main():
    {"convergence": convergence, "mover": mover, "syscalls": syscalls}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
