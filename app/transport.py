"""The transport holds against slow and numerous clients: a deadline for a request's headers, and a
cap on open connections. (The body's deadline is BodyLimit's, in app/main.py: it reads the body.)

uvicorn times out an idle keep-alive connection, but once a byte has arrived it waits for the rest
of the headers for ever: a client sending one byte a second held its connection, and 1,100 of them
used up the process's files, so that others were refused and every refused accept was logged. Here:

- headers: a connection has `header_timeout` seconds, from connecting (or from its previous
  response), to send a whole request line and headers; then it is closed, without a log line.
- connections: past `max_connections` open at once, the connection that has waited longest for
  its headers (slow, or idle between requests) is closed to make room; one in the middle of a
  request is never closed for this. If every connection is in a request, the new one is closed.
  The cap stays below the process's limit on open files, which is raised to make room for it.

Closed connections are counted and reported in at most one log line a minute.
"""
from __future__ import annotations

import asyncio
import logging
import resource
import time
from typing import Any

log = logging.getLogger("uvicorn.error")  # its format, beside uvicorn's own lines

RESERVED_FILES = 64  # for the listening sockets, log files, the engine's threads and whatever else
# asyncio accepts up to `backlog` connections in one go; each reaches connection_made (where the cap
# is applied) two turns of the loop later, and the file of a connection closed there is freed a turn
# after that, while every turn accepts another burst: three bursts can be open beyond the cap (a
# thousand slow clients under a 1,024-file limit ran out of files, now and then, with room for two).
# Room for four is kept under the limit.
BACKLOG = 128
BURSTS = 4
REPORT_EVERY_SECONDS = 60.0


class ClosedReport:
    """Counts of closed connections, logged at most once every REPORT_EVERY_SECONDS."""

    def __init__(self) -> None:
        self.counts = {"too slow to send their headers": 0, "closed to stay under the connection cap": 0}
        self.last = 0.0

    def add(self, reason: str) -> None:
        self.counts[reason] += 1
        now = time.monotonic()
        if now - self.last >= REPORT_EVERY_SECONDS:
            self.last = now
            shown = ", ".join(f"{count} {reason}" for reason, count in self.counts.items() if count)
            log.warning("closed connections since the last report: %s", shown)
            self.counts = dict.fromkeys(self.counts, 0)


def guarded(protocol_class: type[asyncio.Protocol], header_timeout: float, max_connections: int) -> type:
    """uvicorn's HTTP protocol class (h11 or httptools) with a header deadline and a connection cap."""
    report = ClosedReport()

    class GuardedProtocol(protocol_class):  # type: ignore[misc, valid-type]
        waiting_since: float  # when this connection began to wait for a request's headers
        _deadline: asyncio.TimerHandle | None = None
        _cycle_seen: Any = None  # the request cycle whose headers have arrived

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._wait_for_headers()
            if len(self.connections) > max_connections:
                make_room(self)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._check_headers()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self.cycle is self._cycle_seen and not self.transport.is_closing():
                self._wait_for_headers()  # keep-alive: the next request's headers
            else:
                self._check_headers()  # a pipelined request started at once

        def connection_lost(self, exc: Exception | None) -> None:
            self._cancel_deadline()
            super().connection_lost(exc)

        def waiting_for_headers(self) -> bool:
            return self._deadline is not None

        def close_because(self, reason: str) -> None:
            self._cancel_deadline()
            if not self.transport.is_closing():
                report.add(reason)
                self.transport.close()

        def _wait_for_headers(self) -> None:
            self._cancel_deadline()
            self.waiting_since = self.loop.time()
            self._deadline = self.loop.call_later(header_timeout, self.close_because, "too slow to send their headers")

        def _check_headers(self) -> None:
            if self.cycle is not None and self.cycle is not self._cycle_seen:
                self._cycle_seen = self.cycle  # a new request's headers are in
                self._cancel_deadline()

        def _cancel_deadline(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

    def make_room(newcomer: GuardedProtocol) -> None:
        waiting = [c for c in newcomer.connections if isinstance(c, GuardedProtocol) and c.waiting_for_headers()]
        oldest = min(waiting, key=lambda c: c.waiting_since, default=newcomer)
        oldest.close_because("closed to stay under the connection cap")

    GuardedProtocol.__name__ = GuardedProtocol.__qualname__ = f"Guarded{protocol_class.__name__}"
    return GuardedProtocol


def room_for_connections(wanted: int) -> int:
    """Raise the soft limit on open files towards what `wanted` connections need (up to the hard
    limit), and return the connection cap that fits under it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    reserved = RESERVED_FILES + BURSTS * BACKLOG
    needed = wanted + reserved
    if soft != resource.RLIM_INFINITY and soft < needed:
        raised = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - reserved))
