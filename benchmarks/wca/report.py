#!/usr/bin/env python3
"""Markdown table of one benchmarks/wca/run.sh result directory.

  report.py DIR
"""
import glob
import json
import os
import sys


def main():
    out = sys.argv[1]
    print("| snapshot | algorithm | WCA `allocate()` wall, median | WCA CPU, median (min) | numa-allocator `decide()` JMH wall "
          "| numa-allocator CPU, median (min) | ratio wall | ratio CPU, medians (mins) | decisions WCA / ours | equal "
          "| load average (1 min) before / after |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for wca_file in sorted(glob.glob(os.path.join(out, "*.wca.json")), key=lambda p: (-int(os.path.basename(p).split("x")[0]), p)):
        tag = os.path.basename(wca_file)[:-len(".wca.json")]
        size, algo = tag.split("-", 1)
        wca = json.load(open(wca_file))
        agent = json.load(open(os.path.join(out, tag + ".agent.json")))
        jmh = json.load(open(os.path.join(out, tag + ".jmh.json")))[0]["primaryMetric"]
        jmh_s = jmh["score"] / 1e6  # us/op
        jmh_err = jmh["scoreError"] / 1e6
        equal = open(os.path.join(out, tag + ".equal")).read().strip()
        loads = [line.split("load average:")[1].split(",")[0].strip()
                 for line in open(os.path.join(out, tag + ".load")) if "load average:" in line]
        size_text = size.replace("x", " tasks × ") + " nodes"
        wc, ac = wca["cpu_s"], agent["cpu_s"]
        print(f"| {size_text} | `{algo}` | {fmt(wca['wall_s']['median'])} | {fmt(wc['median'])} ({fmt(wc['min'])}) | "
              f"{fmt(jmh_s)} ± {fmt(jmh_err)} | {fmt(ac['median'])} ({fmt(ac['min'])}) | "
              f"{ratio(wca['wall_s']['median'] / jmh_s)} | {ratio(wc['median'] / ac['median'])} "
              f"({ratio(wc['min'] / ac['min'])}) | {wca['decisions']} / {agent['decisions']} | {equal} | {' / '.join(loads)} |")


def ratio(value):
    return f"{value:,.0f}×" if value >= 10 else f"{value:.1f}×"


def fmt(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"


if __name__ == "__main__":
    main()
