"""The console's upload of MISP files: a page of its own at `/share/misp`.

A member's analyst uploads MISP events as MISP exports them (one event, a list, a REST
search), as PyMISP writes them, or a feed's event file; each event is shared whole
through the same service as `POST /api/misp/events` and `allyhub import misp` (MISP's
inheritance and sharing groups applied, misp-stix converting), and the page lists each
event with what was accepted and what was refused, and why, with a link to its status.
The plumbing (session, CSRF, errors as pages) is the share page's (pages.py).
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from allyhub import errors
from allyhub.console.pages import Page, Pages
from allyhub.misp import read_events
from allyhub.service import Principal


class MispUpload:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.services = pages.services

    def _page(self, principal: Principal, **extra: Any) -> Page:
        views = self.services.reading.collections(principal)
        return Page(
            "misp_upload.html",
            {
                "writable": [v.collection for v in views if v.can_write and v.can_read],
                "max_bytes": self.services.settings.max_content_length,
                "problem": "",
                "results": None,
                "collection": "joint",
                **extra,
            },
        )

    async def form(self, request: Request) -> Response:
        return await self.pages._run(request, "share", lambda p, _s: self._page(p))

    async def upload(self, request: Request) -> Response:
        limit = self.services.settings.max_content_length
        session, form = await self.pages._form(request)
        if session is None:
            return self.pages._to_login(request)
        if form is None:
            return await self.pages._stale(request, session, "share")
        upload = form.get("events")
        body = await upload.read(limit + 1) if isinstance(upload, UploadFile) else b""
        chosen = form.get("collection")
        collection = chosen.strip() if isinstance(chosen, str) and chosen.strip() else "joint"
        await form.close()

        def work(principal: Principal, _session: object) -> Page:
            if len(body) > limit:
                raise errors.TooLarge(f"the file is larger than {limit} bytes", limit)
            if not body:
                return self._page(principal, problem="Choose a MISP file.")
            try:
                document = orjson.loads(body)
            except orjson.JSONDecodeError as exc:
                return self._page(principal, problem=f"The file is not JSON: {exc}")
            try:
                done = self.services.misp.import_events(principal, collection, document)
            except errors.InvalidRequest as exc:
                return self._page(principal, problem=str(exc))
            info = _infos(document)
            results = [
                {"uuid": uuid, "info": info.get(uuid, ""), "status": status}
                for uuid, status in done
            ]
            return self._page(principal, results=results, collection=collection)

        return await self.pages._run(request, "share", work)


def _infos(document: Any) -> dict[str, str]:
    """Each event's title by UUID, to name it in the results."""
    return {str(e.get("uuid", "")): str(e.get("info", ""))[:200] for e in read_events(document)}
