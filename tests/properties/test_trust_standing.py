"""Issue 11, finding 12: every write endpoint answers 403 exactly when the one permission
function, `allyhub.policy.permissions.decide`, says no.

A real hub (SQLite and PostgreSQL) holds members of every tier (full, associate,
observer, invitee) in every standing a tier can reach (active, suspended, expelled,
withdrawn, declined), all made through governance over the HTTP API, each with an
analyst, a liaison and a reader key. Hypothesis draws an endpoint, a tier, a standing and
a role; the member of that kind makes the request over HTTP, and the answer is a 403
(with decide's reason) exactly when decide, asked with the member's standing at that
moment, refuses. Each request is built so that nothing else would refuse it: a member
allowed to act gets no 403 at all.

Acts that change the actor's own standing when allowed (withdrawing, answering an
invitation) are made by spare members of the same kind, so the kinds stay populated.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from allyhub.charter import Collection, Role, Tier, Tlp
from allyhub.policy.permissions import Action, Decision, decide
from allyhub.policy.standing import Standing
from tests.conftest import RunningHub
from tests.factories import indicator
from tests.integration.trust_support import Members, share

ROLES = (Role.ANALYST, Role.LIAISON, Role.READER)
KINDS: dict[tuple[Tier, Standing], str] = {
    (Tier.FULL, Standing.ACTIVE): "ru",
    (Tier.FULL, Standing.SUSPENDED): "fsus",
    (Tier.FULL, Standing.EXPELLED): "fexp",
    (Tier.FULL, Standing.WITHDRAWN): "fwit",
    (Tier.ASSOCIATE, Standing.ACTIVE): "hz",
    (Tier.ASSOCIATE, Standing.SUSPENDED): "asus",
    (Tier.ASSOCIATE, Standing.EXPELLED): "aexp",
    (Tier.ASSOCIATE, Standing.WITHDRAWN): "awit",
    (Tier.OBSERVER, Standing.ACTIVE): "oact",
    (Tier.OBSERVER, Standing.SUSPENDED): "osus",
    (Tier.OBSERVER, Standing.EXPELLED): "oexp",
    (Tier.OBSERVER, Standing.WITHDRAWN): "owit",
    (Tier.INVITEE, Standing.ACTIVE): "iact",
    (Tier.INVITEE, Standing.DECLINED): "idec",
    (Tier.INVITEE, Standing.SUSPENDED): "isus",
    (Tier.INVITEE, Standing.EXPELLED): "iexp",
}
"""The member of each kind a tier can reach through governance (an invitee cannot
withdraw, only members that were invitees can decline)."""
SPARES: dict[tuple[Tier, Standing], list[str]] = {
    (Tier.FULL, Standing.ACTIVE): ["sfa"],
    (Tier.FULL, Standing.SUSPENDED): ["sfs"],
    (Tier.ASSOCIATE, Standing.ACTIVE): ["saa"],
    (Tier.ASSOCIATE, Standing.SUSPENDED): ["sas"],
    (Tier.OBSERVER, Standing.ACTIVE): ["soa"],
    (Tier.OBSERVER, Standing.SUSPENDED): ["sos"],
    (Tier.INVITEE, Standing.ACTIVE): ["sia", "sib"],
}
"""Members who stand in for their kind where an allowed act changes their standing."""


@dataclass
class World:
    """The hub, its members' keys, and what requests point at."""

    hub: RunningHub
    members: Members
    pair: tuple[str, str] = ("", "")  # two CLEAR objects anyone may see, for /api/links
    own: dict[str, str] = field(default_factory=dict)  # member -> an object it shared
    invitations: dict[str, str] = field(default_factory=dict)  # invitee -> its admit motion
    asked: dict[str, str] = field(default_factory=dict)  # member -> a request it asked
    tasking: dict[str, str] = field(default_factory=dict)  # member -> a request tasking it
    spent: set[str] = field(default_factory=set)
    consoles: dict[tuple[str, Role], tuple[httpx.Client, str]] = field(default_factory=dict)

    def console(self, who: str, role: Role) -> tuple[httpx.Client, str]:
        """A console session of this member's key (signed in once), and its CSRF token."""
        found = self.consoles.get((who, role))
        if found is None:
            user, key = self.members.keys[(who, role)]
            client = httpx.Client(base_url=self.hub.url, timeout=60)
            token = re.search(r'name="token" value="([^"]+)"', client.get("/login").text)
            assert token is not None
            form = {"principal": user, "key": key, "token": token.group(1)}
            assert client.post("/login", data=form).status_code == 303
            csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
            assert csrf is not None, who
            found = self.consoles[(who, role)] = (client, csrf.group(1))
        return found

    def motion_about_hz(self) -> str:
        motions = self.hub.services.coalition.governance().motions.values()
        return max((m for m in motions if m.subject == "hz"), key=lambda m: m.created).id


def _build(hub: RunningHub) -> World:
    world = World(hub, Members(hub))
    m = world.members
    wanted = {**{who: kind for kind, who in KINDS.items()}}
    wanted.update({who: kind for kind, spares in SPARES.items() for who in spares})
    for who, (tier, _standing) in wanted.items():  # everyone new joins first
        if who in ("ru", "hz"):
            continue
        admitted = tier if tier is not Tier.INVITEE else Tier.ASSOCIATE
        accept = tier is not Tier.INVITEE
        motion = m.carry("admit", who, name=who.upper(), tier=str(admitted))
        world.invitations[who] = motion["id"]
        m.client(who)
        if accept:
            answered = m.api(
                who, "POST", f"/motions/{motion['id']}/response", {"response": "accept"}
            )
            assert answered.status_code == 200, answered.text
    for who in wanted:  # keys of every role, while each may still have keys
        for role in ROLES:
            m.client(who, role)
    for who, (tier, _standing) in wanted.items():  # something of its own to delete
        if tier in (Tier.FULL, Tier.ASSOCIATE):
            obj = indicator(m.identity(who), tlp=Tlp.GREEN, name=f"by {who}")
            assert share(m.client(who, Role.ANALYST), hub, obj)["success_count"] == 1
            world.own[who] = obj["id"]
    a, b = (indicator(m.identity("ru"), tlp=Tlp.CLEAR, name=n) for n in ("Raqqa", "Al-Raqqah"))
    assert share(m.client("ru", Role.ANALYST), hub, a, b)["success_count"] == 2
    world.pair = (a["id"], b["id"])
    for who, (_tier, standing) in wanted.items():  # then each takes its standing
        if standing is Standing.SUSPENDED:
            m.carry("suspend", who)
        elif standing is Standing.EXPELLED:
            m.carry("expel", who)
        elif standing is Standing.WITHDRAWN:
            assert m.api(who, "POST", "/withdrawal").status_code == 204
        elif standing is Standing.DECLINED:
            declined = m.api(
                who, "POST", f"/motions/{world.invitations[who]}/response", {"response": "decline"}
            )
            assert declined.status_code == 200, declined.text
    for who, kind in wanted.items():
        assert m.standing(who) == (str(kind[0]), str(kind[1])), who
    moved = m.api("ru", "POST", "/motions", {"kind": "suspend", "subject": "hz"})
    assert moved.status_code == 201, moved.text
    askers = [w for w, (t, s) in wanted.items() if s is Standing.ACTIVE and t in _MEMBERS]
    for who in askers:  # requests of their own, to route and close
        world.asked[who] = _ask(m, who, [])
    world.tasking["ru"] = _ask(m, "sy", ["ru"])
    others = _ask(m, "ru", [w for w in askers if w != "ru"])
    world.tasking.update({w: others for w in askers if w != "ru"})
    return world


_MEMBERS = (Tier.FULL, Tier.ASSOCIATE)


def _ask(m: Members, who: str, task: list[str]) -> str:
    body = {"question": f"Where is the convoy? ({who})", "tlp": "green", "task": task}
    asked = m.api(who, "POST", "/rfis", body, role=Role.ANALYST)
    assert asked.status_code == 201, asked.text
    ident: str = asked.json()["id"]
    return ident


@pytest.fixture
def world(hub: RunningHub) -> Iterator[World]:
    built = _build(hub)
    yield built
    built.members.close()
    for client, _csrf in built.consoles.values():
        client.close()


# -- the endpoints: what each asks of decide, and a request nothing else would refuse ----


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # under the hub's URL
    body: Any = None
    taxii: bool = False
    form: dict[str, str] | None = None  # a console form (the session's CSRF token added)
    upload: bytes | None = None  # a console upload (the bundle file)


@dataclass(frozen=True)
class Endpoint:
    name: str
    action: Action
    collection: str | None  # the collection decide is asked about
    request: Callable[[World, str], Request]
    consumes: bool = False  # allowed, it changes the actor's own standing


def _joint(world: World) -> str:
    return world.hub.collection_url().removeprefix(world.hub.url)


def _share(world: World, who: str) -> Request:
    obj = indicator(world.members.identity(who), tlp=Tlp.GREEN)
    return Request("POST", _joint(world) + "objects/", {"objects": [obj]}, taxii=True)


def _delete(world: World, who: str) -> Request:
    target = world.own.get(who, f"indicator--{uuid.uuid4()}")
    return Request("DELETE", _joint(world) + f"objects/{target}/", taxii=True)


def _respond(world: World, who: str) -> Request:
    motion = world.invitations.get(who, world.motion_about_hz())
    return Request("POST", f"/api/motions/{motion}/response", {"response": "decline"})


def _rfi(world: World, who: str, table: dict[str, str]) -> str:
    return table.get(who, world.asked["ru"])


ENDPOINTS = (
    Endpoint("taxii share", Action.SHARE, "joint", _share),
    Endpoint("taxii delete", Action.DELETE, "joint", _delete),
    Endpoint(
        "propose",
        Action.PROPOSE,
        None,
        lambda w, who: Request("POST", "/api/motions", {"kind": "suspend", "subject": "hz"}),
    ),
    Endpoint(
        "vote",
        Action.VOTE,
        None,
        lambda w, who: Request("POST", f"/api/motions/{w.motion_about_hz()}/votes", {"vote": "no"}),
    ),
    Endpoint("answer", Action.ANSWER, None, _respond, consumes=True),
    Endpoint(
        "withdraw",
        Action.WITHDRAW,
        None,
        lambda w, who: Request("POST", "/api/withdrawal"),
        consumes=True,
    ),
    Endpoint("deny", Action.DENY, None, lambda w, who: Request("PUT", "/api/denies/hz")),
    Endpoint("allow", Action.DENY, None, lambda w, who: Request("DELETE", "/api/denies/hz")),
    Endpoint(
        "links",
        Action.DECIDE,
        None,
        lambda w, who: Request(
            "POST", "/api/links", {"a": w.pair[0], "b": w.pair[1], "decision": "same"}
        ),
    ),
    Endpoint(
        "rfi ask",
        Action.RFI,
        "rfi",
        lambda w, who: Request("POST", "/api/rfis", {"question": "Who holds the dam?"}),
    ),
    Endpoint(
        "rfi task",
        Action.RFI,
        "rfi",
        lambda w, who: Request(
            "POST", f"/api/rfis/{_rfi(w, who, w.asked)}/tasking", {"members": ["iq", "ir"]}
        ),
    ),
    Endpoint(
        "rfi respond",
        Action.RFI,
        "rfi",
        lambda w, who: Request(
            "POST", f"/api/rfis/{_rfi(w, who, w.tasking)}/response", {"response": "accepted"}
        ),
    ),
    Endpoint(
        "rfi close",
        Action.RFI,
        "rfi",
        lambda w, who: Request(
            "POST", f"/api/rfis/{_rfi(w, who, w.asked)}/closure", {"outcome": "closed"}
        ),
    ),
    Endpoint(
        "capabilities",
        Action.DECLARE,
        "rfi",
        lambda w, who: Request("PUT", "/api/capabilities", {"disciplines": ["human"]}),
    ),
    Endpoint(
        "requirements",
        Action.RFI,
        "rfi",
        lambda w, who: Request("POST", "/api/requirements", {"name": "Convoys on the M4"}),
    ),
)


def _form(path: str, **fields: str) -> Callable[[World, str], Request]:
    return lambda w, who: Request("POST", path, form=fields)


def _console_answer(world: World, who: str) -> Request:
    motion = world.invitations.get(who, world.motion_about_hz())
    return Request("POST", "/governance/respond", form={"motion": motion, "response": "decline"})


def _console_bundle(world: World, who: str) -> Request:
    obj = indicator(world.members.identity(who), tlp=Tlp.GREEN)
    bundle = orjson.dumps({"objects": [obj]})
    return Request("POST", "/share/bundle", form={"collection": "joint"}, upload=bundle)


CONSOLE = (
    Endpoint(
        "console vote",
        Action.VOTE,
        None,
        lambda w, who: Request(
            "POST", "/governance/vote", form={"motion": w.motion_about_hz(), "vote": "no"}
        ),
    ),
    Endpoint("console answer", Action.ANSWER, None, _console_answer, consumes=True),
    Endpoint(
        "console propose",
        Action.PROPOSE,
        None,
        _form("/governance/propose", kind="suspend", subject="hz", tier=""),
    ),
    Endpoint("console deny", Action.DENY, None, _form("/governance/deny", member="hz")),
    Endpoint(
        "console draft",
        Action.SHARE,
        "joint",
        lambda w, who: Request(
            "POST",
            "/share/draft",
            form={
                "kind": "report",
                "name": "Convoy",
                "text": "At dawn",
                "tlp": "green",
                "about": w.pair[0],
                "collection": "joint",
            },
        ),
    ),
    Endpoint("console bundle", Action.SHARE, "joint", _console_bundle),
    Endpoint(
        "console decide",
        Action.DECIDE,
        None,
        lambda w, who: Request(
            "POST",
            "/entities/decide",
            form={"a": w.pair[0], "b": w.pair[1], "same": "yes", "back": "/entities"},
        ),
    ),
)
ENDPOINTS = (*ENDPOINTS, *CONSOLE)
BY_NAME = {e.name: e for e in ENDPOINTS}


def _decision(world: World, endpoint: Endpoint, who: str, role: Role) -> Decision:
    """What the one permission function says, asked with the hub's state now."""
    services = world.hub.services
    state = services.coalition.state()
    collection: Collection | None = None
    if endpoint.collection is not None:
        collection = services.charter.collection(endpoint.collection)
    return decide(
        endpoint.action,
        role,
        state.member(who),
        hosted=state.hosted_at(who, services.coalition.hub.id),
        operator=who == services.coalition.hub.operator,
        collection=collection,
    )


def _actor(world: World, endpoint: Endpoint, kind: tuple[Tier, Standing], role: Role) -> str:
    """The member of this kind to act: a spare where the act would change it."""
    who = KINDS[kind]
    if endpoint.consumes and _decision(world, endpoint, who, role):
        spares = [s for s in SPARES.get(kind, []) if s not in world.spent]
        assume(spares)  # every spare of this kind has acted already
        who = spares[0]
        world.spent.add(who)
    return who


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    endpoint=st.sampled_from([e.name for e in ENDPOINTS]),
    kind=st.one_of(  # members in good standing twice as often: most kinds are refused
        st.sampled_from(sorted(KINDS, key=str)),
        st.sampled_from([(t, Standing.ACTIVE) for t in _MEMBERS]),
    ),
    role=st.sampled_from(ROLES),
)
@example("links", (Tier.INVITEE, Standing.ACTIVE), Role.ANALYST)
@example("links", (Tier.FULL, Standing.SUSPENDED), Role.ANALYST)
@example("deny", (Tier.INVITEE, Standing.ACTIVE), Role.LIAISON)
@example("taxii delete", (Tier.ASSOCIATE, Standing.SUSPENDED), Role.ANALYST)
@example("answer", (Tier.INVITEE, Standing.SUSPENDED), Role.LIAISON)
@example("answer", (Tier.INVITEE, Standing.ACTIVE), Role.LIAISON)
@example("taxii share", (Tier.FULL, Standing.EXPELLED), Role.ANALYST)
@example("taxii delete", (Tier.OBSERVER, Standing.WITHDRAWN), Role.ANALYST)
@example("withdraw", (Tier.OBSERVER, Standing.SUSPENDED), Role.LIAISON)
@example("console decide", (Tier.INVITEE, Standing.ACTIVE), Role.ANALYST)
@example("console bundle", (Tier.ASSOCIATE, Standing.EXPELLED), Role.ANALYST)
@example("console answer", (Tier.INVITEE, Standing.ACTIVE), Role.LIAISON)
def test_finding12_every_write_endpoint_refuses_exactly_when_decide_does(
    world: World, endpoint: str, kind: tuple[Tier, Standing], role: Role
) -> None:
    chosen = BY_NAME[endpoint]
    who = _actor(world, chosen, kind, role)
    decision = _decision(world, chosen, who, role)
    request = chosen.request(world, who)
    answer = _send(world, who, role, request)
    context = f"{endpoint} by {who} ({kind[0]}, {kind[1]}, {role}): {decision} -> {answer.text}"
    if decision:
        assert answer.status_code != 403, context
        assert answer.status_code < 500, context
    else:
        assert answer.status_code == 403, context
        if request.form is None:
            assert answer.json()["description"] == decision.reason, context
        else:  # the console's error page says the same
            assert decision.reason in html.unescape(answer.text), context


def _send(world: World, who: str, role: Role, request: Request) -> httpx.Response:
    if request.form is not None:
        console, csrf = world.console(who, role)
        files = {"bundle": ("bundle.json", request.upload)} if request.upload else None
        data = {**request.form, "csrf": csrf}
        return console.request(request.method, request.path, data=data, files=files)
    client = world.members.client(who, role)
    headers = {} if request.taxii else {"Content-Type": "application/json"}
    content = orjson.dumps(request.body) if request.body is not None else None
    return client.request(request.method, request.path, content=content, headers=headers)
