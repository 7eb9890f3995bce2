"""Acting from the console: requests for information (ask, route, accept, decline,
answer, close), responses to any object (a sighting, relationship, note or opinion),
labels on one's own objects, and a liaison's keys for its member.

What a form offers comes from the services' own permission answers
(`RfiService.allowed`, `Coalition.allowed`, `KeyService.allowed`), which the acts
enforce; nothing here restates a rule. A refused act shows the same form again with
what was typed and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from allyhub import errors
from allyhub.charter import Role, Tlp
from allyhub.console import forms
from allyhub.console.pages import LISTED, Page, Pages
from allyhub.rfi import Priority, Reply
from allyhub.service import Action, FeedFilter, Marking, Order, Principal, Question, RfiAct
from allyhub.stix import OPINIONS, RESPONSES

DAY = 86_400_000_000
DONE = {
    "ask": "Your request is recorded.",
    "route": "The members are tasked.",
    "accept": "You accepted the request.",
    "decline": "You declined the request.",
    "answer": "Your answer is linked.",
    "close": "The request is closed.",
    "satisfy": "The request is closed as satisfied.",
    "labels": "The new version with these labels is shared.",
    "revoke": "The key is revoked: sessions made with it end now.",
}
ANSWER_TYPES = ("report", "sighting", "note")


@dataclass(frozen=True, slots=True)
class KeyRow:
    key_id: str
    principal: str
    role: str
    created: int
    expires: int | None
    revoked: int | None


class Acts:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.services = pages.services

    def _members(self, principal: Principal) -> list[Any]:
        """Members a form may name (release to, task): in good standing or suspended."""
        members = self.services.governance.members(principal)
        return [m for m in members if m.id != principal.member and m.standing in LISTED]

    # -- requests for information -------------------------------------------------------

    def _ask_page(self, principal: Principal, values: forms.MultiMap, problem: str = "") -> Page:
        refusal = self.services.rfi.may_ask(principal)
        return Page(
            "rfi_ask.html",
            {
                "problem": problem,
                "refusal": refusal,
                "others": self._members(principal),
                "priorities": list(Priority),
                "values": {k: _text(values.get(k)) for k in _ASK_FIELDS},
                "tasked": set(forms.strings(values, "task")),
                "released": set(forms.strings(values, "release_to")),
            },
            422 if problem else 200,
        )

    async def ask_form(self, request: Request) -> Response:
        return await self.pages._run(
            request, "rfis", lambda p, _s: self._ask_page(p, request.query_params)
        )

    async def ask(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response | Page:
            try:
                question = _question(form)
                made = self.services.rfi.ask(principal, question)
            except (errors.InvalidRequest, errors.NotPermitted, errors.NotFound) as exc:
                return self._ask_page(principal, form, str(exc))
            return _done(f"/rfis/{made.rfi.id}", "ask")

        return await self.pages._act(request, "rfis", act)

    def _rfi_page(
        self,
        principal: Principal,
        rfi_id: str,
        values: forms.MultiMap | None = None,
        problem: str = "",
        done: str = "",
    ) -> Page:
        service = self.services.rfi
        view = service.get(principal, rfi_id)
        rfi = view.rfi
        may = {act.value: reason for act, reason in service.allowed(principal, rfi).items()}
        answers = {ref for t in rfi.taskings for ref in t.answer_refs}
        titles = self.services.listing.by_ids(principal, answers)
        mine: list[Any] = []
        if may["answer"] == "":
            f = FeedFilter(types=ANSWER_TYPES, members=(principal.member,))
            mine = self.services.listing.page(principal, f, Order.NEWEST, None, 50).items
        candidates = [
            m for m in self._members(principal) if m.id != rfi.requester and m.id not in rfi.tasked
        ]
        values = values or forms.MultiMap()
        return Page(
            "rfi.html",
            {
                "view": view,
                "rfi": rfi,
                "may": may,
                "titles": titles,
                "mine": mine,
                "candidates": candidates,
                "problem": problem,
                "done": DONE.get(done, ""),
                "values": {k: _text(values.get(k)) for k in ("comment", "resolution", "refs")},
                "chosen": set(forms.strings(values, "answer_refs")),
                "routed": set(forms.strings(values, "members")),
            },
            422 if problem else 200,
        )

    async def rfi(self, request: Request) -> Response:
        rfi_id = request.path_params["rfi_id"]
        done = request.query_params.get("done", "")
        return await self.pages._run(
            request, "rfis", lambda p, _s: self._rfi_page(p, rfi_id, done=done)
        )

    async def rfi_act(self, request: Request) -> Response:
        rfi_id = request.path_params["rfi_id"]

        def act(principal: Principal, form: FormData) -> Response | Page:
            service = self.services.rfi
            try:
                kind = RfiAct(_text(form.get("act")))
            except ValueError:
                raise errors.InvalidRequest("act: one of " + ", ".join(RfiAct)) from None
            comment = _text(form.get("comment"))
            try:
                if kind is RfiAct.ROUTE:
                    service.route(principal, rfi_id, forms.strings(form, "members"))
                elif kind in (RfiAct.CLOSE, RfiAct.SATISFY):
                    resolution = _text(form.get("resolution"))
                    service.close(principal, rfi_id, kind is RfiAct.SATISFY, resolution)
                elif kind is RfiAct.ANSWER:
                    refs = [*forms.strings(form, "answer_refs"), *_text(form.get("refs")).split()]
                    service.respond(principal, rfi_id, Reply.ANSWERED, refs, comment)
                else:
                    reply = Reply.ACCEPTED if kind is RfiAct.ACCEPT else Reply.DECLINED
                    service.respond(principal, rfi_id, reply, (), comment)
            except (errors.InvalidRequest, errors.NotPermitted) as exc:
                return self._rfi_page(principal, rfi_id, form, str(exc))
            return _done(f"/rfis/{rfi_id}", kind.value)

        return await self.pages._act(request, "rfis", act)

    # -- responses and labels -----------------------------------------------------------

    def _respond_page(
        self,
        principal: Principal,
        stix_id: str,
        values: forms.MultiMap,
        problem: str = "",
        failures: list[str] | None = None,
    ) -> Page:
        view = self.services.browse.object(principal, stix_id)
        collections = self.services.reading.collections(principal)
        writable = [v.collection for v in collections if v.can_write and v.can_read]
        coalition = self.services.coalition
        refusal = "" if writable else "no collection you may read takes your shares"
        if writable:
            refusal = coalition.allowed(principal, Action.SHARE, writable[0]).reason
        kind = _text(values.get("kind")) or "sighting"
        if kind not in RESPONSES:
            kind = "sighting"
        owner = view.item.shared_by == principal.member
        return Page(
            "respond.html",
            {
                "view": view,
                "item": view.item,
                "kind": kind,
                "kinds": RESPONSES,
                "opinions": OPINIONS,
                "writable": writable,
                "refusal": refusal,
                "others": self._members(principal),
                "problem": problem,
                "failures": failures or [],
                "owner": owner,
                "values": {k: _text(values.get(k)) for k in forms.DRAFT_FIELDS},
                "released": set(forms.strings(values, "releasable_to")),
                "current_labels": ", ".join(str(x) for x in _labels(view.item.body)),
            },
            422 if problem or failures else 200,
        )

    async def respond_form(self, request: Request) -> Response:
        stix_id = request.path_params["stix_id"]
        return await self.pages._run(
            request, "feed", lambda p, _s: self._respond_page(p, stix_id, request.query_params)
        )

    async def respond(self, request: Request) -> Response:
        stix_id = request.path_params["stix_id"]

        def act(principal: Principal, form: FormData) -> Response | Page:
            kind = _text(form.get("kind"))
            if kind not in RESPONSES:
                return self._respond_page(principal, stix_id, form, "kind: choose what to write")
            collection = _text(form.get("collection")) or "joint"
            try:
                draft = forms.draft(form)
                draft = replace(draft, about=(stix_id,))
                status = self.services.sharing.share_draft(principal, collection, draft)
            except (errors.InvalidRequest, errors.NotPermitted, errors.NotFound) as exc:
                return self._respond_page(principal, stix_id, form, str(exc))
            if status.failures:
                reasons = [f"{d.id}: {d.message}" for d in status.failures]
                return self._respond_page(principal, stix_id, form, failures=reasons)
            return RedirectResponse(f"/share/status/{status.id}", status_code=303)

        return await self.pages._act(request, "feed", act)

    async def labels(self, request: Request) -> Response:
        stix_id = request.path_params["stix_id"]

        def act(principal: Principal, form: FormData) -> Response | Page:
            view = self.services.browse.object(principal, stix_id)
            try:
                wanted = forms.labels(_text(form.get("labels")))
                status = self.services.sharing.relabel(
                    principal, view.item.collection, view.item.body, wanted
                )
            except (errors.InvalidRequest, errors.NotPermitted) as exc:
                return self._respond_page(principal, stix_id, form, str(exc))
            if status.failures:
                reasons = [f"{d.id}: {d.message}" for d in status.failures]
                return self._respond_page(principal, stix_id, form, failures=reasons)
            return _done(f"/objects/{stix_id}", "labels")

        return await self.pages._act(request, "feed", act)

    # -- a liaison's keys ---------------------------------------------------------------

    def _keys_page(
        self,
        principal: Principal,
        problem: str = "",
        issued: str = "",
        done: str = "",
        values: forms.MultiMap | None = None,
    ) -> Page:
        keys = self.services.keys
        allowed = keys.allowed(principal)
        rows = [
            KeyRow(k.key_id, k.principal, k.role, k.created, k.expires, k.revoked)
            for k in (keys.member_keys(principal) if allowed else [])
        ]
        values = values or forms.MultiMap()
        return Page(
            "keys.html",
            {
                "allowed": allowed.allowed,
                "refusal": allowed.reason,
                "rows": rows,
                "roles": [Role.ANALYST, Role.LIAISON, Role.READER],
                "problem": problem,
                "issued": issued,
                "done": DONE.get(done, ""),
                "values": {k: _text(values.get(k)) for k in ("role", "name", "days")},
            },
            422 if problem else 200,
        )

    async def keys(self, request: Request) -> Response:
        done = request.query_params.get("done", "")
        return await self.pages._run(request, "keys", lambda p, _s: self._keys_page(p, done=done))

    async def issue_key(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response | Page:
            try:
                role = Role(_text(form.get("role")) or "analyst")
                days = forms.integer(form, "days")
                expires = None
                if days is not None:
                    if not 1 <= days <= 3650:
                        raise errors.InvalidRequest("days: from 1 to 3650, or empty for none")
                    now = self.services.listing.now()
                    expires = now + days * DAY
                key, _record = self.services.keys.issue(
                    principal, role, _text(form.get("name")), expires
                )
            except ValueError:
                return self._keys_page(principal, "role: analyst, liaison or reader", values=form)
            except (errors.InvalidRequest, errors.NotPermitted) as exc:
                return self._keys_page(principal, str(exc), values=form)
            return self._keys_page(principal, issued=key)

        return await self.pages._act(request, "keys", act)

    async def revoke_key(self, request: Request) -> Response:
        def act(principal: Principal, form: FormData) -> Response | Page:
            try:
                self.services.keys.withdraw(principal, _text(form.get("key_id")))
            except (errors.NotFound, errors.NotPermitted) as exc:
                return self._keys_page(principal, str(exc))
            return _done("/keys", "revoke")

        return await self.pages._act(request, "keys", act)


_ASK_FIELDS = ("question", "priority", "deadline", "regions", "topics", "tlp", "requirement")


def _question(form: FormData) -> Question:
    text = _text(form.get("question"))
    try:
        priority = Priority(_text(form.get("priority")) or "medium")
    except ValueError:
        raise errors.InvalidRequest("priority: choose one from the list") from None
    deadline = None
    day = _text(form.get("deadline"))
    if day:
        try:
            moment = datetime.fromisoformat(day).replace(tzinfo=UTC)
        except ValueError:
            raise errors.InvalidRequest(f"deadline: a date as YYYY-MM-DD, not {day!r}") from None
        deadline = int(moment.timestamp()) * 1_000_000 + DAY - 1  # the end of that day
    tlp_text = _text(form.get("tlp"))
    try:
        tlp = Tlp.from_label(tlp_text) if tlp_text else None
    except ValueError as exc:
        raise errors.InvalidRequest(f"tlp: {exc}") from None
    return Question(
        question=text,
        priority=priority,
        deadline=deadline,
        requirement=_text(form.get("requirement")),
        regions=_words(_text(form.get("regions"))),
        topics=_words(_text(form.get("topics"))),
        task=forms.strings(form, "task"),
        marking=Marking(tlp, forms.strings(form, "release_to")),
    )


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for p in text.replace(",", " ").split() if p))


def _labels(body: Any) -> list[object]:
    found = body.get("labels")
    return list(found) if isinstance(found, list) else []


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _done(path: str, code: str) -> Response:
    return RedirectResponse(f"{path}?done={code}", status_code=303)
