"""Benchmark of the API over real HTTP (not a test): python bench/api_bench.py [--quick] [--workers N]

Starts `python -m app` on a free loopback port, then measures:
  - /api/trace end to end (request sent -> JSON parsed), median latency, for every gallery example and
    for generated programs of 100, 1,000 and 10,000 nodes;
  - throughput of a small /api/trace beside /healthz's on the same server in the same run, as a
    ratio, driven by wrk (`apt-get install wrk`; an httpx client saturates near 500 requests/s, below
    this server, so without wrk the ratio measures the client and the bench says so);
  - with --workers-compare: the small trace's throughput with 2 workers against 1, same run;
  - with --memory: 40 concurrent 2,000-node traces: the server's peak memory, and /healthz's latency
    while they run.
Targets: a 1,000-node trace in under 100 ms; small-trace throughput at least half of /healthz's;
40 concurrent 2,000-node traces under 500 MB with /healthz within 50 ms.
The load generator runs on the same machine as the server, so both throughputs share the CPU alike.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from pydantic_core import to_json  # noqa: E402

import engine  # noqa: E402
from engine.collector import collector_paused  # noqa: E402
from app.examples import EXAMPLES  # noqa: E402
from app.layout import layout_graph  # noqa: E402
from engine import Limits, compile_graph  # noqa: E402

SMALL = {"expression": "x*x + sin(x)", "inputs": {"x": 1.0}}


def generated_program(nodes: int) -> str:
    """A program of at most `nodes` nodes (the count is printed): a deep chain in which each line
    reuses the two lines before it, like the layers of a network, e.g.
    a1 = tanh(0.5*y + x); a2 = sin(a1*y) + y*0.25; a3 = tanh(0.5*a2 + a1); ..."""
    names, lines = ["x", "y"], []
    while 2 + 4.5 * len(lines) < nodes + 10:  # two inputs, then 4 or 5 nodes a line
        i = len(lines) + 1
        before, earlier = names[-1], names[-2]
        lines.append(f"a{i} = tanh(0.5*{before} + {earlier})" if i % 2 else f"a{i} = sin({before}*{earlier}) + {earlier}*0.25")
        names.append(f"a{i}")
    while len(compile_graph("\n".join(lines), limits=Limits()).nodes) > nodes:
        lines.pop()
    return "\n".join(lines)


def breakdown(body: dict, repeats: int) -> dict[str, float]:
    """Where the server's time goes, measured in this process as the route runs it (the cycle
    collector paused): median seconds of each stage."""
    stages: dict[str, list[float]] = {"engine": [], "layout": [], "encode": []}
    for _ in range(repeats):
        with collector_paused:
            stage_times(body, stages)
    return {stage: statistics.median(times) for stage, times in stages.items()}


def stage_times(body: dict, stages: dict[str, list[float]]) -> None:
    start = time.perf_counter()
    result = engine.trace(body["expression"], body["inputs"])
    record = result.to_dict()
    engine_done = time.perf_counter()
    record["layout"] = layout_graph(result.graph).to_dict()
    layout_done = time.perf_counter()
    to_json(record)
    stages["engine"].append(engine_done - start)
    stages["layout"].append(layout_done - engine_done)
    stages["encode"].append(time.perf_counter() - layout_done)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int = 1, **environment: str) -> subprocess.Popen:
    env = {**os.environ, "CHAINRULE_MAX_NODES": "20000", **environment}
    process = subprocess.Popen([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port),
                                "--workers", str(workers)],
                               cwd=REPOSITORY, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def median_latency(client: httpx.Client, body: dict, repeats: int) -> tuple[float, int]:
    """Median seconds from sending the request to having the parsed JSON; and the node count."""
    client.post("/api/trace", json=body).raise_for_status()  # warm up
    times = []
    nodes = 0
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.post("/api/trace", json=body)
        trace = response.json()
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, trace
        nodes = len(trace["nodes"])
    return statistics.median(times), nodes


async def throughput(base: str, method: str, path: str, body: dict | None, concurrency: int, seconds: float) -> float:
    """Requests per second that `concurrency` clients complete in `seconds` (each request's JSON parsed)."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop = 0.0
        done = 0

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < stop:
                response = await client.request(method, path, json=body)
                response.json()
                assert response.status_code == 200
                done += 1

        stop = time.perf_counter() + 0.5  # warm up: connections open, code paths hot
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        started = time.perf_counter()
        stop = started + seconds
        done = 0
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done / (time.perf_counter() - started)


WRK_POST = """wrk.method = "POST"
wrk.body = '%s'
wrk.headers["Content-Type"] = "application/json"
"""


def wrk_rate(url: str, body: dict | None, seconds: float, connections: int, threads: int = 2) -> float:
    """Requests per second that wrk completes against `url` (a POST of `body` when given); every
    answer must be 2xx."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if body is not None:
            script.write(WRK_POST % to_json(body).decode().replace("'", "\\'"))
    try:
        done = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
                               "-s", script.name, url], capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    if "Non-2xx" in done.stdout:
        raise SystemExit(f"wrk saw errors:\n{done.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))


def rates(base: str, seconds: float, concurrency: int, rounds: int) -> tuple[float, float, float, str]:
    """Medians of /healthz's and the small trace's requests per second, interleaved rounds on the
    same server, and the median of their ratio; and which client measured them."""
    health_rates, trace_rates = [], []
    use_wrk = shutil.which("wrk") is not None
    for _ in range(rounds):  # interleaved, so a burst of other load hits both alike
        if use_wrk:
            health_rates.append(wrk_rate(base + "/healthz", None, seconds, concurrency))
            trace_rates.append(wrk_rate(base + "/api/trace", SMALL, seconds, concurrency))
        else:
            health_rates.append(asyncio.run(throughput(base, "GET", "/healthz", None, concurrency, seconds)))
            trace_rates.append(asyncio.run(throughput(base, "POST", "/api/trace", SMALL, concurrency, seconds)))
    ratio = statistics.median(t / h for t, h in zip(trace_rates, health_rates))
    client = "wrk" if use_wrk else "httpx (wrk is not installed: `apt-get install wrk`; httpx saturates first)"
    return statistics.median(health_rates), statistics.median(trace_rates), ratio, client


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def memory_kb(pid: int, field: str) -> int:
    """A field of /proc/PID/status in kB (VmRSS now, VmHWM the peak), summed over the process and its children."""
    total = 0
    for process in [pid, *children(pid)]:
        try:
            text = Path(f"/proc/{process}/status").read_text()
        except OSError:
            continue
        total += int(re.search(rf"{field}:\s+(\d+)", text).group(1))
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


HEALTH_PROBE = """
import http.client, json, os, sys, time
port, stop_at = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
times = []
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
while time.monotonic() < stop_at and not os.path.exists(sys.argv[3]):
    start = time.perf_counter()
    connection.request("GET", "/healthz")
    response = connection.getresponse()
    response.read()
    assert response.status == 200
    times.append(time.perf_counter() - start)
    time.sleep(0.02)
print(json.dumps(times))
"""


async def concurrent_big_traces(base: str, pid: int, count: int, nodes: int) -> dict[str, float]:
    """`count` concurrent traces of a `nodes`-node program, with /healthz asked every 20 ms meanwhile
    by another process (so that the latency is the server's, not this client's busy loop)."""
    body = {"expression": generated_program(nodes), "inputs": {"x": 0.3, "y": -0.2}}
    limits = httpx.Limits(max_connections=count + 2)
    port = int(base.rsplit(":", 1)[1])
    done_flag = Path(tempfile.mkdtemp()) / "done"
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        before = memory_kb(pid, "VmRSS")
        statuses: list[int] = []

        async def trace() -> None:
            response = await client.post("/api/trace", json=body)
            statuses.append(response.status_code)

        probe = subprocess.Popen([sys.executable, "-c", HEALTH_PROBE, str(port), "120", str(done_flag)],
                                 stdout=subprocess.PIPE, text=True)
        await asyncio.sleep(0.3)
        started = time.perf_counter()
        await asyncio.gather(*(trace() for _ in range(count)))
        elapsed = time.perf_counter() - started
        done_flag.touch()
        health = [float(t) for t in json.loads(probe.communicate(timeout=60)[0])]
        await asyncio.sleep(1)
        after = memory_kb(pid, "VmRSS")
        peak = memory_kb(pid, "VmHWM")  # the kernel's high-water mark of each process
    return {"before": before / 1024, "peak": max(peak, after) / 1024, "after": after / 1024, "seconds": elapsed,
            "ok": statuses.count(200), "busy": statuses.count(503), "health_median": statistics.median(health) * 1000,
            "health_max": max(health) * 1000, "health_count": len(health)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and shorter load (a smoke run)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="worker processes of the server")
    parser.add_argument("--throughput-only", action="store_true", help="skip the latency table")
    parser.add_argument("--workers-compare", action="store_true", help="also: 2 workers against 1, same run")
    parser.add_argument("--memory", action="store_true", help="also: 40 concurrent 2,000-node traces")
    args = parser.parse_args()
    repeats = {"gallery": 5 if args.quick else 30, 100: 5 if args.quick else 30, 1_000: 5 if args.quick else 20,
               10_000: 3 if args.quick else 7}
    seconds = 1.0 if args.quick else 3.0

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port, args.workers)
    results = {}
    try:
        print(f"chainrule API benchmark: python -m app --workers {args.workers} on {base}, "
              f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs\n")
        if not args.throughput_only:
            with httpx.Client(base_url=base, timeout=60) as client:
                print("/api/trace, median latency (request -> parsed JSON):")
                for example in EXAMPLES:
                    body = {"expression": example.expression, "inputs": example.inputs, "mode": example.mode}
                    latency, nodes = median_latency(client, body, repeats["gallery"])
                    print(f"  {example.id:<20} {nodes:>6} nodes  {latency * 1000:8.2f} ms")
                for size in (100, 1_000, 10_000):
                    body = {"expression": generated_program(size), "inputs": {"x": 0.3, "y": -0.2}}
                    latency, nodes = median_latency(client, body, repeats[size])
                    results[size] = latency
                    parts = breakdown(body, max(3, repeats[size] // 4))
                    shown = ", ".join(f"{stage} {seconds * 1000:.1f}" for stage, seconds in parts.items())
                    print(f"  {'generated':<20} {nodes:>6} nodes  {latency * 1000:8.2f} ms   (in process, ms: {shown})")
        health, trace, ratio, client = rates(base, seconds, args.concurrency, args.rounds)
        print(f"\nthroughput, {client}, {args.concurrency} connections, {args.rounds} interleaved rounds of "
              f"{seconds:g} s each (medians):")
        print(f"  GET /healthz              {health:8.0f} requests/s")
        print(f"  POST /api/trace (small)   {trace:8.0f} requests/s  ({SMALL['expression']})")
        print(f"  ratio trace / healthz     {ratio:8.2f}")
    finally:
        stop_server(server)

    if args.workers_compare:
        trace_rates: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(args.rounds):  # each round: a 1-worker server, then a 2-worker server
            for workers in (1, 2):
                port = free_port()
                server = start_server(port, workers)
                try:
                    trace_rates[workers].append(rates(f"http://127.0.0.1:{port}", seconds, args.concurrency, 1)[1])
                finally:
                    stop_server(server)
        one, two = (statistics.median(trace_rates[w]) for w in (1, 2))
        print(f"\nworkers, small trace, {args.concurrency} connections ({args.rounds} rounds, medians):")
        print(f"  1 worker   {one:8.0f} requests/s")
        print(f"  2 workers  {two:8.0f} requests/s   ({two / one:.2f}x)")

    memory = None
    if args.memory:
        port = free_port()
        server = start_server(port, args.workers, CHAINRULE_MAX_NODES="2000")
        try:
            memory = asyncio.run(concurrent_big_traces(f"http://127.0.0.1:{port}", server.pid, 40, 2_000))
        finally:
            stop_server(server)
        print(f"\n40 concurrent 2,000-node traces ({memory['ok']} answered 200, {memory['busy']} 503, "
              f"{memory['seconds']:.1f} s in all):")
        print(f"  server memory: {memory['before']:.0f} MB before, {memory['peak']:.0f} MB at the peak, "
              f"{memory['after']:.0f} MB a second after")
        print(f"  /healthz meanwhile: median {memory['health_median']:.1f} ms, "
              f"max {memory['health_max']:.1f} ms ({memory['health_count']} asked)")

    print("\ntargets:")
    if 1_000 in results:
        print(f"  1,000-node trace under 100 ms: {'met' if results[1_000] < 0.1 else 'MISSED'} "
              f"({results[1_000] * 1000:.1f} ms)")
    print(f"  small-trace throughput >= half of /healthz: {'met' if ratio >= 0.5 else 'MISSED'} ({ratio:.2f})")
    if memory is not None:
        print(f"  40 concurrent 2,000-node traces under 500 MB: {'met' if memory['peak'] < 500 else 'MISSED'} "
              f"({memory['peak']:.0f} MB)")
        print(f"  /healthz within 50 ms meanwhile: {'met' if memory['health_max'] < 50 else 'MISSED'} "
              f"({memory['health_max']:.1f} ms)")


if __name__ == "__main__":
    main()
