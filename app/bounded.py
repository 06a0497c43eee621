"""What one request may add to a reply or to the log is bounded, whatever it sent.

A 422 echoes what failed validation (pydantic's `input`): the whole body when the body is not an
object. `short_echo` keeps a short prefix of it, as text. The log's records are cut to a few
thousand characters each (message and traceback), so that no request, however large or odd, can
write megabytes to the log; and a kind of record repeated many times a minute (an error that every
request of a flood meets) is let through ten times a minute, with a count of the rest.
"""
from __future__ import annotations

import logging

from pydantic_core import to_json

ECHO_CHARACTERS = 100  # of a rejected input, in a 422
RECORD_CHARACTERS = 4_000  # of one log record: its message, and its traceback
RECORDS_PER_MINUTE = 10  # of one kind (one message template), on one logger


def short_echo(value: object) -> object:
    """The value as it was, if it is short; else a prefix of its text (bytes decoded, bad bytes escaped)."""
    if isinstance(value, (bytes, bytearray)):
        value = bytes(value[:4 * ECHO_CHARACTERS]).decode("utf-8", errors="backslashreplace")
        return _prefix(value)
    if isinstance(value, str):
        return _prefix(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = to_json(value, inf_nan_mode="null", fallback=repr).decode()
    return value if len(text) <= ECHO_CHARACTERS else _prefix(text)


def _prefix(text: str) -> str:
    return text if len(text) <= ECHO_CHARACTERS else text[:ECHO_CHARACTERS] + "..."


def cut(text: str, limit: int = RECORD_CHARACTERS) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


class BoundedRecords(logging.Filter):
    """A filter that cuts each record's message and traceback to RECORD_CHARACTERS, and lets at
    most RECORDS_PER_MINUTE records of one kind (one message template) through in a minute: the
    rest are counted, and the next record let through says how many were left out."""

    def __init__(self) -> None:
        super().__init__()
        self.windows: dict[object, list[float | int]] = {}  # template -> [window start, records, left out]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.let_through(record):
            return False
        message = record.getMessage()
        if len(message) > RECORD_CHARACTERS:
            record.msg, record.args = cut(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = cut(record.exc_text)
        return True


    def let_through(self, record: logging.LogRecord) -> bool:
        kind = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        window = self.windows.setdefault(kind, [record.created, 0, 0])
        if record.created - window[0] >= 60:
            window[0], window[1] = record.created, 0
        window[1] += 1
        if window[1] > RECORDS_PER_MINUTE:
            window[2] += 1
            return False
        if window[2]:
            record.msg = f"{record.msg} ({window[2]} records like this one left out in the last minute)"
            window[2] = 0
        if len(self.windows) > 1_000:  # templates are few; messages formatted in advance are not
            self.windows.clear()
        return True


# The loggers a request can reach: ours, uvicorn's (errors, access) and asyncio's (the accept loop).
LOGGERS = ("chainrule", "uvicorn.error", "uvicorn.access", "asyncio")


def bound_log_records() -> None:
    """Install the filter on every logger a request can reach (once)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, BoundedRecords) for f in logger.filters):
            logger.addFilter(BoundedRecords())
