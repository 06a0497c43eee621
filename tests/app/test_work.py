"""Bounded work: at most N computations at once, a bounded queue, and 503 with Retry-After past it."""
from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import app.api
from app.work import Busy, WorkGate

from .conftest import trace_body


def test_the_gate_runs_n_at_once_queues_m_and_refuses_the_rest():
    async def scenario() -> None:
        gate = WorkGate(slots=2, queue=1)
        release = threading.Event()
        running_now, most = 0, 0
        lock = threading.Lock()

        def work(value: int) -> int:
            nonlocal running_now, most
            with lock:
                running_now += 1
                most = max(most, running_now)
            release.wait(10)
            with lock:
                running_now -= 1
            return value

        tasks = [asyncio.create_task(gate.run(work, i)) for i in range(3)]
        while running_now < 2 or gate.waiting < 1:  # two in their threads, one in the queue
            await asyncio.sleep(0.001)
        with pytest.raises(Busy, match="2 computations are running and 1 more are waiting"):
            await gate.run(work, 99)
        release.set()
        assert await asyncio.gather(*tasks) == [0, 1, 2]
        assert most == 2 and gate.running == 0 and gate.waiting == 0

    asyncio.run(asyncio.wait_for(scenario(), 20))


def test_a_request_that_goes_away_while_waiting_gives_up_its_place():
    async def scenario() -> None:
        gate = WorkGate(slots=1, queue=2)
        release = threading.Event()
        first = asyncio.create_task(gate.run(release.wait, 10))
        while gate.running < 1:
            await asyncio.sleep(0.001)
        waiting = asyncio.create_task(gate.run(lambda: "never"))
        await asyncio.sleep(0.01)
        assert gate.waiting == 1
        waiting.cancel()
        await asyncio.sleep(0)
        assert gate.waiting == 0
        release.set()
        assert await first is True
        assert gate.running == 0
        assert await gate.run(lambda: "next") == "next"

    asyncio.run(asyncio.wait_for(scenario(), 20))


def test_a_full_queue_is_503_with_retry_after(make_client, monkeypatch):
    client = make_client(max_computing=1, max_waiting=1)
    gate = client.app.state.work_gate
    release = threading.Event()
    original = app.api.trace_dict

    def held(body, settings):
        release.wait(10)
        return original(body, settings)

    monkeypatch.setattr(app.api, "trace_dict", held)
    body = trace_body("x*x" + " + 0" * 40, {"x": 3})  # over SMALL_SOURCE: computed in a thread
    assert not app.api.is_small(app.api.TraceRequest(**body))
    with client, ThreadPoolExecutor(2) as pool:
        first, second = (pool.submit(client.post, "/api/trace", json=body) for _ in range(2))
        deadline = time.monotonic() + 10
        while (gate.running, gate.waiting) != (1, 1) and time.monotonic() < deadline:
            time.sleep(0.005)
        refused = client.post("/api/trace", json=body)
        release.set()
        assert first.result(10).status_code == 200 and second.result(10).status_code == 200
    assert refused.status_code == 503 and refused.headers["retry-after"] == "1"
    detail = refused.json()["detail"]
    assert detail["kind"] == "limit" and "CHAINRULE_MAX_WAITING" in detail["message"]


def test_the_default_is_the_cores_shared_among_the_workers(monkeypatch):
    from app.settings import Settings
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert Settings().max_computing == 8 and Settings(workers=4).max_computing == 2
    assert Settings(workers=16).max_computing == 1
