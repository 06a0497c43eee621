"""The cycle collector pause around a trace and its layout: off inside, restored after, safe across threads."""
from __future__ import annotations

import gc
import threading

import pytest

from engine.collector import CollectorPause


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_off_inside_and_restored_after(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        pause = CollectorPause()
        with pause:
            assert not gc.isenabled()
            with pause:  # nested: still off after the inner block ends
                pass
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ZeroDivisionError), pause:
            1 / 0
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_overlapping_threads_resume_only_when_the_last_one_ends() -> None:
    pause = CollectorPause()
    gc.enable()
    inside, release = threading.Barrier(3), threading.Event()

    def hold() -> None:
        with pause:
            inside.wait()
            release.wait(5)

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()
    assert not gc.isenabled()
    release.set()
    for thread in threads:
        thread.join(5)
    assert gc.isenabled()


def test_a_trace_request_runs_with_the_collector_paused_and_restores_it(client, monkeypatch) -> None:
    import engine

    seen = []
    real_trace = engine.trace

    def recording_trace(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_trace(*args, **kwargs)

    monkeypatch.setattr(engine, "trace", recording_trace)
    assert gc.isenabled()
    for route in ("/api/trace", "/api/export?format=dot"):
        assert client.post(route, json={"expression": "x*x", "inputs": {"x": 1}}).status_code == 200
    assert seen == [False, False]  # paused while the engine ran
    assert gc.isenabled()  # and running again after
