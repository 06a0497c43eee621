"""The explorer page on a 2,000-node program, in headless Chromium (Debian's /usr/bin/chromium).

Prints, each the median of several runs:
- load: from navigation to the first drawing of the trace (body.has-trace, then two frames);
- fps: frames per second while the player plays at its top speed (64x: a step every ~17 ms);
- repaint: one step (→) until the frame that shows it has been drawn, at the readable zoom the page
  opens at, and (the baseline of the same run) with the whole graph on screen and its texts not drawn.
Targets (issue 9): load under 1.5 s, 50 fps or more, a step's repaint under 30 ms.

    .venv/bin/python bench/page_bench.py [--runs 3] [--baseline REVISION]

It starts its own server (python -m app) on a free port, like the browser tests. With --baseline, a
second server runs the page of REVISION (exported with git archive into a temporary directory) and the
runs alternate between the two in the same browser, so both see the same load on the machine.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

FRAMES = """(ms) => new Promise((resolve) => {
  let frames = 0;
  const start = performance.now();
  const tick = (now) => { frames++; if (now - start < ms) requestAnimationFrame(tick); else resolve(frames * 1000 / (now - start)); };
  requestAnimationFrame(tick);
})"""

REPAINT = """async (count) => {
  const times = [];
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  await painted();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await painted();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}"""


def program(neurons: int = 99, inputs: int = 6) -> str:
    """About 2,000 nodes: `neurons` tanh neurons over `inputs` inputs, their squares summed."""
    lines = []
    for j in range(neurons):
        terms = " + ".join(f"{((i * 7 + j * 3) % 11) / 10 + 0.1:.1f}*x{i}" for i in range(1, inputs + 1))
        lines.append(f"h{j} = tanh({terms})")
    lines.append(" + ".join(f"h{j}*h{j}" for j in range(neurons)))
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(root: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, base


def measure(browser, base: str, query: str) -> dict[str, float]:
    """One run: load, a step's repaint at the readable zoom and in the overview, fps at 64x."""
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    start = time.perf_counter()
    page.goto(f"{base}/?{query}")
    page.wait_for_selector("body.has-trace", timeout=60_000)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    figures = {"load": (time.perf_counter() - start) * 1000}
    figures["repaint"] = page.evaluate(REPAINT, 60)
    page.keyboard.press("0")  # the baseline: the whole graph on screen, its texts not drawn
    figures["overview"] = page.evaluate(REPAINT, 60)
    page.keyboard.press("0")
    page.select_option("[data-testid=speed]", "64")
    page.click("[data-testid=play]")
    figures["fps"] = page.evaluate(FRAMES, 3000)
    page.close()
    return figures


ROWS = [("load", "load (navigation to the drawn trace)", "ms ", "< 1500"),
        ("fps", "playing at 64x", "fps", ">= 50"),
        ("repaint", "one step's repaint (median of 60)", "ms ", "< 30"),
        ("overview", "  the same in the overview (no texts)", "ms ", "")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="a git revision whose page runs alternately with this one's")
    parser.add_argument("--no-fold", action="store_true",
                        help="keep the constants as nodes (fold=0; by default they are folded above 50 nodes)")
    options = parser.parse_args()
    servers = []
    with tempfile.TemporaryDirectory() as scratch:
        try:
            server, base = start_server(ROOT)
            servers.append(server)
            sides = {"now": base}
            if options.baseline:
                archive = subprocess.run(["git", "archive", options.baseline], cwd=ROOT, check=True, capture_output=True).stdout
                subprocess.run(["tar", "-x", "-C", scratch], input=archive, check=True)
                server, base = start_server(Path(scratch))
                servers.append(server)
                sides = {"baseline": base, "now": sides["now"]}
            source = program()
            inputs = {f"x{i}": i / 10 for i in range(1, 7)}
            nodes = len(httpx.post(f"{sides['now']}/api/trace", json={"expression": source, "inputs": inputs},
                                   timeout=60).json()["nodes"])
            fields = {"expr": source, "inputs": ",".join(f"{k}:{v}" for k, v in inputs.items()), "mode": "both"}
            query = urlencode({**fields, "fold": "0"} if options.no_fold else fields)
            results: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for _ in range(options.runs):
                    for side, base in sides.items():
                        results[side].append(measure(browser, base, query))
                browser.close()
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)
    load = os.getloadavg()
    print(f"page bench: {nodes}-node program ({'constants as nodes' if options.no_fold else 'the default: constants folded'}), "
          f"{options.runs} runs, headless Chromium, 1600x900, "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    median = {side: {key: statistics.median(run[key] for run in runs) for key, *_ in ROWS} for side, runs in results.items()}
    header = "".join(f"{side:>12}" for side in sides) + ("       ratio" if len(sides) == 2 else "")
    print(f"  {'':40}{header}   target")
    for key, label, unit, target in ROWS:
        cells = "".join(f"{median[side][key]:8.1f} {unit}" for side in sides)
        ratio = f"{median['now'][key] / median['baseline'][key]:12.2f}" if len(sides) == 2 else ""
        print(f"  {label:40}{cells}{ratio}   {target}")


if __name__ == "__main__":
    main()
