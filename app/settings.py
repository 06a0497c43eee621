"""Configuration from the environment (prefix CHAINRULE_), read by one settings object.

    CHAINRULE_HOST=0.0.0.0 CHAINRULE_PORT=8080 CHAINRULE_MAX_NODES=20000 python -m app
    CHAINRULE_CORS_ORIGINS="https://school.example,https://lab.example" python -m app
"""
from __future__ import annotations

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
                      max_work=self.max_work)
