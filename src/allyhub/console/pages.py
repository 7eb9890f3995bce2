"""The console's handlers: find the session's principal, call the services, render.

Handlers hold no policy and no SQL. Every page and act runs in the thread pool in one hop:
the session's key is looked up again first (a revoked or expired key ends the session at
once), then the services are called with the principal, and the page is rendered. Errors
become pages here (the console's one error mapping, from http_status.py's table); an
ended session goes back to the login form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from allyhub import errors
from allyhub.charter import Tier
from allyhub.composition import Services
from allyhub.console import forms
from allyhub.console.marks import Marks
from allyhub.console.rendering import environment, html
from allyhub.console.sessions import COOKIE, LOGIN_COOKIE, Session, Sessions, same_token
from allyhub.credentials import client_address
from allyhub.http_status import status_of
from allyhub.policy import MotionKind, Standing
from allyhub.rfi import RFI
from allyhub.service import Action, Principal, reason
from allyhub.stix import CREDIBILITY, OPINIONS, RELIABILITY, SUBJECT_TYPES


@dataclass
class Page:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    status: int = 200


DONE = {
    "vote": "Your vote is recorded.",
    "respond": "Your answer is recorded.",
    "propose": "The motion is open for votes.",
    "deny": "Your later shares will skip that member.",
    "allow": "Your later shares include that member again.",
    "decide": "Your decision is recorded.",
}
"""Messages shown after an act, by code (never text taken from the request)."""


class Pages:
    def __init__(
        self, services: Services, sessions: Sessions, marks: Marks, *, secure: bool
    ) -> None:
        self.services = services
        self.sessions = sessions
        self.marks = marks
        self.secure = secure
        self.env = environment()

    # -- plumbing -----------------------------------------------------------------------

    def _cookie(
        self, request: Request, response: Response, name: str, value: str, max_age: int | None
    ) -> None:
        # Secure when this hub serves TLS, or when the request came over HTTPS to a trusted
        # proxy in front of it (the scheme then comes from X-Forwarded-Proto).
        secure = self.secure or request.url.scheme == "https"
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/",
            httponly=True,
            samesite="strict",
            secure=secure,
        )

    def _base(
        self, principal: Principal | None, session: Session | None, nav: str
    ) -> dict[str, Any]:
        hub = self.services.coalition.hub
        context: dict[str, Any] = {
            "me": principal,
            "csrf": session.csrf if session else "",
            "nav": nav,
            "hub": hub,
            "coalition": self.services.charter,
            "names": {},
            "member_name": "",
        }
        if principal is not None:
            try:
                members = self.services.governance.members(principal)
            except errors.NotPermitted:  # expelled, withdrawn or declined: sees nothing
                members = []
            names = {m.id: m.name for m in members}
            context.update(names=names, member_name=names.get(principal.member, principal.member))
        return context

    def _declined(self, principal: Principal) -> bool:
        """The member declined its invitation: every page says so, instead of a bare
        refusal."""
        member = self.services.coalition.state().member(principal.member)
        return member is not None and member.standing is Standing.DECLINED

    def _to_login(self, request: Request, ended: bool = False) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":
            target = "/"  # a form sent without a session is not sent again after login
        query = urlencode({"next": target, **({"ended": "1"} if ended else {})})
        response = RedirectResponse(f"/login?{query}", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    def _error(
        self,
        request: Request,
        exc: errors.AllyhubError,
        principal: Principal | None,
        session: Session | None,
        nav: str,
    ) -> Response:
        if isinstance(exc, errors.NotAuthenticated):
            return self._to_login(request, ended=True)
        status, title = status_of(exc)
        if principal is not None and self._declined(principal):
            declined = {**self._base(None, session, nav), "reason": str(exc)}
            return html(self.env, "declined.html", declined, 403)
        try:
            context = self._base(principal, session, nav)
        except errors.AllyhubError:
            context = self._base(None, session, nav)
        context.update(title=title, message=str(exc), status=status)
        return html(self.env, "error.html", context, status)

    async def _run(
        self, request: Request, nav: str, work: Callable[[Principal, Session], Response | Page]
    ) -> Response:
        session = self.sessions.read(request.cookies.get(COOKIE))
        if session is None:
            return self._to_login(request)

        def run() -> Response:
            principal: Principal | None = None
            try:
                principal = self.services.keys.principal_for(session.key_id, session.principal)
                result = work(principal, session)
                if isinstance(result, Response):
                    return result
                context = self._base(principal, session, nav)
                context.update(result.context)
                return html(self.env, result.template, context, result.status)
            except errors.AllyhubError as exc:
                return self._error(request, exc, principal, session, nav)

        return await run_in_threadpool(run)

    run = _run
    """For the console's other page modules (search.py): the same session, key check,
    error pages and rendering."""

    async def _form(self, request: Request) -> tuple[Session | None, FormData | None]:
        """The session and the form of a POST, when its CSRF token and origin hold."""
        session = self.sessions.read(request.cookies.get(COOKIE))
        if session is None:
            return None, None
        limit = self.services.settings.max_content_length
        form = await request.form(max_files=1, max_fields=200, max_part_size=limit)
        origin = request.headers.get("origin")
        expected = f"{request.url.scheme}://{request.url.netloc}"
        if not same_token(session, _text(form.get("csrf"))) or (origin and origin != expected):
            await form.close()
            return session, None
        return session, form

    async def _stale(self, request: Request, session: Session, nav: str) -> Response:
        refusal = errors.NotPermitted(
            "this form is stale or came from another site; reload the page and try again"
        )
        return await run_in_threadpool(self._error, request, refusal, None, session, nav)

    async def _act(
        self, request: Request, nav: str, act: Callable[[Principal, FormData], Response | Page]
    ) -> Response:
        session, form = await self._form(request)
        if session is None:
            return self._to_login(request)
        if form is None:
            return await self._stale(request, session, nav)
        if any(isinstance(v, str) and "\x00" in v for v in form.values()):
            await form.close()  # PostgreSQL cannot store or compare one: refuse it here
            refusal = errors.InvalidRequest("a field of this form holds a NUL character")
            return await run_in_threadpool(self._error, request, refusal, None, session, nav)
        try:
            return await self._run(request, nav, lambda principal, _session: act(principal, form))
        finally:
            await form.close()

    # -- login --------------------------------------------------------------------------

    async def login_form(
        self, request: Request, problem: str = "", status: int = 200, next_path: str = ""
    ) -> Response:
        value, cookie = self.sessions.login_token()
        context = self._base(None, None, "login")
        context.update(
            token=value,
            problem=problem,
            ended=request.query_params.get("ended") == "1",
            next=forms.local_path(next_path or request.query_params.get("next")),
            principal_id=request.query_params.get("principal", ""),
        )
        response = html(self.env, "login.html", context, status)
        self._cookie(request, response, LOGIN_COOKIE, cookie, 3600)
        return response

    async def login(self, request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=10, max_part_size=4096)  # no files
        if not self.sessions.login_token_ok(
            request.cookies.get(LOGIN_COOKIE), _text(form.get("token"))
        ):
            return await self.login_form(
                request,
                "The form expired or came from another site; try again.",
                400,
                _text(form.get("next")),
            )
        principal_id, key = _text(form.get("principal")), _text(form.get("key"))
        address = client_address(request)
        try:
            login = await run_in_threadpool(self.services.keys.login, key, principal_id, address)
        except errors.NotAuthenticated:
            return await self.login_form(
                request,
                "That principal id and key do not make a valid login.",
                401,
                _text(form.get("next")),
            )
        except errors.Throttled as exc:
            problem = f"Too many failed sign-ins: try again in {exc.retry_after} seconds."
            refused = await self.login_form(request, problem, 429, _text(form.get("next")))
            refused.headers["Retry-After"] = str(exc.retry_after)
            return refused
        _, token = self.sessions.issue(login.principal.id, login.principal.key_id, login.previous)
        response = RedirectResponse(forms.local_path(_text(form.get("next"))), status_code=303)
        self._cookie(request, response, COOKIE, token, None)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    async def logout(self, request: Request) -> Response:
        def act(principal: Principal, _form: FormData) -> Response:
            self.services.keys.logout(principal)
            response = RedirectResponse("/login", status_code=303)
            response.delete_cookie(COOKIE, path="/")
            return response

        return await self._act(request, "login", act)

    # -- reading ------------------------------------------------------------------------

    async def object(self, request: Request) -> Response:
        stix_id = request.path_params["stix_id"]

        def work(principal: Principal, _session: Session) -> Page | Response:
            view = self.services.browse.object(principal, stix_id)
            if view.item.type == RFI:  # a request has its own page, with its acts
                return RedirectResponse(f"/rfis/{view.item.stix_id}", status_code=303)
            pivots = self.services.pivots.object(principal, stix_id, view.refers_to, view.responses)
            return Page("object.html", {"view": view, "item": view.item, "pivots": pivots})

        return await self._run(request, "feed", work)

    async def hubs(self, request: Request) -> Response:
        def work(principal: Principal, _session: Session) -> Page:
            return Page("hubs.html", {"view": self.services.browse.hubs(principal)})

        return await self._run(request, "hubs", work)

    # -- governance ---------------------------------------------------------------------

    async def governance(self, request: Request) -> Response:
        def work(principal: Principal, _session: Session) -> Page:
            members = self.services.governance.members(principal)
            motions = self.services.governance.motions(principal)
            me = next((m for m in members if m.id == principal.member), None)
            allowed = self.services.governance.allowed
            return Page(
                "governance.html",
                {
                    "members": members,
                    "motions": motions,
                    "mine": me,
                    "may_vote": {
                        m.id
                        for m in motions
                        if allowed(principal, Action.VOTE, m) and principal.member not in m.votes
                    },
                    "may_answer": {m.id for m in motions if allowed(principal, Action.ANSWER, m)},
                    "may_propose": allowed(principal, Action.PROPOSE),
                    "may_deny": allowed(principal, Action.DENY),
                    "kinds": list(MotionKind),
                    "tiers": [Tier.FULL, Tier.ASSOCIATE, Tier.OBSERVER],
                    "done": DONE.get(request.query_params.get("done", ""), ""),
                },
            )

        return await self._run(request, "governance", work)

    async def vote(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response:
            motion = _text(form.get("motion"))
            self.services.governance.vote(principal, motion, _text(form.get("vote")) == "yes")
            return _done("/governance", "vote", motion)

        return await self._act(request, "governance", act)

    async def respond(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response | Page:
            motion = _text(form.get("motion"))
            accept = _text(form.get("response")) == "accept"
            self.services.governance.respond(principal, motion, accept)
            if accept:
                return _done("/governance", "respond", motion)
            return Page("declined.html")  # a decliner sees nothing from now on

        return await self._act(request, "governance", act)

    async def propose(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response:
            try:
                kind = MotionKind(_text(form.get("kind")))
                tier = Tier(_text(form.get("tier")) or Tier.ASSOCIATE.value)
            except ValueError:
                raise errors.InvalidRequest("kind or tier: choose one from the lists") from None
            motion = self.services.governance.propose(
                principal,
                kind,
                _text(form.get("subject")),
                name=_text(form.get("name")),
                tier=tier,
            )
            return _done("/governance", "propose", motion.id)

        return await self._act(request, "governance", act)

    async def deny(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response:
            denied = _text(form.get("denied")) != "no"
            self.services.governance.deny(principal, _text(form.get("member")), denied)
            return _done("/governance", "deny" if denied else "allow", "denies")

        return await self._act(request, "governance", act)

    # -- sharing ------------------------------------------------------------------------

    def _share_page(self, principal: Principal, params: forms.MultiMap, **extra: Any) -> Page:
        views = self.services.reading.collections(principal)
        members = self.services.governance.members(principal)
        return Page(
            "share.html",
            {
                "writable": [v.collection for v in views if v.can_write and v.can_read],
                "others": [m for m in members if m.id != principal.member and m.standing in LISTED],
                "about": " ".join(str(v) for v in params.getlist("about")),
                "kind": params.get("kind") or "report",
                "subject_types": SUBJECT_TYPES,
                "values": {k: _text(params.get(k)) for k in forms.DRAFT_FIELDS},
                "released": set(forms.strings(params, "releasable_to")),
                "opinions": OPINIONS,
                "reliability": list(RELIABILITY),
                "credibility": list(CREDIBILITY),
                "problem": "",
                "max_bytes": self.services.settings.max_content_length,
                **extra,
            },
        )

    async def share_form(self, request: Request) -> Response:
        return await self._run(
            request, "share", lambda p, _s: self._share_page(p, request.query_params)
        )

    async def share_draft(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response | Page:
            collection = _text(form.get("collection")) or "joint"
            try:
                status = self.services.sharing.share_draft(principal, collection, forms.draft(form))
            except errors.InvalidRequest as exc:
                return self._share_page(principal, form, problem=str(exc))
            return RedirectResponse(f"/share/status/{status.id}", status_code=303)

        return await self._act(request, "share", act)

    async def share_bundle(self, request: Request) -> Response:
        limit = self.services.settings.max_content_length
        session, form = await self._form(request)
        if session is None:
            return self._to_login(request)
        if form is None:
            return await self._stale(request, session, "share")
        upload = form.get("bundle")
        body = await upload.read(limit + 1) if isinstance(upload, UploadFile) else b""
        await form.close()

        def work(principal: Principal, _session: Session) -> Response | Page:
            if len(body) > limit:
                raise errors.TooLarge(f"the bundle is larger than {limit} bytes", limit)
            if not body:
                return self._share_page(principal, form, problem="Choose a bundle file.")
            collection = _text(form.get("collection")) or "joint"
            status = self.services.sharing.share(principal, collection, body)
            return RedirectResponse(f"/share/status/{status.id}", status_code=303)

        return await self._run(request, "share", work)

    async def share_status(self, request: Request) -> Response:
        status_id = request.path_params["status_id"]

        def work(principal: Principal, _session: Session) -> Page:
            status = self.services.reading.status(principal, status_id)
            refs = self.services.pivots.refs(principal, [d.id for d in status.successes])
            return Page("status.html", {"status": status, "refs": refs})

        return await self._run(request, "share", work)

    # -- requests for information ------------------------------------------------------

    async def rfis(self, request: Request) -> Response:
        def work(principal: Principal, _session: Session) -> Page:
            rfi = self.services.rfi
            return Page(
                "rfis.html",
                {
                    "queue": rfi.queue(principal),
                    "board": rfi.board(principal),
                    "coverage": rfi.coverage(principal),
                },
            )

        return await self._run(request, "rfis", work)

    # -- entities ----------------------------------------------------------------------

    async def entities(self, request: Request) -> Response:
        query = request.query_params.get("q", "").strip()

        def work(principal: Principal, _session: Session) -> Page:
            found = self.services.fusion.entities(principal, query) if query else []
            return Page("entities.html", {"entities": found, "q": query})

        return await self._run(request, "entities", work)

    async def entity(self, request: Request) -> Response:
        entity_id = request.path_params["entity_id"]

        def work(principal: Principal, _session: Session) -> Page:
            kind = request.query_params.get("type", "").strip()
            page = self.services.pivots.entity(principal, entity_id, kind)
            return Page(
                "entity.html",
                {
                    "entity": page.entity,
                    "page": page,
                    "refs": page.refs,
                    "reason": reason,
                    "done": DONE.get(request.query_params.get("done", ""), ""),
                },
            )

        return await self._run(request, "entities", work)

    async def decide(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response:
            same = _text(form.get("same")) == "yes"
            self.services.fusion.decide(principal, _text(form.get("a")), _text(form.get("b")), same)
            target = forms.local_path(_text(form.get("back")), "/entities")
            return _done(target, "decide", "links")

        return await self._act(request, "entities", act)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _done(path: str, code: str, anchor: str) -> Response:
    separator = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{separator}done={code}#{anchor}", status_code=303)


LISTED = (Standing.ACTIVE, Standing.SUSPENDED)
"""Members a share form offers to release to."""
