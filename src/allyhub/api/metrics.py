"""`/metrics`: replication figures for Prometheus (authenticated like every read)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from allyhub.app import Services
from allyhub.credentials import client_address, credentials


def replication_metrics(services: Services) -> str:
    """Replication figures in the Prometheus text exposition format."""
    lines = [
        "# HELP allyhub_replication_pulled_total Versions received from a peer.",
        "# TYPE allyhub_replication_pulled_total counter",
    ]
    cursors = services.replication.cursors()
    aliases = {c.id: c.alias for c in services.replication.pulled_collections()}
    for c in cursors:
        labels = f'peer="{c.peer}",collection="{aliases.get(c.collection, c.collection)}"'
        lines.append(f"allyhub_replication_pulled_total{{{labels}}} {c.pulled}")
    lines += [
        "# HELP allyhub_replication_lag_seconds Origin share to arrival, newest page.",
        "# TYPE allyhub_replication_lag_seconds gauge",
    ]
    for c in cursors:
        if c.lag is not None:
            labels = f'peer="{c.peer}",collection="{aliases.get(c.collection, c.collection)}"'
            lines.append(f"allyhub_replication_lag_seconds{{{labels}}} {c.lag / 1e6:.6f}")
    lines += [
        "# HELP allyhub_replication_failing 1 when the last pull from a peer failed.",
        "# TYPE allyhub_replication_failing gauge",
    ]
    for c in cursors:
        labels = f'peer="{c.peer}",collection="{aliases.get(c.collection, c.collection)}"'
        lines.append(f"allyhub_replication_failing{{{labels}}} {1 if c.last_error else 0}")
    lines += [
        "# HELP allyhub_replication_served_total Versions served to a peer.",
        "# TYPE allyhub_replication_served_total counter",
    ]
    for peer, (served, _last) in sorted(services.replication.served().items()):
        lines.append(f'allyhub_replication_served_total{{peer="{peer}"}} {served}')
    return "\n".join(lines) + "\n"


def metrics_endpoint(services: Services) -> Callable[[Request], Awaitable[PlainTextResponse]]:
    async def metrics(request: Request) -> PlainTextResponse:
        """Prometheus text format: replication per peer and collection."""
        user, key = credentials(request)
        await run_in_threadpool(services.keys.authenticate, key, user, client_address(request))
        return PlainTextResponse(await run_in_threadpool(replication_metrics, services))

    return metrics
