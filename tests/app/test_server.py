"""One test over real HTTP: `python -m app` on a free loopback port, in a subprocess."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPOSITORY = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen, seconds: float = 30) -> None:
    """Stop a server as Ctrl+C does (SIGINT: a graceful shutdown), killing it if it does not end."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else "the server exited"
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not answer within {seconds} s")


def test_real_uvicorn_over_http():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CHAINRULE_MAX_NODES": "50"}
    process = subprocess.Popen([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)],
                               cwd=REPOSITORY, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_up(base, process)
        with httpx.Client(base_url=base, timeout=10) as client:
            trace = client.post("/api/trace", json={"expression": "exp(x)/x^2", "inputs": {"x": 2}})
            assert trace.status_code == 200
            assert abs(trace.json()["reverse_mode"]["gradient"]["x"]) < 1e-12
            assert trace.headers["x-content-type-options"] == "nosniff"
            limit = client.post("/api/trace", json={"expression": "x" + "+x" * 60, "inputs": {"x": 1}})
            assert limit.status_code == 400 and "CHAINRULE_MAX_NODES=50" in limit.json()["detail"]["message"]
            too_large = client.post("/api/trace", json={"expression": "x" * 2_000_000, "inputs": {}})
            assert too_large.status_code == 413 and too_large.json()["detail"]["kind"] == "limit"
            assert client.get("/healthz").status_code == 200  # the server is fine afterwards
            assert client.get("/").status_code == 200
            assert client.get("/docs").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        try:
            output, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    assert f"serving on http://127.0.0.1:{port}" in output
    assert "Traceback" not in output
    assert process.returncode == 0


def test_two_workers_share_the_port_and_stop_together(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CHAINRULE_WORKERS": "2"}
    log = tmp_path / "server.log"
    with log.open("w") as output_file:
        process = subprocess.Popen([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)],
                                   cwd=REPOSITORY, env=env, stdout=output_file, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_up(base, process)
        deadline = time.monotonic() + 30
        while log.read_text().count("Application startup complete") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)  # the second worker may still be starting
        with httpx.Client(base_url=base, timeout=10) as client:
            for _ in range(10):  # each a new connection: the kernel spreads them over the workers
                response = client.post("/api/trace", json={"expression": "x*x", "inputs": {"x": 3}},
                                       headers={"Connection": "close"})
                assert response.status_code == 200 and response.json()["reverse_mode"]["gradient"]["x"] == 6
    finally:
        stop(process)
    output = log.read_text()
    assert f"serving on http://127.0.0.1:{port}, 2 workers" in output
    assert output.count("Application startup complete") == 2 and output.count("Finished server process") == 2
    assert "Traceback" not in output
    assert process.returncode == 0
