#!/usr/bin/env python3
"""The run estimate predicts (issues #24, #29): for one shipped scenario, the estimate that
`ringsim validate` prints (run/estimate.h) against what `ringsim run` measures: the run's
executed events (summary.json) within 1.5x and its peak RSS (wait4's ru_maxrss of the
child) within 2x.

To stay fast, both commands get the same --set edits: a vector scenario with generated
vectors at most 3,000 keys, and a scenario estimated at over 2 M events its duration_s
cut to 20 s (warmup_s to at most half of it; timeline actions, narration and pipeline
runs at or past the cut dropped). The rest (retry storms, set_rate bursts, every small
scenario) run whole.

usage: estimate_scenarios.py RINGSIM SOURCE_DIR SCENARIO... (paths under scenarios/)
Exit 0 when every ratio is within bounds, 1 otherwise; prints a table row per scenario.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

DURATION_S_MAX = 20.0
FULL_EVENTS_MAX = 2e6
VECTOR_KEYS_MAX = 3000
EVENTS_FACTOR = 1.5
MEMORY_FACTOR = 2.0
UNITS = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "TiB": 1024**4}


def shortening_sets(document, full_events):
    duration_s = float(document["duration_s"])
    cut_s = min(duration_s, DURATION_S_MAX) if full_events > FULL_EVENTS_MAX else duration_s
    sets = []
    if cut_s < duration_s:
        sets.append("/duration_s=%g" % cut_s)
        if float(document.get("warmup_s", 0)) > cut_s / 2:
            sets.append("/warmup_s=%g" % (cut_s / 2))
        if "timeline" in document:
            kept = [a for a in document["timeline"] if float(a["at_s"]) < cut_s]
            sets.append("/timeline=" + json.dumps(kept))
        for i, pipeline in enumerate(document.get("pipelines", [])):
            times = pipeline.get("at_s")
            if isinstance(times, list):
                sets.append("/pipelines/%d/at_s=%s" % (i, json.dumps([t for t in times if float(t) < cut_s])))
            elif times is not None and float(times) >= cut_s:
                sets.append("/pipelines/%d/at_s=%g" % (i, cut_s / 2))
        for key in ("narration",):
            if key in document:
                sets.append("/%s=%s" % (key, json.dumps([c for c in document[key] if float(c.get("at_s", 0)) < cut_s])))
        # Expectations about the full run mean nothing for the cut one.
        sets.append("/expect=[]")
    data = document.get("data", {})
    generated = "file" not in json.dumps(data.get("vectors", {})) and "runbook" not in document.get("workload", {})
    if "vectors" in data and data.get("keys", 0) > VECTOR_KEYS_MAX and generated:
        sets.append("/data/keys=%d" % VECTOR_KEYS_MAX)
    return [arg for text in sets for arg in ("--set", text)]


def estimate(ringsim, path, sets):
    out = subprocess.run([ringsim, "validate", path] + sets, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("validate failed: " + out.stderr.strip())
    memory = re.search(r"estimated memory ([0-9.]+) ([KMGT]?i?B)", out.stdout)
    events = re.search(r"\), events ([0-9.e+]+)", out.stdout)
    return float(memory.group(1)) * UNITS[memory.group(2)], float(events.group(1))


def measure(ringsim, path, sets):
    with tempfile.TemporaryDirectory() as work:
        out_dir = os.path.join(work, "out")
        with open(os.devnull, "w") as null:
            child = subprocess.Popen([ringsim, "run", path, "--out", out_dir, "-q", "--no-expect"] + sets,
                                     stdout=null, stderr=subprocess.PIPE)
            _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("run failed: " + child.stderr.read().decode().strip())
        with open(os.path.join(out_dir, "summary.json")) as summary:
            events = float(json.load(summary)["events"])
    return usage.ru_maxrss * 1024.0, events


def main():
    ringsim, source_dir, scenarios = sys.argv[1], sys.argv[2], sys.argv[3:]
    failed = False
    print("| scenario | estimate memory | peak RSS | RSS / estimate | estimate events | events | events / estimate |")
    for name in scenarios:
        path = os.path.join(source_dir, "scenarios", name)
        with open(path) as f:
            document = json.load(f)
        try:
            sets = shortening_sets(document, estimate(ringsim, path, [])[1])
            est_bytes, est_events = estimate(ringsim, path, sets)
            rss_bytes, events = measure(ringsim, path, sets)
        except RuntimeError as error:
            print("%s: %s" % (name, error))
            failed = True
            continue
        memory_ratio, events_ratio = rss_bytes / est_bytes, events / est_events
        ok = (1 / MEMORY_FACTOR <= memory_ratio <= MEMORY_FACTOR and 1 / EVENTS_FACTOR <= events_ratio <= EVENTS_FACTOR)
        failed |= not ok
        print("| %s | %.1f MiB | %.1f MiB | %.2f | %.3g | %d | %.2f |%s" %
              (name, est_bytes / 2**20, rss_bytes / 2**20, memory_ratio, est_events, events, events_ratio,
               "" if ok else " OUT OF BOUNDS"))
        if sets:
            print("    (with " + " ".join(sets[1::2])[:300] + ")")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
