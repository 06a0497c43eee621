"""Python's cycle collector, paused while the engine traces and writes a trace's dict (and while the API
lays out and encodes it).

A 1,000-node trace allocates some hundred thousand tuples, lists and dicts (the engine's records,
the trace dict, the layout and its dict); every 700 allocations start a collection, and the older
generations, traversed again and again, hold the request's own growing lists (and the rest of the
server's heap). Nothing these build is cyclic, so those collections free nothing: at 10,000 nodes
they took a third of the trace dict's time and a fifth of the layout's. Reference counting still
frees memory as usual, and what cyclic garbage the framework makes meanwhile is collected once the
pause ends. Several threads may trace at once: the collector resumes when the last of them ends,
and only if it was running when the first began.
"""
from __future__ import annotations

import gc
import threading
from types import TracebackType


class CollectorPause:
    """A context manager: the collector is off while any `with` block on it runs."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0  # blocks running now
        self._resume = False  # whether the collector was on when the first of them began

    def __enter__(self) -> None:
        with self._lock:
            if self._inside == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._inside += 1

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0 and self._resume:
                gc.enable()


collector_paused = CollectorPause()
