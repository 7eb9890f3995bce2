"""The console's URL map: pages at `/`, login at `/login`, live updates at `/events`,
its own static files at `/static/` (no CDN: everything ships with the package)."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from allyhub.composition import Services, hub_secret
from allyhub.console.events import Events
from allyhub.console.marks import Marks
from allyhub.console.misp import MispUpload
from allyhub.console.pages import Pages
from allyhub.console.search import SearchPages
from allyhub.console.sessions import Sessions
from allyhub.service import Cursors

STATIC = Path(__file__).parent / "static"


def routes(services: Services) -> list[BaseRoute]:
    secret = hub_secret(services.settings)
    sessions, marks = Sessions(secret), Marks(Cursors(secret))
    p = Pages(services, sessions, marks, secure=bool(services.settings.tls_cert))
    events = Events(services, sessions, marks)
    misp = MispUpload(p)
    find = SearchPages(services, p)
    return [
        Route("/", p.dashboard, methods=["GET"]),
        Route("/login", p.login_form, methods=["GET"]),
        Route("/login", p.login, methods=["POST"]),
        Route("/logout", p.logout, methods=["POST"]),
        Route("/feed", p.feed, methods=["GET"]),
        Route("/objects/{stix_id}", p.object, methods=["GET"]),
        Route("/graph", p.graph, methods=["GET"]),
        Route("/timeline", p.timeline, methods=["GET"]),
        Route("/governance", p.governance, methods=["GET"]),
        Route("/governance/vote", p.vote, methods=["POST"]),
        Route("/governance/respond", p.respond, methods=["POST"]),
        Route("/governance/propose", p.propose, methods=["POST"]),
        Route("/governance/deny", p.deny, methods=["POST"]),
        Route("/hubs", p.hubs, methods=["GET"]),
        Route("/audit", p.audit, methods=["GET"]),
        Route("/share", p.share_form, methods=["GET"]),
        Route("/share/draft", p.share_draft, methods=["POST"]),
        Route("/share/bundle", p.share_bundle, methods=["POST"]),
        Route("/share/status/{status_id}", p.share_status, methods=["GET"]),
        Route("/share/misp", misp.form, methods=["GET"]),
        Route("/share/misp", misp.upload, methods=["POST"]),
        Route("/events", events.stream, methods=["GET"]),
        Route("/rfis", p.rfis, methods=["GET"]),
        Route("/entities", p.entities, methods=["GET"]),
        Route("/entities/decide", p.decide, methods=["POST"]),
        Route("/entities/{entity_id}", p.entity, methods=["GET"]),
        Route("/search", find.search, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
