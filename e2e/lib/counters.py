#!/usr/bin/env python3
"""Reads a numa-agent recording (one snapshot JSON per line) for the tracker tests.

  counters.py seen REC PID [AFTER]          exit 0 when a snapshot after line AFTER has counters of PID
                                            from at least one scan
  counters.py only REC ALIVE GONE [AFTER]   exit 0 when a snapshot after line AFTER has counters of ALIVE
                                            (one scan or more) and none of GONE
  counters.py pattern REC PID ALO AHI ILO IHI [AFTER]
                                            over the snapshots after line AFTER: accesses (+writes) per
                                            page of PID's ranges overlapping the active part [ALO, AHI)
                                            and the idle part [ILO, IHI) (hex), weighted by overlap; the
                                            share of those pages whose range is on each node; windows seen
    prints "active=A idle=I windows=W nodes=N:share,..."
"""
import json
import sys


def snapshots(path, after):
    try:
        f = open(path)
    except FileNotFoundError:  # the agent has not written its first snapshot yet
        return
    with f:
        for n, line in enumerate(f, 1):
            if n > after and line.strip():
                yield json.loads(line)


def counters(snap, pid):
    return [c for c in snap.get("accessCounters", []) if c["pid"] == pid]


def main(argv):
    cmd, rec = argv[1], argv[2]
    if cmd == "seen":
        pid, after = int(argv[3]), int(argv[4]) if len(argv) > 4 else 0
        return 0 if any(c["scans"] > 0 for s in snapshots(rec, after) for c in counters(s, pid)) else 1
    if cmd == "only":
        alive, gone, after = int(argv[3]), int(argv[4]), int(argv[5]) if len(argv) > 5 else 0
        for s in snapshots(rec, after):
            if any(c["scans"] > 0 for c in counters(s, alive)) and not counters(s, gone):
                return 0
        return 1
    if cmd == "pattern":
        pid = int(argv[3])
        alo, ahi, ilo, ihi = (int(x, 16) for x in argv[4:8])
        after = int(argv[8]) if len(argv) > 8 else 0
        page = 4096
        sums = {"active": [0.0, 0], "idle": [0.0, 0]}
        nodes = {}
        windows = 0
        for s in snapshots(rec, after):
            for c in counters(s, pid):
                if c["scans"] == 0:
                    continue
                windows += 1
                for r in c["ranges"]:
                    start = int(r["start"], 16)
                    end = start + r["pages"] * page
                    per_page = (r["accesses"] + r["reads"] + r["writes"]) / r["pages"]
                    for part, (lo, hi) in (("active", (alo, ahi)), ("idle", (ilo, ihi))):
                        ov = (min(end, hi) - max(start, lo)) // page
                        if ov > 0:
                            sums[part][0] += per_page * ov
                            sums[part][1] += ov
                            nodes[r["node"]] = nodes.get(r["node"], 0) + ov
        total = sum(nodes.values()) or 1
        avg = {k: (v[0] / v[1] if v[1] else -1) for k, v in sums.items()}
        share = ",".join("%d:%.3f" % (n, p / total) for n, p in sorted(nodes.items()))
        print("active=%.4f idle=%.4f windows=%d nodes=%s" % (avg["active"], avg["idle"], windows, share))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
