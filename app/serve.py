"""Run the server: one uvicorn process, or several worker processes on one port.

Each worker is a process of its own with its own event loop, gate and listening socket: the
sockets share the port with SO_REUSEPORT and the kernel spreads new connections among them. Each
socket is created with IPPROTO_TCP so that asyncio sets TCP_NODELAY on the connections it accepts
(uvicorn's own --workers pre-binds a socket without it, and its replies waited ~40 ms for Nagle's
algorithm: 0.34x of one worker here). The API keeps nothing between requests, so workers, like
machines behind a load balancer, need nothing shared.

The parent only supervises: it starts the workers, starts again one that dies, and on SIGINT or
SIGTERM stops them all (each finishes its requests in flight).
"""
from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import sys
import time
from types import FrameType

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .settings import Settings
from .transport import BACKLOG, guarded, room_for_connections

log = logging.getLogger("chainrule")
RESTART_PAUSE_SECONDS = 1.0
SWITCH_INTERVAL_SECONDS = 0.0005


def uvicorn_config(settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration: the app, the guarded protocol, the timeouts, the logs."""
    from .main import create_app
    # The event loop shares the interpreter with the computing threads: it gets the GIL back after
    # at most this long (Python's default is 5 ms, and answering /healthz takes several turns).
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    connections = room_for_connections(settings.max_connections)
    protocol = guarded(H11Protocol, settings.header_timeout, connections)
    return uvicorn.Config(create_app(settings), host=settings.host, port=settings.port, http=protocol,
                          access_log=settings.access_log, log_level="info", timeout_keep_alive=5, backlog=BACKLOG,
                          timeout_graceful_shutdown=settings.body_timeout + 5)


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket on (host, port) that other workers' sockets may share (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def run_worker(settings: Settings) -> None:
    """One worker process: its own socket on the shared port, its own app and loop."""
    try:
        uvicorn.Server(uvicorn_config(settings)).run(sockets=[listening_socket(settings.host, settings.port)])
    except KeyboardInterrupt:
        pass


def serve(settings: Settings) -> int:
    """Serve until SIGINT or SIGTERM; the exit status."""
    if settings.workers == 1:
        try:
            uvicorn.Server(uvicorn_config(settings)).run()
        except KeyboardInterrupt:  # uvicorn raises the SIGINT it caught again, once it has stopped
            pass
        return 0
    return supervise(settings)


def supervise(settings: Settings) -> int:
    context = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    workers: list[multiprocessing.process.BaseProcess] = []
    try:
        # Bind once here first, so that a port in use is one clear error rather than N.
        listening_socket(settings.host, settings.port).close()
        for number in range(settings.workers):
            workers.append(start(context, settings, number))
        while not stopping:
            time.sleep(0.2)
            for number, worker in enumerate(workers):
                if not worker.is_alive() and not stopping:
                    log.warning("worker %d (pid %s) exited with status %s; starting it again",
                                number, worker.pid, worker.exitcode)
                    time.sleep(RESTART_PAUSE_SECONDS)
                    workers[number] = start(context, settings, number)
    finally:
        for worker in workers:
            if worker.is_alive() and worker.pid is not None:
                worker.terminate()  # SIGTERM: uvicorn finishes what is in flight, then exits
        for worker in workers:
            worker.join(settings.body_timeout + 10)
            if worker.is_alive():
                worker.kill()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def start(context: multiprocessing.context.BaseContext, settings: Settings, number: int) -> multiprocessing.process.BaseProcess:
    worker = context.Process(target=run_worker, args=(settings,), name=f"chainrule-worker-{number}", daemon=False)
    worker.start()
    return worker


if __name__ == "__main__":
    sys.exit(serve(Settings()))
