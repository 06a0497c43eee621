"""Configuration from the environment (prefix CHAINRULE_), read by one settings object.

    CHAINRULE_HOST=0.0.0.0 CHAINRULE_PORT=8080 CHAINRULE_MAX_NODES=20000 python -m app
    CHAINRULE_CORS_ORIGINS="https://school.example,https://lab.example" python -m app
"""
from __future__ import annotations

import os
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from engine import Limits
from engine.parser import HARD_MAX_DEPTH


class Settings(BaseSettings):
    """Every knob of the server, with defaults that keep one request well under a second."""

    model_config = SettingsConfigDict(env_prefix="CHAINRULE_", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    # One request's body in bytes: room for the longest expression plus its inputs.
    max_body_bytes: int = Field(1_000_000, ge=1)
    # Characters of expression source.
    max_expression_length: int = Field(100_000, ge=1)
    # Nodes of the graph: a 2,000-node trace with its layout takes a few hundred ms here (see the bench).
    max_nodes: int = Field(2_000, ge=1)
    # Nesting of parentheses, calls, unary minus and right-associative ^ (the parser recurses).
    max_depth: int = Field(200, ge=1, le=HARD_MAX_DEPTH)
    # Node visits of a request that runs several passes: /api/jacobian (one pass per input and one
    # per output) and /api/check (two evaluations per input).
    max_work: int = Field(200_000, ge=1)
    # /api/paths: the paths from the inputs to the outputs listed one by one (their number can grow
    # as 2^depth). /api/symbolic: the nodes of the derivatives written out (they can swell likewise).
    max_paths: int = Field(Limits.max_paths, ge=1)
    max_symbolic_size: int = Field(Limits.max_symbolic_size, ge=1)
    # Worker processes (app/serve.py), each with its own listening socket on the same port.
    workers: int = Field(1, ge=1, le=64)
    # The transport (app/transport.py): seconds a client has to send a request's headers (from
    # connecting, or from the previous response) and its body (from the headers); connections open
    # at once, per worker (past it, the connection waiting longest for its headers is closed).
    header_timeout: float = Field(10.0, gt=0)
    body_timeout: float = Field(10.0, gt=0)
    max_connections: int = Field(1_000, ge=1)
    # Work (app/work.py): computations (trace, export, Jacobian, check) running at once, per worker
    # (default: the machine's cores shared among the workers), and requests waiting for one; past
    # that a request gets 503 with Retry-After.
    max_computing: int = Field(default_factory=lambda data: max(1, (os.cpu_count() or 1) // data["workers"]), ge=1)
    max_waiting: int = Field(64, ge=0)
    # uvicorn's access log: one line per request (measured: it costs no throughput here).
    access_log: bool = True
    # Origins allowed to call the API from another site; empty (the default) turns CORS off.
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        # The environment gives one comma-separated string.
        if isinstance(value, str):
            return tuple(origin.strip() for origin in value.split(",") if origin.strip())
        return value

    @property
    def limits(self) -> Limits:
        return Limits(max_length=self.max_expression_length, max_nodes=self.max_nodes, max_depth=self.max_depth,
                      max_work=self.max_work, max_paths=self.max_paths, max_symbolic_size=self.max_symbolic_size)
