#!/usr/bin/env python3
"""check_trace.py FILE[.gz] [--expect-nodes N]: checks a ringsim --perfetto export against the
Trace Event Format rules that Perfetto UI and chrome://tracing rely on, with Debian's python3
and its standard library only (Perfetto's trace_processor is not packaged in Debian):

- the file (gunzipped when it ends in .gz) is one JSON object with a traceEvents array;
- every event has a known phase, integer pid/tid, a string name; non-metadata events a
  numeric ts >= 0; X events a numeric dur >= 0; C events numeric args; i events a scope;
- X slices on each (pid, tid) nest: none starts inside another and ends after it (the
  viewers drop or misdraw such slices);
- every pid used is named by a process_name event, every thread with slices by thread_name;
- with --expect-nodes N: processes "node 0" .. "node N-1" exist.
Prints a one-line summary; exits 1 with the first problems listed otherwise."""
import gzip
import json
import sys
from collections import defaultdict


def load(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def main():
    args = sys.argv[1:]
    expect_nodes = None
    if "--expect-nodes" in args:
        i = args.index("--expect-nodes")
        expect_nodes = int(args[i + 1])
        del args[i:i + 2]
    path = args[0]
    doc = load(path)
    problems = []
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        print(f"{path}: not an object with a traceEvents array")
        return 1
    processes, threads = {}, set()
    slices = defaultdict(list)
    counts = defaultdict(int)
    used_pids = set()
    for n, e in enumerate(doc["traceEvents"]):
        ph = e.get("ph")
        counts[ph] += 1
        where = f"event {n} ({ph} {e.get('name')!r})"
        if ph not in ("X", "C", "i", "M"):
            problems.append(f"{where}: unknown phase")
            continue
        if not isinstance(e.get("name"), str) or not isinstance(e.get("pid"), int):
            problems.append(f"{where}: name must be a string and pid an integer")
            continue
        if ph == "M":
            if e["name"] == "process_name":
                processes[e["pid"]] = e["args"]["name"]
            elif e["name"] == "thread_name":
                threads.add((e["pid"], e["tid"]))
            continue
        used_pids.add(e["pid"])
        ts = e.get("ts")
        if not isinstance(ts, (int, float)) or ts < 0:
            problems.append(f"{where}: ts must be a number >= 0")
        if ph == "X":
            dur = e.get("dur")
            if not isinstance(dur, (int, float)) or dur < 0 or not isinstance(e.get("tid"), int):
                problems.append(f"{where}: dur must be a number >= 0 and tid an integer")
                continue
            # In integer ns, as Perfetto imports them: float sums would invent overlaps.
            start_ns = round(ts * 1000)
            slices[(e["pid"], e["tid"])].append((start_ns, start_ns + round(dur * 1000)))
        elif ph == "C":
            values = e.get("args", {})
            if not values or not all(isinstance(v, (int, float)) for v in values.values()):
                problems.append(f"{where}: counter args must be numbers")
        elif ph == "i" and e.get("s") not in ("g", "p", "t"):
            problems.append(f"{where}: instant scope must be g, p or t")
    for track, spans in slices.items():
        spans.sort(key=lambda s: (s[0], -s[1]))
        stack = []
        for start, end in spans:
            while stack and stack[-1] <= start:
                stack.pop()
            if stack and end > stack[-1]:
                problems.append(f"pid {track[0]} tid {track[1]}: slice [{start}, {end}] ns crosses its parent ending at {stack[-1]}")
                break
            stack.append(end)
        if track not in threads:
            problems.append(f"pid {track[0]} tid {track[1]}: slices on a thread without thread_name")
    for pid in sorted(used_pids - processes.keys()):
        problems.append(f"pid {pid}: events but no process_name")
    if expect_nodes is not None:
        names = set(processes.values())
        for node in range(expect_nodes):
            if f"node {node}" not in names:
                problems.append(f"no process 'node {node}'")
    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        for p in problems[:20]:
            print("  " + p)
        return 1
    print(f"{path}: ok: {len(processes)} processes, {len(slices)} slice tracks, "
          f"{counts['X']} slices, {counts['C']} counter samples, {counts['i']} instants")
    return 0


if __name__ == "__main__":
    sys.exit(main())
