"""Requests for information through the service, on SQLite and PostgreSQL: the lifecycle
rules (who may do what), expiry with an injected clock, and markings (a request released
to two members is invisible to a third in every read, count and figure)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import orjson
import pytest

from allyhub.app import Services, build_services
from allyhub.charter import Role, Tlp
from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.records import VersionMatch, VersionPick
from allyhub.rfi import Assignment, Priority, Reply, RfiStatus, country_location_id
from allyhub.service import Filters, Principal
from allyhub.service.rfi import Declared, Marking, NewRequirement, Question, RfiService
from allyhub.stix.markings import releasability_marking
from allyhub.timestamps import now_micros
from tests.factories import envelope, report, threat_actor

HOUR = 3_600_000_000
MISSING = "allyhub-rfi--00000000-0000-4000-8000-000000000000"


@dataclass
class FakeClock:
    now: int

    def __call__(self) -> int:
        return self.now


@dataclass
class Desk:
    """An RFI service on a hub with a clock the test moves, and a principal per member."""

    services: Services
    clock: FakeClock
    rfi: RfiService

    def who(self, member: str, role: Role = Role.ANALYST) -> Principal:
        return self.services.keys.authenticate(self.services.keys.create(member, role)[0])

    def share(self, member: str, *objects: dict) -> None:  # type: ignore[type-arg]
        principal = self.who(member)
        status = self.services.sharing.share(principal, "joint", orjson.dumps(envelope(*objects)))
        assert not status.failures, status.failures

    def identity(self, member: str) -> str:
        found = self.services.charter.member(member)
        assert found is not None
        return found.identity


@pytest.fixture
def desk(services: Services) -> Iterator[Desk]:
    clock = FakeClock(now_micros())
    timed = build_services(services.settings, migrate=False, clock=clock)
    yield Desk(services, clock, timed.rfi)
    timed.engine.dispose()


def _to_ru_and_sy(desk: Desk) -> dict:  # type: ignore[type-arg]
    """A report by sy released to ru and sy: an answer ru may read."""
    marking = releasability_marking([desk.identity("ru"), desk.identity("sy")], desk.identity("sy"))
    answer = report(desk.identity("sy"), markings=(marking["id"],))
    desk.share("sy", marking, answer)
    return answer


NATIONALS = Question(
    question="Which Russian nationals from the North Caucasus fight for ISIL around Raqqa, "
    "in which units?",
    priority=Priority.HIGH,
    regions=("SY",),
    disciplines=("HUMINT",),
    domains=("ground",),
    marking=Marking(Tlp.AMBER_STRICT, ("sy",)),
)


def test_rfi_lifecycle_through_the_service(desk: Desk) -> None:
    ru, sy = desk.who("ru"), desk.who("sy")
    asked = desk.rfi.ask(ru, NATIONALS).rfi
    assert (asked.status, asked.requester, asked.disciplines) == (RfiStatus.OPEN, "ru", ("human",))
    assert asked.region_refs == (country_location_id("SY"),)

    routing = desk.rfi.suggestions(ru, asked.id)
    assert routing.proposed[0] == "sy"
    assert {s.member: s.may_see for s in routing.suggestions}["ir"] is False

    desk.clock.now += HOUR
    assert desk.rfi.route(ru, asked.id, ["sy"]).rfi.status is RfiStatus.ROUTED
    assert [i.action for i in desk.rfi.queue(sy).tasked] == ["accept or decline"]
    desk.clock.now += HOUR
    assert desk.rfi.respond(sy, asked.id, Reply.ACCEPTED).rfi.status is RfiStatus.ACCEPTED
    answer = _to_ru_and_sy(desk)
    desk.clock.now += HOUR
    answered = desk.rfi.respond(sy, asked.id, Reply.ANSWERED, [answer["id"]], "three names").rfi
    assert answered.status is RfiStatus.ANSWERED
    tasking = answered.tasking("sy")
    assert tasking is not None and tasking.answer_refs == (answer["id"],)
    assert [i.action for i in desk.rfi.queue(ru).asked] == ["satisfy or close it"]
    desk.clock.now += HOUR
    done = desk.rfi.close(ru, asked.id, satisfied=True, resolution="enough to act on").rfi
    assert (done.status, done.resolution) == (RfiStatus.SATISFIED, "enough to act on")

    times = {t.member: t for t in desk.rfi.coverage(ru).timeliness}
    assert times["sy"].median_to_answer == 2 * HOUR
    acts = [e.act for e in desk.services.audit.entries(member="ru")] + [
        e.act for e in desk.services.audit.entries(member="sy")
    ]
    assert {"rfi.ask", "rfi.route", "rfi.accept", "rfi.answer", "rfi.satisfy"} <= set(acts)
    assert desk.services.audit.verify() == []


def test_rfi_only_a_tasked_member_accepts_or_answers(desk: Desk) -> None:
    ru, sy, iq = desk.who("ru"), desk.who("sy"), desk.who("iq")
    asked = desk.rfi.ask(ru, Question("Where is the Raqqa emir?", task=("sy",))).rfi
    with pytest.raises(NotPermitted, match="only a tasked member"):
        desk.rfi.respond(iq, asked.id, Reply.ACCEPTED)
    with pytest.raises(NotPermitted, match="only a tasked member"):
        desk.rfi.respond(ru, asked.id, Reply.ACCEPTED)  # the requester is never tasked
    desk.rfi.respond(sy, asked.id, Reply.DECLINED, comment="no sources there")
    with pytest.raises(InvalidRequest, match="declined"):
        desk.rfi.respond(sy, asked.id, Reply.ACCEPTED)
    reader = desk.who("sy", Role.READER)
    with pytest.raises(NotPermitted):
        desk.rfi.respond(reader, asked.id, Reply.ACCEPTED)


def test_rfi_only_the_requester_routes_and_closes(desk: Desk) -> None:
    ru, sy = desk.who("ru"), desk.who("sy")
    asked = desk.rfi.ask(ru, Question("Where is the Raqqa emir?", task=("sy",))).rfi
    with pytest.raises(NotPermitted, match="only the requester"):
        desk.rfi.close(sy, asked.id, satisfied=False)
    with pytest.raises(NotPermitted, match="only the requester"):
        desk.rfi.route(sy, asked.id, ["ir"])
    with pytest.raises(InvalidRequest, match="no answer yet"):
        desk.rfi.close(ru, asked.id, satisfied=True)
    liaison = desk.who("ru", Role.LIAISON)  # the requesting member's liaison may confirm
    assert desk.rfi.route(liaison, asked.id, ["ir"]).rfi.tasked == ("ir", "sy")
    desk.rfi.close(ru, asked.id, satisfied=False, resolution="overtaken by events")
    with pytest.raises(InvalidRequest, match="closed"):
        desk.rfi.respond(sy, asked.id, Reply.ACCEPTED)
    with pytest.raises(InvalidRequest, match="closed"):
        desk.rfi.close(ru, asked.id, satisfied=False)


def test_rfi_expires_at_its_deadline_on_the_injected_clock(desk: Desk) -> None:
    ru, sy = desk.who("ru"), desk.who("sy")
    deadline = desk.clock.now + 5 * HOUR
    asked = desk.rfi.ask(ru, Question("Convoy route?", deadline=deadline, task=("sy",))).rfi
    desk.rfi.respond(sy, asked.id, Reply.ACCEPTED)
    desk.clock.now = deadline
    assert desk.rfi.get(ru, asked.id).rfi.status is RfiStatus.ACCEPTED
    desk.clock.now = deadline + 1
    assert desk.rfi.get(ru, asked.id).rfi.status is RfiStatus.EXPIRED
    with pytest.raises(InvalidRequest, match="expired"):
        desk.rfi.respond(sy, asked.id, Reply.ANSWERED, [_to_ru_and_sy(desk)["id"]])
    [overdue] = desk.rfi.coverage(ru).overdue
    assert (overdue.rfi, overdue.overdue_by, overdue.waiting_on) == (asked.id, 1, ("sy",))
    assert [i.action for i in desk.rfi.queue(ru).asked] == ["close it (or ask again)"]
    assert desk.rfi.queue(sy).tasked == ()
    assert desk.rfi.close(ru, asked.id, satisfied=False).rfi.status is RfiStatus.CLOSED
    with pytest.raises(InvalidRequest, match="passed"):
        desk.rfi.ask(ru, Question("Too late", deadline=desk.clock.now - 1))


def test_rfi_default_deadline_follows_priority(desk: Desk) -> None:
    asked = desk.rfi.ask(desk.who("ru"), Question("Now!", priority=Priority.CRITICAL)).rfi
    assert asked.deadline == desk.clock.now + 24 * HOUR


def test_rfi_tasking_a_member_that_may_not_see_it_is_refused(desk: Desk) -> None:
    ru = desk.who("ru")
    with pytest.raises(InvalidRequest, match="'ir' may not see this request"):
        desk.rfi.ask(ru, Question("Q?", task=("ir",), marking=Marking(Tlp.AMBER_STRICT, ("sy",))))
    asked = desk.rfi.ask(ru, Question("Q?", marking=Marking(Tlp.AMBER)))  # full members only
    with pytest.raises(InvalidRequest, match="'hz' may not see"):
        desk.rfi.route(ru, asked.rfi.id, ["hz"])
    with pytest.raises(InvalidRequest, match="does not task itself"):
        desk.rfi.route(ru, asked.rfi.id, ["ru"])
    with pytest.raises(InvalidRequest, match="needs a releasability marking"):
        desk.rfi.ask(ru, Question("Q?", marking=Marking(Tlp.RED)))


def test_rfi_answers_must_be_the_members_own_reports_the_requester_can_read(desk: Desk) -> None:
    ru, sy = desk.who("ru"), desk.who("sy")
    asked = desk.rfi.ask(ru, Question("Q?", task=("sy",))).rfi
    theirs = report(desk.identity("ru"), tlp=Tlp.GREEN)
    desk.share("ru", theirs)
    with pytest.raises(InvalidRequest, match="is not yours"):
        desk.rfi.respond(sy, asked.id, Reply.ANSWERED, [theirs["id"]])
    only_sy = releasability_marking([desk.identity("sy")], desk.identity("sy"))
    private = report(desk.identity("sy"), tlp=Tlp.AMBER_STRICT, markings=(only_sy["id"],))
    desk.share("sy", only_sy, private)
    with pytest.raises(InvalidRequest, match="'ru' may not see"):
        desk.rfi.respond(sy, asked.id, Reply.ANSWERED, [private["id"]])
    with pytest.raises(InvalidRequest, match="report, sighting or note"):
        desk.rfi.respond(sy, asked.id, Reply.ANSWERED, [MISSING])


def test_rfi_released_to_two_members_is_invisible_to_a_third_everywhere(desk: Desk) -> None:
    ru, sy, ir = desk.who("ru"), desk.who("sy"), desk.who("ir")
    secret = Question(
        "Who recruits in Dagestan for ISIL?",
        regions=("TR",),
        disciplines=("signals",),
        domains=("maritime",),
        task=("sy",),
        marking=Marking(Tlp.AMBER_STRICT, ("sy",)),
    )
    asked = desk.rfi.ask(ru, secret).rfi
    desk.rfi.respond(sy, asked.id, Reply.ACCEPTED)
    assert desk.rfi.coverage(ru).total == desk.rfi.coverage(sy).total == 1
    assert any(g.kind == "region" for g in desk.rfi.coverage(sy).gaps)

    assert desk.rfi.rfis(ir) == [] and desk.rfi.board(ir).total == 0
    queue = desk.rfi.queue(ir)
    assert queue.tasked == queue.asked == ()
    coverage = desk.rfi.coverage(ir)
    assert coverage.total == 0 and not coverage.gaps and not coverage.timeliness
    assert not coverage.overdue and coverage.median_first_answer is None
    assert desk.rfi.changes(ir) == []
    for act in (
        lambda i: desk.rfi.get(ir, i),
        lambda i: desk.rfi.suggestions(ir, i),
        lambda i: desk.rfi.respond(ir, i, Reply.ACCEPTED),
        lambda i: desk.rfi.route(ir, i, ["iq"]),
        lambda i: desk.rfi.close(ir, i, satisfied=False),
    ):
        with pytest.raises(NotFound) as hidden:
            act(asked.id)
        with pytest.raises(NotFound) as missing:
            act(MISSING)
        assert str(hidden.value).replace(asked.id, MISSING) == str(missing.value)
    rfi_page = desk.services.reading.objects(ir, "rfi", Filters())
    assert not [r for r in rfi_page.rows if r.stix_id.startswith("allyhub-rfi")]
    assert desk.services.reading.manifest(sy, "rfi", Filters()).rows  # sy sees it


def test_rfi_records_cannot_be_shared_over_taxii(desk: Desk) -> None:
    ru = desk.who("ru")
    forged = {
        "type": "allyhub-rfi",
        "spec_version": "2.1",
        "id": MISSING,
        "created": "2016-01-01T00:00:00.000Z",
        "modified": "2016-01-01T00:00:00.000Z",
        "created_by_ref": desk.identity("ru"),
        "question": "forged?",
        "status": "open",
        "priority": "high",
    }
    status = desk.services.sharing.share(ru, "rfi", orjson.dumps(envelope(forged)))
    assert "/api/rfis" in status.failures[0].message
    assert desk.rfi.rfis(ru) == []


def test_rfi_capabilities_declared_replace_the_charters(desk: Desk) -> None:
    iq = desk.who("iq", Role.LIAISON)
    with pytest.raises(NotPermitted, match="liaison"):
        desk.rfi.declare(desk.who("iq"), Declared(disciplines=("signals",)))
    before = {c.capability.member: c.capability for c in desk.rfi.capabilities(iq)}
    assert before["iq"].declared is None and before["iq"].domains == ("ground",)
    raqqa = {
        "type": "location",
        "spec_version": "2.1",
        "id": "location--6b1f0e2c-6a3e-4d8e-9a56-1b2c3d4e5f60",
        "created": "2016-01-01T00:00:00.000Z",
        "modified": "2016-01-01T00:00:00.000Z",
        "name": "Nineveh",
        "country": "IQ",
        "administrative_area": "Nineveh",
        "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    }
    desk.share("iq", raqqa)
    after = desk.rfi.declare(
        iq,
        Declared(
            disciplines=("SIGINT", "human"),
            domains=("ground", "air"),
            regions=("IQ", raqqa["id"]),
            areas=("IQ",),
            marking=Marking(Tlp.GREEN),
        ),
    )
    mine = next(c.capability for c in after if c.capability.member == "iq")
    assert mine.declared is not None and mine.domains == ("air", "ground")
    assert [r.label for r in mine.regions] == ["Iraq (IQ)", "Nineveh"]
    hz = desk.who("hz")  # GREEN: associates see the declaration too
    seen = next(c.capability for c in desk.rfi.capabilities(hz) if c.capability.member == "iq")
    assert seen.disciplines == ("human", "signals")


def test_rfi_requirements_collect_the_requests_that_serve_them(desk: Desk) -> None:
    ru = desk.who("ru")
    isil = threat_actor(desk.identity("ru"), name="ISIL")
    desk.share("ru", isil)
    pir = desk.rfi.add_requirement(
        ru, NewRequirement("Foreign fighters from Russia", Priority.CRITICAL, topics=(isil["id"],))
    )
    with pytest.raises(NotFound):
        desk.rfi.ask(
            ru, Question("Q?", topics=("threat-actor--00000000-0000-4000-8000-000000000000",))
        )
    asked = desk.rfi.ask(ru, Question("Q?", requirement=pir.id, topics=(isil["id"],))).rfi
    coverage = desk.rfi.coverage(ru)
    [served] = coverage.requirements
    assert served.rfis == (asked.id,) and served.by_status == {RfiStatus.OPEN: 1}
    assert ("topic", "ISIL") in {(g.kind, g.label) for g in coverage.gaps}


def test_rfi_changes_follow_a_cursor(desk: Desk) -> None:
    ru, sy = desk.who("ru"), desk.who("sy")
    asked = desk.rfi.ask(ru, Question("Q?", task=("sy",))).rfi
    [first] = desk.rfi.changes(sy)
    assert (first.kind, first.members, first.concerns_you) == ("asked", ("sy",), True)
    desk.rfi.respond(sy, asked.id, Reply.ACCEPTED)
    later = desk.rfi.changes(ru, after=first.cursor)
    assert [(e.kind, e.by, e.concerns_you) for e in later] == [("accepted", "sy", True)]
    assert desk.rfi.get(ru, asked.id).rfi.tasking("sy").state is Assignment.ACCEPTED  # type: ignore[union-attr]


def test_rfi_an_answer_reaches_only_who_may_read_it(desk: Desk) -> None:
    ru, sy, ir = desk.who("ru"), desk.who("sy"), desk.who("ir")
    asked = desk.rfi.ask(
        ru, Question("Q?", task=("sy", "ir"), marking=Marking(Tlp.AMBER_STRICT, ("sy", "ir")))
    ).rfi
    desk.rfi.respond(sy, asked.id, Reply.ACCEPTED)
    answer = _to_ru_and_sy(desk)  # released to ru and sy, not ir
    desk.rfi.respond(sy, asked.id, Reply.ANSWERED, [answer["id"]])
    by_ru = desk.rfi.get(ru, asked.id).rfi
    by_ir = desk.rfi.get(ir, asked.id).rfi
    assert (by_ru.status, by_ru.tasking("sy").state) == (RfiStatus.ANSWERED, Assignment.ANSWERED)  # type: ignore[union-attr]
    assert (by_ir.status, by_ir.tasking("sy").state) == (RfiStatus.ACCEPTED, Assignment.ACCEPTED)  # type: ignore[union-attr]
    everything = Filters(versions=VersionMatch(frozenset({VersionPick.ALL})))
    bodies = [
        orjson.loads(r.body or b"{}")
        for r in desk.services.reading.objects(ir, "rfi", everything).rows
    ]
    assert not any(answer["id"] in b.get("answer_refs", ()) for b in bodies)


def test_rfi_a_reference_may_not_reveal_its_target(desk: Desk) -> None:
    ru = desk.who("ru")
    only_ru = releasability_marking([desk.identity("ru")], desk.identity("ru"))
    secret = threat_actor(desk.identity("ru"), name="A source's handler", tlp=Tlp.AMBER_STRICT)
    secret["object_marking_refs"].append(only_ru["id"])
    desk.share("ru", only_ru, secret)
    with pytest.raises(InvalidRequest, match="references: .* may see this object but not"):
        desk.rfi.ask(ru, Question("Where is he?", topics=(secret["id"],)))
    narrow = Question("Where is he?", topics=(secret["id"],), marking=Marking(Tlp.RED, ("ru",)))
    assert desk.rfi.ask(ru, narrow).rfi.topic_refs == (secret["id"],)


def test_a_tasked_member_answers_whatever_its_deny_list_says(desk: Desk) -> None:
    """ru denies sy. Deny lists are private, so sy may task ru as any member and learns
    nothing of the deny; ru's response is addressed to sy and reaches it (the deny list
    skips sy in ru's shares, not in a reply to sy's own request)."""
    desk.services.governance.deny(desk.who("ru", Role.LIAISON), "sy")
    sy = desk.who("sy")
    tasked = desk.rfi.ask(sy, Question("Who holds the bridge?", task=("ru",))).rfi
    desk.rfi.respond(desk.who("ru"), tasked.id, Reply.ACCEPTED)
    seen = desk.rfi.get(sy, tasked.id).rfi
    assert seen.tasking("ru") is not None
    assert seen.tasking("ru").state is Assignment.ACCEPTED  # type: ignore[union-attr]
