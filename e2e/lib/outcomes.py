#!/usr/bin/env python3
"""Reads the JSON lines numa-agent prints on stdout (decisions in dry-run, outcomes
when applying) and answers the e2e tests' questions about them.

  outcomes.py count FILE [FILTER...]        number of matching objects
  outcomes.py values FILE FIELD [FILTER...] the field of each matching object, one a line
  outcomes.py dump FILE [FILTER...]         matching objects, one a line
  outcomes.py sum FILE FIELD [FILTER...]    the sum of the (numeric) field over matching objects
  outcomes.py cycles FILE [FILTER...]       number of distinct cycles among matching objects
  outcomes.py migration-done FILE TASK      exits 0 when a migrate-memory outcome of TASK says
                                            the move is done (see migration_done), else 1

FILTER is key=value, e.g. status=failed type=migrate-memory task=/e2e/a errno=ESRCH.
Keys and values are compared loosely (case and punctuation ignored: pagesMoved,
pages_moved and pages-moved are the same key; MigrateMemory matches migrate-memory),
and a key is looked up in the object and in its nested objects (e.g. decision.task),
so the tests do not depend on how the executor nests its records.
"""
import json
import re
import sys


def norm(text):
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


ALIASES = {"type": ["type", "kind", "decisiontype", "action"], "task": ["task", "taskid", "cgroup"]}


def lookup(obj, key):
    """Value of the first key (breadth-first) whose normalised name matches."""
    wanted = ALIASES.get(norm(key), [norm(key)])
    queue = [obj]
    while queue:
        cur = queue.pop(0)
        if isinstance(cur, dict):
            for k, v in cur.items():
                if norm(k) in wanted and not isinstance(v, (dict, list)):
                    return v
            queue.extend(v for v in cur.values() if isinstance(v, (dict, list)))
        elif isinstance(cur, list):
            queue.extend(cur)
    return None


def objects(path):
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError:
                    continue


def matches(obj, filters):
    for f in filters:
        key, _, value = f.partition("=")
        got = lookup(obj, key)
        if got is None or norm(got) != norm(value):
            return False
    return True


# What the executor's detail says when a move_pages walk stopped before it got round:
# "... pages found so far ..." and "rest next cycle (migration time ... used up)"; the
# outcome's "unfinished": true says the same for the cycle's migration time (the words
# also cover an interrupted walk, which has no flag).
UNFINISHED = re.compile(r"found so far|rest next cycle|interrupted")


def migration_done(obj, task):
    """A migrate-memory outcome of TASK that says nothing is left to move: applied with a
    walk that got round (move_pages) or a migrate_pages call made, or unchanged because
    no memory is left on the source nodes."""
    if not matches(obj, ["type=migrate-memory", "task=" + task]):
        return False
    status = norm(lookup(obj, "status"))
    if status == "unchanged":
        return True
    return (status == "applied" and not lookup(obj, "unfinished")
            and not UNFINISHED.search(str(lookup(obj, "detail") or "")))


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    cmd, path = argv[1], argv[2]
    if cmd == "count":
        print(sum(1 for o in objects(path) if matches(o, argv[3:])))
    elif cmd == "values":
        for o in objects(path):
            if matches(o, argv[4:]):
                v = lookup(o, argv[3])
                if v is not None:
                    print(v)
    elif cmd == "sum":
        print(sum(int(lookup(o, argv[3]) or 0) for o in objects(path) if matches(o, argv[4:])))
    elif cmd == "cycles":
        print(len({lookup(o, "cycle") for o in objects(path) if matches(o, argv[3:])}))
    elif cmd == "migration-done":
        done = [o for o in objects(path) if migration_done(o, argv[3])]
        if done:
            print(json.dumps(done[0]))
        sys.exit(0 if done else 1)
    elif cmd == "dump":
        for o in objects(path):
            if matches(o, argv[3:]):
                print(json.dumps(o))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
