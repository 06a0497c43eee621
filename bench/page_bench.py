"""The explorer page on a 2,000-node program, in headless Chromium (Debian's /usr/bin/chromium).

Prints, each the median of several runs:
- load: from navigation to the first drawing of the trace (body.has-trace, then two frames);
- fps: frames per second while the player plays at its top speed (64x: a step every ~17 ms);
- repaint: one step (→) until the frame that shows it has been drawn, at the readable zoom the page
  opens at, and (the baseline of the same run) with the whole graph on screen and its texts not drawn.
Targets (issue 9): load under 1.5 s, 50 fps or more, a step's repaint under 30 ms.

    .venv/bin/python bench/page_bench.py [--runs 3]

It starts its own server (python -m app) on a free port, like the browser tests.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        source = program()
        inputs = {f"x{i}": i / 10 for i in range(1, 7)}
        nodes = len(httpx.post(f"{base}/api/trace", json={"expression": source, "inputs": inputs}, timeout=60).json()["nodes"])
        query = urlencode({"expr": source, "inputs": ",".join(f"{k}:{v}" for k, v in inputs.items()), "mode": "both"})
        loads, fps, repaints, overview = [], [], [], []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1600, "height": 900})
                start = time.perf_counter()
                page.goto(f"{base}/?{query}")
                page.wait_for_selector("body.has-trace", timeout=60_000)
                page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                loads.append(time.perf_counter() - start)
                repaints.append(page.evaluate(REPAINT, 60))
                page.keyboard.press("0")  # the baseline: the whole graph on screen, its texts not drawn
                overview.append(page.evaluate(REPAINT, 60))
                page.keyboard.press("0")
                page.select_option("[data-testid=speed]", "64")
                page.click("[data-testid=play]")
                fps.append(page.evaluate(FRAMES, 3000))
                page.close()
            browser.close()
        print(f"page bench: {nodes}-node program, {runs} runs, headless Chromium, 1600x900")
        print(f"  load (navigation to the drawn trace): {statistics.median(loads) * 1000:7.0f} ms   target < 1500")
        print(f"  playing at 64x:                        {statistics.median(fps):7.1f} fps  target >= 50")
        print(f"  one step's repaint (median of 60):     {statistics.median(repaints):7.1f} ms   target < 30")
        print(f"    baseline, the overview (no texts):   {statistics.median(overview):7.1f} ms   "
              f"ratio {statistics.median(repaints) / statistics.median(overview):.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
