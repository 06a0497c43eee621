"""Bounded work: at most `slots` computations run at once, at most `queue` more wait for a slot,
and the rest are refused at once (503 with Retry-After) instead of piling up.

Forty 2,000-node traces started together used to run together, each holding its graph, records,
layout and JSON at once (1.38 GB), and starved /healthz of the interpreter for seconds. Through
the gate the memory is that of `slots` computations plus the waiting requests' bodies, and the
event loop stays free to answer. A computation runs in a worker thread (the event loop never
blocks on it); waiting costs no thread. One gate per app (so per worker process), on its loop.
"""
from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import TypeVar

from anyio import to_thread

Result = TypeVar("Result")

RETRY_AFTER_SECONDS = 1


class Busy(Exception):
    """Every slot is taken and the queue is full."""

    def __init__(self, slots: int, queue: int) -> None:
        super().__init__(f"the server is busy: {slots} computations are running and {queue} more are waiting "
                         f"(CHAINRULE_MAX_COMPUTING, CHAINRULE_MAX_WAITING); try again in {RETRY_AFTER_SECONDS} s")


class WorkGate:
    """A counting gate with a bounded queue: `await gate.run(function, *args)`."""

    def __init__(self, slots: int, queue: int) -> None:
        self.slots, self.queue = slots, queue
        self.running = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def run(self, function: Callable[..., Result], *args: object, small: bool = False) -> Result:
        """Run `function(*args)` once a slot is free, in a worker thread, or on the event loop itself
        when the work is `small` (well under a millisecond: the hop to a thread would cost more);
        raise Busy if no slot will be free soon."""
        await self._acquire()
        try:
            if small:
                return function(*args)
            # Not abandoned on cancellation: the slot is held until the computation really ends.
            return await to_thread.run_sync(function, *args)
        finally:
            self._release()

    async def _acquire(self) -> None:
        if self.running < self.slots and not self._waiting:
            self.running += 1
            return
        if len(self._waiting) >= self.queue:
            raise Busy(self.slots, self.queue)
        turn = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            await turn  # _release hands its slot over: `running` is unchanged
        except asyncio.CancelledError:
            if turn in self._waiting:
                self._waiting.remove(turn)
            elif not turn.cancelled():
                self._release()  # the slot was handed over just as the request went away
            raise

    def _release(self) -> None:
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.running -= 1
