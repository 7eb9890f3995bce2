"""`/-/settings.json`: the hub's effective settings, secrets masked, for its operator.

Only a liaison of the member that operates this hub (the charter's `operator`) may read
them; anyone else with a valid key gets 403, and no key gets 401.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from allyhub.charter import Role
from allyhub.composition import Services
from allyhub.credentials import credentials
from allyhub.errors import NotPermitted
from allyhub.settings import public_settings


def settings_endpoint(services: Services) -> Callable[[Request], Awaitable[JSONResponse]]:
    def read(user: str | None, key: str) -> dict[str, object]:
        principal = services.keys.authenticate(key, user)
        operator = services.coalition.hub.operator
        if principal.member != operator or principal.role is not Role.LIAISON:
            raise NotPermitted(f"the settings are for the hub's operator ({operator}'s liaisons)")
        return public_settings(services.settings)

    async def endpoint(request: Request) -> JSONResponse:
        user, key = credentials(request)
        return JSONResponse(await run_in_threadpool(read, user, key))

    return endpoint
