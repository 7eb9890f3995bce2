"""`/metrics`: the hub's figures for Prometheus, for the liaisons of the member that
operates the hub only (they count what members may not see: service/sync.py).

One `HubMetrics` per server process holds a registry of its own (no module globals):
counters the process increments as it answers (HTTP requests and their latency by route
and status) and a collector that reads, at each scrape, what the services counted
(objects shared by outcome and reason), what lives in the database (replication per
peer, the fusion backlog) and the process (connection pool, background work, build).
Names and example alerts: docs/operations.md.

With `workers` > 1 each worker counts its own requests and shares: a scrape sees the
worker that answered it. The database-derived families are the same from any worker.
"""

from __future__ import annotations

import gc
import platform
from collections.abc import Awaitable, Callable, Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from allyhub import __version__
from allyhub.composition import Services
from allyhub.credentials import client_address, credentials

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class _HubCollector(Collector):
    """Families read at scrape time from the services and the process."""

    def __init__(self, services: Services, background: Callable[[], dict[str, bool]]) -> None:
        self._services = services
        self._background = background

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily | InfoMetricFamily]:
        services = self._services
        build = InfoMetricFamily("allyhub_build", "The allyhub release and Python running it.")
        build.add_metric(
            [],
            {
                "version": __version__,
                "python": platform.python_version(),
                "hub": services.settings.hub,
                "database": services.engine.dialect.name,
            },
        )
        yield build
        shared = CounterMetricFamily(
            "allyhub_shared_objects",
            "Objects in shares, by outcome (accepted, duplicate, refused) and the reason a "
            "refused one was refused (invalid, policy, references, wrong_path).",
            labels=["outcome", "reason"],
        )
        for (outcome, reason), count in sorted(services.share_counts.snapshot().items()):
            shared.add_metric([outcome, reason], count)
        yield shared
        yield from self._replication()
        yield from self._fusion()
        yield from self._pool()
        alive = GaugeMetricFamily(
            "allyhub_background_alive",
            "1 while a background worker of this process runs (sync per peer, fusion).",
            labels=["worker"],
        )
        for worker, running in sorted(self._background().items()):
            alive.add_metric([worker], 1.0 if running else 0.0)
        yield alive
        frozen = GaugeMetricFamily(
            "allyhub_gc_frozen_objects",
            "Objects this process took out of Python's cycle collector once it was up "
            "(allyhub/heap.py); 0 where allyhub is embedded rather than served.",
        )
        frozen.add_metric([], float(gc.get_freeze_count()))
        yield frozen

    def _replication(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        replication = self._services.replication
        cursors = replication.cursors()
        aliases = replication.collection_aliases()
        labels = ["peer", "collection"]
        pulled = CounterMetricFamily(
            "allyhub_replication_pulled", "Versions received from a peer.", labels=labels
        )
        lag = GaugeMetricFamily(
            "allyhub_replication_lag_seconds",
            "Origin share to arrival here, for the newest page pulled.",
            labels=labels,
        )
        failing = GaugeMetricFamily(
            "allyhub_replication_failing", "1 when the last pull from a peer failed.", labels=labels
        )
        refused = CounterMetricFamily(
            "allyhub_replication_refused",
            "Versions a peer or feed sent that this hub refused.",
            labels=labels,
        )
        held = GaugeMetricFamily(
            "allyhub_replication_quarantined",
            "Refused versions held with their reasons until `allyhub sync retry` admits them.",
            labels=labels,
        )
        quarantined = replication.quarantine_counts()
        for c in cursors:
            key = [c.peer, aliases.get(c.collection, c.collection)]
            pulled.add_metric(key, c.pulled)
            refused.add_metric(key, c.refused)
            held.add_metric(key, quarantined.get((c.peer, c.collection), 0))
            failing.add_metric(key, 1.0 if c.last_error else 0.0)
            if c.lag is not None:
                lag.add_metric(key, c.lag / 1e6)
        served = CounterMetricFamily(
            "allyhub_replication_served", "Versions served to a peer.", labels=["peer"]
        )
        for peer, (count, _last) in sorted(replication.served().items()):
            served.add_metric([peer], count)
        yield from (pulled, lag, failing, refused, held, served)

    def _fusion(self) -> Iterator[GaugeMetricFamily]:
        count, waited = self._services.fusion.backlog()
        backlog = GaugeMetricFamily(
            "allyhub_fusion_backlog", "Versions stored but not yet fused (names, links, values)."
        )
        backlog.add_metric([], count)
        lag = GaugeMetricFamily(
            "allyhub_fusion_lag_seconds",
            "How long the oldest version not yet fused has waited (0 when caught up).",
        )
        lag.add_metric([], (waited or 0) / 1e6)
        yield from (backlog, lag)

    def _pool(self) -> Iterator[GaugeMetricFamily]:
        pool = self._services.engine.pool
        figures = {
            "size": getattr(pool, "size", None),
            "checked_out": getattr(pool, "checkedout", None),
            "overflow": getattr(pool, "overflow", None),
        }
        gauge = GaugeMetricFamily(
            "allyhub_db_pool_connections",
            "The database connection pool of this process: its size, connections in use, "
            "and overflow beyond the size.",
            labels=["state"],
        )
        for state, read in figures.items():
            if callable(read):
                gauge.add_metric([state], float(read()))
        yield gauge


class HubMetrics:
    """The Prometheus registry of one server process, and what feeds it."""

    def __init__(
        self, services: Services, background: Callable[[], dict[str, bool]] = dict
    ) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "allyhub_http_requests",
            "HTTP requests answered, by method, route (the path template) and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "allyhub_http_request_duration_seconds",
            "Time from a request's arrival to the end of its response, by method and route.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self.registry.register(_HubCollector(services, background))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """One answered HTTP request (called by the access log)."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


def metrics_endpoint(
    services: Services, metrics: HubMetrics
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        """Prometheus text format (docs/operations.md lists the families)."""
        user, key = credentials(request)
        address = client_address(request)

        def render() -> bytes:
            principal = services.keys.authenticate(key, user, address)
            services.sync.require_operator(principal)
            return metrics.render()

        body = await run_in_threadpool(render)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return endpoint
