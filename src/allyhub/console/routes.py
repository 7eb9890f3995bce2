"""The console's URL map: pages at `/`, login at `/login`, live updates at `/events`,
its own static files at `/static/` (no CDN: everything ships with the package)."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from allyhub.composition import Services, hub_secret
from allyhub.console.acts import Acts
from allyhub.console.drawing import Drawing
from allyhub.console.events import Events
from allyhub.console.lists import Lists
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
    lists, acts, drawing = Lists(p), Acts(p), Drawing(p)
    misp = MispUpload(p)
    find = SearchPages(services, p)
    return [
        Route("/", lists.dashboard, methods=["GET"]),
        Route("/login", p.login_form, methods=["GET"]),
        Route("/login", p.login, methods=["POST"]),
        Route("/logout", p.logout, methods=["POST"]),
        Route("/feed", lists.feed, methods=["GET"]),
        Route("/feed/export.{kind}", lists.export, methods=["GET"]),
        Route("/objects/{stix_id}", p.object, methods=["GET"]),
        Route("/objects/{stix_id}/respond", acts.respond_form, methods=["GET"]),
        Route("/objects/{stix_id}/respond", acts.respond, methods=["POST"]),
        Route("/objects/{stix_id}/labels", acts.labels, methods=["POST"]),
        Route("/graph", drawing.graph, methods=["GET"]),
        Route("/graph/neighbours", drawing.neighbours, methods=["GET"]),
        Route("/timeline", drawing.timeline, methods=["GET"]),
        Route("/governance", p.governance, methods=["GET"]),
        Route("/governance/vote", p.vote, methods=["POST"]),
        Route("/governance/respond", p.respond, methods=["POST"]),
        Route("/governance/propose", p.propose, methods=["POST"]),
        Route("/governance/deny", p.deny, methods=["POST"]),
        Route("/hubs", p.hubs, methods=["GET"]),
        Route("/audit", lists.audit, methods=["GET"]),
        Route("/keys", acts.keys, methods=["GET"]),
        Route("/keys/issue", acts.issue_key, methods=["POST"]),
        Route("/keys/revoke", acts.revoke_key, methods=["POST"]),
        Route("/share", p.share_form, methods=["GET"]),
        Route("/share/draft", p.share_draft, methods=["POST"]),
        Route("/share/bundle", p.share_bundle, methods=["POST"]),
        Route("/share/status/{status_id}", p.share_status, methods=["GET"]),
        Route("/share/misp", misp.form, methods=["GET"]),
        Route("/share/misp", misp.upload, methods=["POST"]),
        Route("/events", events.stream, methods=["GET"]),
        Route("/rfis", p.rfis, methods=["GET"]),
        Route("/rfis/ask", acts.ask_form, methods=["GET"]),
        Route("/rfis/ask", acts.ask, methods=["POST"]),
        Route("/rfis/{rfi_id}", acts.rfi, methods=["GET"]),
        Route("/rfis/{rfi_id}", acts.rfi_act, methods=["POST"]),
        Route("/entities", p.entities, methods=["GET"]),
        Route("/entities/decide", p.decide, methods=["POST"]),
        Route("/entities/{entity_id}", p.entity, methods=["GET"]),
        Route("/search", find.search, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
