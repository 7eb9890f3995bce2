"""The benchmark's TAXII client: post envelopes on N connections, and time page reads.

Bodies are serialized before they are timed (they come from the stream file), so the
client spends its time on sockets; with the client pinned to the other core, what is
measured is the server.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson

from bench.harness import TAXII, latency_summary


@dataclass
class Posted:
    """One envelope's round trip."""

    done: float  # perf_counter when the response arrived
    seconds: float
    objects: int
    successes: int
    failures: int
    status: int


@dataclass
class IngestLog:
    started: float = field(default_factory=time.perf_counter)
    posted: list[Posted] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def post_all(
    url: str,
    headers: Callable[[str], dict[str, str]],
    bodies: Iterator[tuple[str, bytes]],
    count: int,
    connections: int,
    log: IngestLog,
    on_done: Callable[[int], None] | None = None,
    timeout: float = 600.0,
) -> None:
    """POST `count` envelopes from `bodies` over `connections` concurrent connections."""
    lock = threading.Lock()
    remaining = [count]

    def take() -> tuple[str, bytes] | None:
        with lock:
            if remaining[0] <= 0:
                return None
            remaining[0] -= 1
            return next(bodies, None)

    def worker() -> None:
        with httpx.Client(timeout=timeout, headers={"Accept": TAXII}) as client:
            while (item := take()) is not None:
                member, body = item
                request_headers = {**headers(member), "Content-Type": TAXII}
                started = time.perf_counter()
                try:
                    response = client.post(url, content=body, headers=request_headers)
                except httpx.HTTPError as exc:
                    with lock:
                        log.errors.append(f"{type(exc).__name__}: {exc}")
                    continue
                done = time.perf_counter()
                successes = failures = 0
                objects = body.count(b'"spec_version"')
                if response.status_code == 202:
                    status = orjson.loads(response.content)
                    successes = int(status.get("success_count", 0))
                    failures = int(status.get("failure_count", 0))
                    objects = int(status.get("total_count", objects))
                    if failures and len(log.errors) < 20:
                        first = status.get("failures", [{}])[0]
                        log.errors.append(f"{failures} failures, e.g. {first}")
                else:
                    with lock:
                        log.errors.append(f"HTTP {response.status_code}: {response.text[:300]}")
                with lock:
                    log.posted.append(
                        Posted(
                            done,
                            done - started,
                            objects,
                            successes,
                            failures,
                            response.status_code,
                        )
                    )
                if on_done is not None:
                    on_done(objects)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def segment_rates(
    log: IngestLog, marks: list[int], first_window: int = 10_000
) -> list[dict[str, Any]]:
    """Objects/s for each segment between checkpoints, and over the last `first_window`
    objects before each checkpoint (the local rate at that store size)."""
    posted = sorted(log.posted, key=lambda p: p.done)
    out: list[dict[str, Any]] = []
    cumulative = 0
    times: list[tuple[int, float]] = [(0, log.started)]
    for item in posted:
        cumulative += item.objects
        times.append((cumulative, item.done))

    def time_at(objects: int) -> float:
        for count, moment in times:
            if count >= objects:
                return moment
        return times[-1][1]

    previous = 0
    for mark in marks:
        if mark > cumulative:
            break
        seconds = time_at(mark) - time_at(previous)
        window_start = max(0, mark - first_window)
        window = time_at(mark) - time_at(window_start)
        out.append(
            {
                "stored": mark,
                "segment": [previous, mark],
                "segment_objects_per_s": round((mark - previous) / seconds) if seconds else None,
                "window_objects": mark - window_start,
                "window_objects_per_s": round((mark - window_start) / window) if window else None,
            }
        )
        previous = mark
    return out


def window_series(log: IngestLog, window: int) -> list[list[float]]:
    """[stored objects at window end, objects/s in that window] across the whole ingest."""
    posted = sorted(log.posted, key=lambda p: p.done)
    series: list[list[float]] = []
    count, start, start_count = 0, log.started, 0
    for item in posted:
        count += item.objects
        if count - start_count >= window:
            rate = (count - start_count) / (item.done - start) if item.done > start else 0.0
            series.append([count, round(rate)])
            start, start_count = item.done, count
    return series


# -- reads -------------------------------------------------------------------------------


@dataclass
class Timed:
    seconds: float
    objects: int
    more: bool
    next: str | None
    status: int


def get_page(client: httpx.Client, url: str, params: dict[str, str]) -> Timed:
    started = time.perf_counter()
    response = client.get(url, params=params)
    body = response.content
    seconds = time.perf_counter() - started
    objects, more, token = 0, False, None
    if response.status_code == 200:
        envelope = orjson.loads(body)
        objects = len(envelope.get("objects", ()))
        more = bool(envelope.get("more"))
        token = envelope.get("next")
    return Timed(seconds, objects, more, token, response.status_code)


@dataclass(frozen=True)
class ReadPlan:
    """What to ask for: the filter kinds, with what the stream knows to draw values from."""

    ids: list[str]
    types: list[str]
    first_added: float  # µs since the epoch, the hub's clock, around the first share
    last_added: float
    requests: int
    ids_per_request: int = 1_000


KINDS = (
    "plain",
    "added_after",
    "next",
    "match[type]",
    "match[id]",
    "match[version]=all",
    "match[version]=first",
)


def _stamp(micros: float) -> str:
    from allyhub.timestamps import format_timestamp

    return format_timestamp(int(micros))


def _params(kind: str, plan: ReadPlan, rng: random.Random) -> dict[str, str]:
    # Random points in the older 90% of the store, so that most pages can fill.
    after = plan.first_added + rng.random() * 0.9 * (plan.last_added - plan.first_added)
    if kind == "plain":
        return {}
    if kind in ("added_after", "next"):
        return {"added_after": _stamp(after)}
    if kind == "match[type]":
        return {"match[type]": rng.choice(plan.types), "added_after": _stamp(after)}
    if kind == "match[id]":
        ids = rng.sample(plan.ids, min(plan.ids_per_request, len(plan.ids)))
        return {"match[id]": ",".join(ids)}
    if kind.startswith("match[version]="):
        return {"match[version]": kind.split("=", 1)[1], "added_after": _stamp(after)}
    raise ValueError(kind)


def time_kind(
    client: httpx.Client,
    url: str,
    kind: str,
    plan: ReadPlan,
    rng: random.Random,
    deadline: float | None = None,
    stop_on_timeout: bool = True,
    server_cpu: Callable[[], float] | None = None,
) -> dict[str, Any]:
    """Time `plan.requests` pages of one filter kind; `next` follows cursors 4 deep.

    With `server_cpu` (the server's CPU seconds so far), also report the server's CPU time
    per page, which other load on the machine disturbs less than wall-clock latency."""
    cpu_before = server_cpu() if server_cpu is not None else 0.0
    latencies: list[float] = []
    sizes: list[int] = []
    errors: dict[str, int] = {}
    timed_out = False

    def record(page: Timed) -> None:
        if page.status == 200:
            latencies.append(page.seconds)
            sizes.append(page.objects)
        else:
            errors[str(page.status)] = errors.get(str(page.status), 0) + 1

    attempts = untimed = 0
    while len(latencies) + sum(errors.values()) < plan.requests and attempts < 3 * plan.requests:
        attempts += 1
        if deadline is not None and time.monotonic() > deadline:
            break
        try:
            if kind == "next":
                params = _params(kind, plan, rng)
                page = get_page(client, url, params)
                untimed += 1
                if page.status != 200:
                    record(page)
                for _ in range(4):
                    if not page.next:
                        break
                    # a token opens only with the filters it came from (docs/taxii.md)
                    page = get_page(client, url, {**params, "next": page.next})
                    record(page)
            else:
                record(get_page(client, url, _params(kind, plan, rng)))
        except httpx.TimeoutException:
            errors["timeout"] = errors.get("timeout", 0) + 1
            timed_out = True
            if stop_on_timeout:
                break
        except httpx.HTTPError as exc:  # the server went away: report it, stop this kind
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            break
    result: dict[str, Any] = {"kind": kind, "requests": len(latencies)}
    result.update(latency_summary(latencies))
    if server_cpu is not None and latencies:
        pages = len(latencies) + untimed  # a `next` chain's first page is not timed
        result["server_cpu_ms_per_page"] = round((server_cpu() - cpu_before) * 1000 / pages, 2)
    if sizes:
        result["mean_objects"] = round(sum(sizes) / len(sizes))
        result["full_pages"] = round(sum(1 for s in sizes if s >= 1000) / len(sizes), 3)
    if errors:
        result["errors"] = errors
    if timed_out:
        result["timed_out"] = True
    return result
