"""What the noninterference test needs beside its properties: a hub clock the test sets,
the comparison of two hubs' responses (what must differ is renamed, all else is kept),
and the list of the app's routes.

Normalizing is kept small on purpose, and each rule says why the difference it removes
is not information about hidden objects:

- ids the hub makes at random (uuid4: governance records, RFIs, statuses, error ids,
  request ids, fused entities) are renamed by their order of first appearance in what
  the principal received from that hub: the same renaming on both hubs, so an id that
  appears on one and not the other, or in another order, still shows;
- sealed tokens (TAXII `next`, the console's `before` and live-update marks) are random
  by construction (AES-GCM with a fresh nonce): each becomes `<token>`, and the test
  follows them on each hub instead of comparing them;
- `Date` and `Server` headers, and the console's session cookie and CSRF tokens (random
  per request), and `Content-Length` (it follows the body, which is compared whole).

Hub times are not normalized: both hubs run on a clock the test sets, to the same value
for the same step of the history on both, so every time a principal may see is equal.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from starlette.routing import BaseRoute, Mount, Route

from allyhub.timestamps import parse_timestamp

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TOKEN = re.compile(r"(?<![A-Za-z0-9_-])A[A-Za-z0-9_-]{49}(?![A-Za-z0-9_-])")
KEY_ID = re.compile(r"(?<![0-9a-f-])[0-9a-f]{12}(?![0-9a-f-])")
AUDIT_CHAIN = re.compile(r'("seq":)\d+(,.*?"hash":")[0-9a-f]+(","signature":")[^"]*')
AUDIT_ROW = re.compile(r"(<tr><td>[a-z]+</td><td>)\d+(</td>)")
AUDIT_CELL = re.compile(r'(<td data-label="Hub, entry">[a-z]+ #)\d+(</td>)')
CSRF = re.compile(r'(name="(?:token|csrf)" value=")[^"]*(")')
DROPPED_HEADERS = frozenset({"date", "server", "content-length"})


class HubClock:
    """The hub's one source of time, set by the test: step `n` of the history (or of the
    principal's requests) runs at the same time on both hubs, whatever the other hub
    did in between. Calls within a step get the same time (commit dates still advance,
    by the hub's own rule)."""

    BASE = parse_timestamp("2026-01-01T00:00:00Z")

    def __init__(self) -> None:
        self._now = self.BASE
        self._lock = threading.Lock()

    def at(self, step: int) -> None:
        with self._lock:
            self._now = self.BASE + step * 1_000_000

    def __call__(self) -> int:
        with self._lock:
            return self._now


@dataclass
class Renamer:
    """Random ids one hub made, renamed by order of first appearance (per hub)."""

    known: frozenset[str]
    names: dict[str, str] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)

    def text(self, text: str) -> str:
        text = CSRF.sub(r"\1<csrf>\2", text)
        # An audit entry's place in the hub's signed chain (its number, the hash that
        # chains it to the one before, the signature over both) counts every act the hub
        # recorded before it: not guaranteed (docs/security.md), so not compared.
        text = AUDIT_CHAIN.sub(r"\1<seq>\2<hash>\3<signature>", text)
        text = AUDIT_ROW.sub(r"\1<seq>\2", text)
        text = AUDIT_CELL.sub(r"\1<seq>\2", text)  # the console's audit page, in words
        # key ids are random
        text = KEY_ID.sub(
            lambda m: self.names.setdefault(m.group(0), f"<key{len(self.names)}>"), text
        )

        def token(found: re.Match[str]) -> str:
            self.tokens.append(found.group(0))
            return "<token>"

        text = TOKEN.sub(token, text)

        def rename(found: re.Match[str]) -> str:
            value = found.group(0)
            if value in self.known or any(k.endswith(value) for k in self.known):
                return value
            return self.names.setdefault(value, f"<id{len(self.names)}>")

        return UUID.sub(rename, text)


@dataclass(frozen=True)
class Seen:
    """One response as compared: the request, status, headers and body (normalized)."""

    request: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: str


def seen(request: str, response: httpx.Response, renamer: Renamer, body: str | None = None) -> Seen:
    headers = []
    for name, value in response.headers.multi_items():
        lowered = name.lower()
        if lowered in DROPPED_HEADERS:
            continue
        if lowered == "set-cookie":
            value = re.sub(r"=[^;]*", "=<cookie>", value, count=1)
            value = re.sub(r"(?i)expires=[^;]*", "expires=<date>", value)  # the real clock
        headers.append((lowered, renamer.text(value)))
    text = response.text if body is None else body
    return Seen(
        renamer.text(request), response.status_code, tuple(sorted(headers)), renamer.text(text)
    )


def first_difference(a: list[Seen], b: list[Seen]) -> str | None:
    """Where two hubs' answers first differ, said so a failure can be read."""
    for one, two in zip(a, b, strict=True):
        if one == two:
            continue
        if os.environ.get("ALLYHUB_NI_DUMP"):  # both bodies whole, to read a failure
            Path(os.environ["ALLYHUB_NI_DUMP"] + ".whole").write_text(one.body)
            Path(os.environ["ALLYHUB_NI_DUMP"] + ".visible").write_text(two.body)
        lines = [f"request {one.request}"]
        if one.status != two.status:
            lines.append(f"status {one.status} (whole) vs {two.status} (visible)")
        if one.headers != two.headers:
            lines.append(f"headers {one.headers} vs {two.headers}")
        if one.body != two.body:
            at = next(
                (i for i, (x, y) in enumerate(zip(one.body, two.body, strict=False)) if x != y),
                min(len(one.body), len(two.body)),
            )
            lines.append(f"whole:   ...{one.body[max(0, at - 300) : at + 300]}")
            lines.append(f"visible: ...{two.body[max(0, at - 300) : at + 300]}")
        return "\n".join(lines)
    return None


def routes(app: Any) -> Iterator[tuple[str, str]]:
    """(method, path template) of every route the app serves, mounted and included ones
    too (FastAPI's included routers are walked through their original router)."""

    def walk(found: Iterable[BaseRoute], prefix: str) -> Iterator[tuple[str, str]]:
        for route in found:
            if isinstance(route, Mount):
                if isinstance(route.app, FastAPI):
                    yield from walk(route.app.router.routes, prefix + route.path)
                elif route.routes:
                    yield from walk(route.routes, prefix + route.path)
                else:  # an app of files (the console's /static)
                    yield ("GET", prefix + route.path + "/{path}")
            elif isinstance(route, Route) or hasattr(route, "methods"):
                for method in sorted(getattr(route, "methods", None) or {"GET"}):
                    if method != "HEAD":
                        yield (method, prefix + str(getattr(route, "path", "")))
            elif hasattr(route, "original_router"):  # FastAPI's included router
                yield from walk(route.original_router.routes, prefix)

    yield from walk(app.routes, "")
