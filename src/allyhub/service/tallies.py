"""Counts kept by a server process for its metrics (no Prometheus here: api/metrics.py
reads them at each scrape)."""

from __future__ import annotations

import threading


class ShareCounts:
    """Objects by what shares did with them, in this process: a ShareTally.

    The write path calls it once per outcome and reason after each share commits."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], int] = {}

    def __call__(self, outcome: str, reason: str, count: int) -> None:
        if count:
            with self._lock:
                key = (outcome, reason)
                self._counts[key] = self._counts.get(key, 0) + count

    def snapshot(self) -> dict[tuple[str, str], int]:
        with self._lock:
            return dict(self._counts)
