"""Logging for a hub process: timestamped plain text or JSON lines, set up once.

`configure(level, fmt)` is called by `allyhub serve` and by the fusion process with the
hub's settings (`log_level`, `log_format`). Every record carries a UTC timestamp, its
level and logger; the access log (`allyhub.access`, one line per request at INFO, written
by `allyhub.access.AccessLog`) adds the request id, principal, method, route, status
and duration as fields. The HTTP client's own per-request lines (httpx, at INFO) are held
at WARNING: an idle sync loop polls each peer every second and would say so each time.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import orjson

FIELDS = ("request_id", "principal", "method", "route", "path", "status", "duration_ms")
"""Extra fields a record may carry (the access log's), in the order text output shows them."""

_QUIET = ("httpx", "httpcore", "uvicorn.access", "multipart")


def _timestamp(record: logging.LogRecord) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{seconds}.{int(record.msecs):03d}Z"


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, the access fields present, and the
    exception text when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """`2026-12-01T10:00:00.123Z INFO allyhub.access: GET /taxii2/ 200 (request_id=...)`."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_timestamp(record)} {record.levelname} {record.name}: {record.getMessage()}"
        extras = [
            f"{name}={value}"
            for name in FIELDS
            if (value := getattr(record, name, None)) is not None and name not in ("method",)
        ]
        if extras and record.name == "allyhub.access":
            line += f" ({' '.join(extras)})"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure(level: str, fmt: str) -> None:
    """Send every log record to standard error in the chosen format, at the chosen level."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    for name in _QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
