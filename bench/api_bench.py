"""Benchmark of the API over real HTTP (not a test): python bench/api_bench.py [--quick]

Starts `python -m app` on a free loopback port, then measures:
  - /api/trace end to end (request sent -> JSON parsed), median latency, for every gallery example and
    for generated programs of 100, 1,000 and 10,000 nodes;
  - throughput of a small /api/trace under concurrency (an async httpx load generator), beside the
    throughput of /healthz on the same server in the same run, as a ratio.
Targets: a 1,000-node trace in under 100 ms; small-trace throughput at least half of /healthz's.
The load generator runs on the same machine as the server, so both throughputs share the CPU alike.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
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


def start_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)],
                               cwd=REPOSITORY, env={**os.environ, "CHAINRULE_MAX_NODES": "20000"}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and shorter load (a smoke run)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    repeats = {"gallery": 5 if args.quick else 30, 100: 5 if args.quick else 30, 1_000: 5 if args.quick else 20,
               10_000: 3 if args.quick else 7}
    seconds = 1.0 if args.quick else 3.0

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(port)
    try:
        print(f"chainrule API benchmark: uvicorn (1 worker) on {base}, Python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs\n")
        with httpx.Client(base_url=base, timeout=60) as client:
            print("/api/trace, median latency (request -> parsed JSON):")
            for example in EXAMPLES:
                body = {"expression": example.expression, "inputs": example.inputs, "mode": example.mode}
                latency, nodes = median_latency(client, body, repeats["gallery"])
                print(f"  {example.id:<20} {nodes:>6} nodes  {latency * 1000:8.2f} ms")
            results = {}
            for size in (100, 1_000, 10_000):
                body = {"expression": generated_program(size), "inputs": {"x": 0.3, "y": -0.2}}
                latency, nodes = median_latency(client, body, repeats[size])
                results[size] = latency
                parts = breakdown(body, max(3, repeats[size] // 4))
                shown = ", ".join(f"{stage} {seconds * 1000:.1f}" for stage, seconds in parts.items())
                print(f"  {'generated':<20} {nodes:>6} nodes  {latency * 1000:8.2f} ms   (in process, ms: {shown})")
        print(f"\nthroughput, {args.concurrency} concurrent clients, {args.rounds} interleaved rounds of "
              f"{seconds:g} s each (medians):")
        health_rates, trace_rates = [], []
        for _ in range(args.rounds):  # interleaved, so a burst of other load hits both alike
            health_rates.append(asyncio.run(throughput(base, "GET", "/healthz", None, args.concurrency, seconds)))
            trace_rates.append(asyncio.run(throughput(base, "POST", "/api/trace", SMALL, args.concurrency, seconds)))
        health, trace = statistics.median(health_rates), statistics.median(trace_rates)
        ratio = statistics.median(t / h for t, h in zip(trace_rates, health_rates))
        print(f"  GET /healthz              {health:8.0f} requests/s")
        print(f"  POST /api/trace (small)   {trace:8.0f} requests/s  ({SMALL['expression']})")
        print(f"  ratio trace / healthz     {ratio:8.2f}")
        print("\ntargets:")
        print(f"  1,000-node trace under 100 ms: {'met' if results[1_000] < 0.1 else 'MISSED'} "
              f"({results[1_000] * 1000:.1f} ms)")
        print(f"  small-trace throughput >= half of /healthz: {'met' if ratio >= 0.5 else 'MISSED'} ({ratio:.2f})")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
