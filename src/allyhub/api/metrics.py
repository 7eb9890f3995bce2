"""`/metrics`: replication figures for Prometheus, for whom may see them (service/sync.py:
the operating member's liaisons, and peer hubs for their own link; 403 otherwise)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from allyhub.app import Services
from allyhub.credentials import client_address, credentials
from allyhub.service.sync import SyncFigures


def replication_metrics(figures: SyncFigures) -> str:
    """Replication figures in the Prometheus text exposition format."""
    lines = [
        "# HELP allyhub_replication_pulled_total Versions received from a peer.",
        "# TYPE allyhub_replication_pulled_total counter",
    ]
    for f in figures.pulls:
        labels = f'peer="{f.cursor.peer}",collection="{f.collection}"'
        lines.append(f"allyhub_replication_pulled_total{{{labels}}} {f.cursor.pulled}")
    lines += [
        "# HELP allyhub_replication_lag_seconds Origin share to arrival, newest page.",
        "# TYPE allyhub_replication_lag_seconds gauge",
    ]
    for f in figures.pulls:
        if f.cursor.lag is not None:
            labels = f'peer="{f.cursor.peer}",collection="{f.collection}"'
            lines.append(f"allyhub_replication_lag_seconds{{{labels}}} {f.cursor.lag / 1e6:.6f}")
    lines += [
        "# HELP allyhub_replication_failing 1 when the last pull from a peer failed.",
        "# TYPE allyhub_replication_failing gauge",
    ]
    for f in figures.pulls:
        labels = f'peer="{f.cursor.peer}",collection="{f.collection}"'
        lines.append(f"allyhub_replication_failing{{{labels}}} {1 if f.cursor.last_error else 0}")
    lines += [
        "# HELP allyhub_replication_served_total Versions served to a peer.",
        "# TYPE allyhub_replication_served_total counter",
    ]
    for peer, (served, _last) in sorted(figures.served.items()):
        lines.append(f'allyhub_replication_served_total{{peer="{peer}"}} {served}')
    return "\n".join(lines) + "\n"


def metrics_endpoint(services: Services) -> Callable[[Request], Awaitable[PlainTextResponse]]:
    async def metrics(request: Request) -> PlainTextResponse:
        """Prometheus text format: replication per peer and collection."""
        user, key = credentials(request)
        address = client_address(request)

        def figures() -> SyncFigures:
            return services.sync.figures(services.keys.authenticate(key, user, address))

        return PlainTextResponse(replication_metrics(await run_in_threadpool(figures)))

    return metrics
