"""The console's search page, `/search`: one box (in every page's header) over names in
any script, observable values, ids and words; results grouped by type, each with its
TLP and the member who shared it (service/search.py does the matching and the policy).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from allyhub import errors
from allyhub.app import Services
from allyhub.console.pages import Page, Pages
from allyhub.console.sessions import Session
from allyhub.service import Principal


class SearchPages:
    def __init__(self, services: Services, pages: Pages) -> None:
        self.services = services
        self.pages = pages

    async def search(self, request: Request) -> Response:
        params = request.query_params
        query, kind = params.get("q", "").strip(), params.get("type", "").strip()

        def work(principal: Principal, _session: Session) -> Page:
            context: dict[str, object] = {"q": query, "kind": kind, "result": None, "problem": ""}
            if not query:
                return Page("search.html", context)
            try:
                context["result"] = self.services.search.search(principal, query, kind=kind)
            except errors.InvalidRequest as exc:
                context["problem"] = str(exc)
                return Page("search.html", context, 400)
            return Page("search.html", context)

        return await self.pages.run(request, "search", work)
