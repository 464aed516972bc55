#!/usr/bin/env python3
"""Guest-side reader of the kernel's page interfaces, used by the e2e tests.

  scan PID START END [--idle]   JSON summary of the pages of [START, END) (hex):
        /proc/PID/pagemap (present, swapped, soft-dirty, exclusive bits, PFNs),
        node of each PFN (from /proc/zoneinfo zone spans), /proc/kpageflags bits,
        and with --idle the /sys/kernel/mm/page_idle/bitmap bit of each PFN.
  nodes PID START END           where the pages of [START, END) are: "node:pages ..." for
        present pages by node (PFN -> zoneinfo span), "swap:N" for swapped ones, "none:N" for
        the rest (numa_maps cannot say this per range: adjacent mappings merge into one VMA).
  set-idle PID START END        marks every present page of the range idle.
  move-pages PID START END NODE BATCH [MAX_PAGES]
        moves the range's pages to NODE with move_pages(2) in batches of BATCH pages;
        JSON: pages, per-status counts, seconds, longest call.
Runs as root (PFNs are hidden from other users).
"""
import ctypes
import json
import os
import re
import struct
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")
PM_PFN_MASK = (1 << 55) - 1
PM_SOFT_DIRTY = 1 << 55
PM_EXCLUSIVE = 1 << 56
PM_SWAP = 1 << 62
PM_PRESENT = 1 << 63
KPF_BITS = {"locked": 0, "referenced": 2, "uptodate": 3, "dirty": 4, "lru": 5, "active": 6,
            "anon": 12, "swapbacked": 14, "compound_head": 15, "compound_tail": 16,
            "thp": 22, "nopage": 20, "idle": 25}


def read_pagemap(pid, start, end):
    with open(f"/proc/{pid}/pagemap", "rb") as f:
        f.seek(start // PAGE * 8)
        data = f.read((end - start) // PAGE * 8)
    return struct.unpack(f"<{len(data) // 8}Q", data)


def node_pfn_spans():
    """[(start_pfn, end_pfn, node)] from /proc/zoneinfo."""
    spans, node, start = [], None, None
    with open("/proc/zoneinfo") as f:
        for line in f:
            m = re.match(r"Node (\d+), zone", line)
            if m:
                node, start = int(m.group(1)), None
                continue
            m = re.match(r"\s+spanned\s+(\d+)", line)
            if m:
                spanned = int(m.group(1))
                continue
            m = re.match(r"\s+start_pfn:\s+(\d+)", line)
            if m and node is not None:
                start = int(m.group(1))
                if spanned:
                    spans.append((start, start + spanned, node))
    return sorted(spans)


def node_of(pfn, spans):
    for lo, hi, node in spans:
        if lo <= pfn < hi:
            return node
    return None


def read_words(path, indexes, word=8):
    """Reads 8-byte words at the given indexes (sorted, grouped into runs)."""
    out = {}
    with open(path, "rb") as f:
        run_start = prev = None
        for i in sorted(set(indexes)) + [None]:
            if run_start is not None and (i is None or i != prev + 1):
                f.seek(run_start * word)
                data = f.read((prev - run_start + 1) * word)
                for k, v in enumerate(struct.unpack(f"<{len(data) // word}Q", data)):
                    out[run_start + k] = v
                run_start = None
            if i is not None and run_start is None:
                run_start = i
            prev = i
    return out


def scan(pid, start, end, with_idle):
    entries = read_pagemap(pid, start, end)
    spans = node_pfn_spans()
    result = {"pages": len(entries), "present": 0, "swapped": 0, "soft_dirty": 0,
              "exclusive": 0, "zero_pfn": 0, "nodes": {}, "kpageflags": {k: 0 for k in KPF_BITS}}
    pfns = []
    for e in entries:
        if e & PM_SOFT_DIRTY:
            result["soft_dirty"] += 1
        if e & PM_EXCLUSIVE:
            result["exclusive"] += 1
        if e & PM_SWAP:
            result["swapped"] += 1
        if e & PM_PRESENT:
            result["present"] += 1
            pfn = e & PM_PFN_MASK
            if pfn == 0:
                result["zero_pfn"] += 1
                continue
            pfns.append(pfn)
            node = node_of(pfn, spans)
            key = str(node) if node is not None else "unknown"
            result["nodes"][key] = result["nodes"].get(key, 0) + 1
    flags = read_words("/proc/kpageflags", pfns)
    for pfn in pfns:
        for name, bit in KPF_BITS.items():
            if flags[pfn] >> bit & 1:
                result["kpageflags"][name] += 1
    if with_idle:
        words = read_words("/sys/kernel/mm/page_idle/bitmap", [p // 64 for p in pfns])
        result["idle"] = sum(1 for p in pfns if words[p // 64] >> (p % 64) & 1)
    return result


def nodes(pid, start, end):
    spans = node_pfn_spans()
    count = {}
    for e in read_pagemap(pid, start, end):
        if e & PM_PRESENT:
            node = node_of(e & PM_PFN_MASK, spans)
            key = str(node) if node is not None else "unknown"
        else:
            key = "swap" if e & PM_SWAP else "none"
        count[key] = count.get(key, 0) + 1
    return " ".join(f"{k}:{v}" for k, v in sorted(count.items()))


def set_idle(pid, start, end):
    pfns = [e & PM_PFN_MASK for e in read_pagemap(pid, start, end) if e & PM_PRESENT]
    words = sorted({p // 64 for p in pfns})
    fd = os.open("/sys/kernel/mm/page_idle/bitmap", os.O_WRONLY)
    try:
        for w in words:
            os.pwrite(fd, struct.pack("<Q", (1 << 64) - 1), w * 8)
    finally:
        os.close(fd)
    return {"pages": len(pfns), "words": len(words)}


def move_pages(pid, start, end, node, batch, max_pages=None):
    libc = ctypes.CDLL(None, use_errno=True)
    nr_move_pages = 279  # x86_64
    addrs = list(range(start, end, PAGE))[:max_pages]
    stats = {"pages": len(addrs), "status": {}, "calls": 0, "errors": {}}
    longest = 0.0
    t0 = time.monotonic()
    for i in range(0, len(addrs), batch):
        chunk = addrs[i:i + batch]
        n = len(chunk)
        pages = (ctypes.c_void_p * n)(*chunk)
        nodes = (ctypes.c_int * n)(*([node] * n))
        status = (ctypes.c_int * n)()
        c0 = time.monotonic()
        rc = libc.syscall(nr_move_pages, pid, ctypes.c_ulong(n), pages, nodes, status, 2)  # MPOL_MF_MOVE
        longest = max(longest, time.monotonic() - c0)
        stats["calls"] += 1
        if rc < 0:
            err = os.strerror(ctypes.get_errno())
            stats["errors"][err] = stats["errors"].get(err, 0) + 1
            continue
        for s in status:
            key = str(s) if s >= 0 else os.strerror(-s)
            stats["status"][key] = stats["status"].get(key, 0) + 1
    stats["seconds"] = round(time.monotonic() - t0, 3)
    stats["longest_call_s"] = round(longest, 4)
    return stats


def main(argv):
    if len(argv) < 5:
        raise SystemExit(__doc__)
    cmd, pid, start, end = argv[1], int(argv[2]), int(argv[3], 16), int(argv[4], 16)
    if cmd == "scan":
        print(json.dumps(scan(pid, start, end, "--idle" in argv[5:])))
    elif cmd == "nodes":
        print(nodes(pid, start, end))
    elif cmd == "set-idle":
        print(json.dumps(set_idle(pid, start, end)))
    elif cmd == "move-pages":
        max_pages = int(argv[7]) if len(argv) > 7 else None
        print(json.dumps(move_pages(pid, start, end, int(argv[5]), int(argv[6]), max_pages)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
