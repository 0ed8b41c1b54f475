#!/usr/bin/env python3
"""The browser player in a real browser (issue #26 deliverable 4).

Runs a scenario with `ringsim run --out DIR --player DIR/player.html`, writes the same
run's page again from the directory (`ringsim player DIR -o DIR/from_dir.html`), and loads
both in Debian's headless Chromium, driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: NUL-separated JSON on fds 3 and 4; Python's standard library
only). For each page it checks:
  - it loads with no console error, no exception and no request but the file itself;
  - scrubbed to three times, what it shows (the caption, the ring's member count, nodes up,
    the first operation's p99 and p50) equals the run's own files at that instant:
    timeseries.csv's row of the window containing the time, summary.json's narration table
    (the caption fired last by then), cluster.json's ring snapshot in force;
  - screenshots at 1280x720 and 1920x1080 (written beside the pages, to look at), and at
    1280x720 the caption, controls and ring are inside the viewport.
Usage: player_browser_test.py RINGSIM CHROMIUM SCENARIO OUT_DIR [--inject TEXT] [--expect-caption T TEXT]
"""
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self, chromium, profile):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()

        def wire():
            # Through fresh copies: os.pipe()'s fds are close-on-exec, and dup2 onto the same
            # number (the pipe may already be fd 3) would keep that flag.
            read_copy, write_copy = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_copy, 3)
            os.dup2(write_copy, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
             "--hide-scrollbars", "--font-render-hinting=none", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.session = None

    def _read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=True, timeout=20):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method, timeout=20):
        deadline = time.time() + timeout
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        while True:
            event = self._read_message(deadline)
            if event.get("method") == method:
                return event
            self.events.append(event)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def read_series(path):
    series = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            series.setdefault(row["metric"], {})[float(row["time_s"])] = None if row["value"] == "" else float(row["value"])
    return series


def window_start(series, t):
    starts = sorted({s for values in series.values() for s in values})
    return max(s for s in starts if s <= t + 1e-9)


def expected_at(run_dir, t):
    series = read_series(os.path.join(run_dir, "timeseries.csv"))
    summary = json.load(open(os.path.join(run_dir, "summary.json")))
    cluster = json.load(open(os.path.join(run_dir, "cluster.json")))
    start = window_start(series, t)
    caption = None
    for row in summary.get("narration", []):
        if row["at_s"] is not None and row["at_s"] <= t + 1e-9 and (caption is None or row["at_s"] >= caption["at_s"]):
            caption = row
    snapshot = [s for s in cluster["ring_snapshots"] if s["time_s"] <= t + 1e-9][-1]
    ops = [name[:-7] for name in series if name.endswith(".p99_ms") and not name.startswith(("node.", "dag."))]
    values = {name: series[name].get(start) for name in ["nodes_up", ops[0] + ".p99_ms", ops[0] + ".p50_ms"]}
    return {"start": start, "caption": caption["text"] if caption else None, "members": len(snapshot["members"]),
            "values": values, "op": ops[0]}


def close_enough(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def check_page(browser, page, run_dir, shots_prefix, expect_caption):
    failures = []
    browser.events.clear()
    requests = []
    browser.call("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    browser.call("Page.navigate", {"url": "file://" + os.path.abspath(page)})
    browser.wait_event("Page.loadEventFired")
    duration = browser.evaluate("ringsimPlayer.state() && JSON.parse(document.getElementById('run-data').textContent).duration_s")
    captions = json.load(open(os.path.join(run_dir, "summary.json"))).get("narration", [])
    fired = sorted(c["at_s"] for c in captions if c["at_s"] is not None)
    times = [0.2 * duration, (fired[2] if len(fired) > 2 else 0.5 * duration) + 0.01, 0.85 * duration]
    if expect_caption:
        times.append(expect_caption[0])
    for t in times:
        state = browser.evaluate(f"ringsimPlayer.seek({t}); ringsimPlayer.state()")
        shown = browser.evaluate("({caption: document.getElementById('caption-text').textContent,"
                                 " members: document.getElementById('ring').getAttribute('data-members'),"
                                 " p99: document.getElementById('val-' + " + json.dumps(expected_at(run_dir, t)["op"]) +
                                 " + '.p99_ms').getAttribute('data-value')})")
        want = expected_at(run_dir, t)
        where = f"{os.path.basename(page)} at {t:.3f} s"
        if abs(state["window_start_s"] - want["start"]) > 1e-9:
            failures.append(f"{where}: window {state['window_start_s']} shown, the CSV's row is {want['start']}")
        if want["caption"] is not None and shown["caption"] != want["caption"]:
            failures.append(f"{where}: caption {shown['caption']!r}, summary.json says {want['caption']!r}")
        if int(shown["members"]) != want["members"]:
            failures.append(f"{where}: ring shows {shown['members']} members, cluster.json {want['members']}")
        for name, value in want["values"].items():
            if not close_enough(state["values"].get(name), value):
                failures.append(f"{where}: {name} = {state['values'].get(name)}, timeseries.csv has {value}")
        p99 = want["values"][want["op"] + ".p99_ms"]
        if not close_enough(float(shown["p99"]) if shown["p99"] else None, p99):
            failures.append(f"{where}: the readout's p99 is {shown['p99']}, timeseries.csv has {p99}")
        if expect_caption and t == expect_caption[0] and expect_caption[1] not in shown["caption"]:
            failures.append(f"{where}: caption {shown['caption']!r} does not say {expect_caption[1]!r}")
    # At 1280x720 the lecture's essentials are on screen without scrolling.
    boxes = browser.evaluate("['caption','controls','ring'].map(function(id){var r=document.getElementById(id)"
                             ".getBoundingClientRect();return [id,r.top,r.bottom,r.right]})")
    for name, top, bottom, right in boxes:
        if bottom > 720 + 0.5 or right > 1280 + 0.5 or top < 0:
            failures.append(f"{os.path.basename(page)}: #{name} is outside the 1280x720 viewport ({top:.0f}..{bottom:.0f}, right {right:.0f})")
    for width, height in ((1280, 720), (1920, 1080)):
        browser.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        browser.evaluate(f"ringsimPlayer.seek({times[1]}); 0")
        shot = browser.call("Page.captureScreenshot", {"format": "png"})
        with open(f"{shots_prefix}-{width}x{height}.png", "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            failures.append(f"{os.path.basename(page)}: exception {params['exceptionDetails']}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
            failures.append(f"{os.path.basename(page)}: console {params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            failures.append(f"{os.path.basename(page)}: log error: {params['entry'].get('text')}")
        elif method == "Network.requestWillBeSent":
            requests.append(params["request"]["url"])
    page_url = "file://" + os.path.abspath(page)
    for url in requests:
        if url != page_url:
            failures.append(f"{os.path.basename(page)}: loaded {url} (the page must need nothing but itself)")
    return failures


def main():
    args = sys.argv[1:]
    inject, expect_caption = [], None
    if "--inject" in args:
        i = args.index("--inject")
        inject = ["--inject", args[i + 1]]
        del args[i:i + 2]
    if "--expect-caption" in args:
        i = args.index("--expect-caption")
        expect_caption = (float(args[i + 1]), args[i + 2])
        del args[i:i + 3]
    ringsim, chromium, scenario, out_dir = args
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    run_dir = os.path.join(out_dir, "run")
    page = os.path.join(out_dir, "player.html")
    # Exit 1 is a failed expectation: an injected fault may break the tour's own (tour 3's
    # nodes_final); the run and its page are still written. Anything else is an error.
    status = subprocess.run([ringsim, "run", scenario, "-q", "--out", run_dir, "--player", page] + inject).returncode
    if status not in ((0, 1) if inject else (0,)):
        raise SystemExit(f"ringsim run exited {status}")
    from_dir = os.path.join(out_dir, "from_dir.html")
    subprocess.run([ringsim, "player", run_dir, "-o", from_dir], check=True)
    for path in (page, from_dir):
        size = os.path.getsize(path)
        if size > 5 * 1024 * 1024:
            print(f"FAIL {path}: {size} bytes, above the 5 MiB bound")
            return 1
    profile = tempfile.mkdtemp(prefix="ringsim-player-chromium-")
    browser = Browser(chromium, profile)
    failures = []
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"}, session=False)
        browser.session = browser.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                                       session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.call(domain + ".enable")
        for path, prefix in ((page, "player"), (from_dir, "from_dir")):
            failures += check_page(browser, path, run_dir, os.path.join(out_dir, prefix), expect_caption)
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)
    for failure in failures:
        print("FAIL " + failure)
    print(f"{len(failures)} failures; screenshots in {out_dir}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
