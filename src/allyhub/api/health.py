"""`/healthz` and `/readyz`: for load balancers, orchestrators and the container's
healthcheck. Neither needs a key, and neither says anything about the data.

- `/healthz`: the process answers HTTP (200, always, while it can).
- `/readyz`: the hub can do its work: the database answers, its schema is at the
  revision this code expects, and the background workers this process runs (the sync
  loop per peer and feed, the fusion process) are alive. 200 when all hold, else 503;
  the body names each check and says `ok` or what is wrong, without detail (no revision
  ids, no peer names, no error text: the log has those).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from allyhub.composition import Services, schema_state

log = logging.getLogger("allyhub.health")


def readiness(services: Services, background: Callable[[], dict[str, bool]]) -> dict[str, str]:
    """Each check's verdict: `ok`, or a word on what is wrong."""
    checks = {"database": "ok", "schema": "ok"}
    try:
        state = schema_state(services.engine)
    except Exception as exc:  # any failure to reach the database means not ready
        log.warning("readiness: the database does not answer: %s", exc)
        checks["database"] = "unreachable"
        checks["schema"] = "unknown"
    else:
        if state != "current":
            checks["schema"] = state
    workers = background()
    if workers:
        stopped = sum(1 for alive in workers.values() if not alive)
        checks["background"] = "ok" if not stopped else f"{stopped} of {len(workers)} stopped"
    return checks


def health_routes(services: Services, background: Callable[[], dict[str, bool]]) -> list[BaseRoute]:
    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "alive"})

    async def readyz(_request: Request) -> JSONResponse:
        checks = await run_in_threadpool(readiness, services, background)
        ready = all(v == "ok" for v in checks.values())
        body = {"status": "ready" if ready else "not ready", "checks": checks}
        return JSONResponse(body, status_code=200 if ready else 503)

    return [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/readyz", readyz, methods=["GET", "HEAD"]),
    ]
