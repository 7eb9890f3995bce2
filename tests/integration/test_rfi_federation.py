"""A request asked at one command room and answered at the other: Iran (hosted in
Baghdad) asks, released to Syria only; Syria (hosted in Damascus) answers there; the
hubs sync both ways and agree. Russia, in the same room as Syria, never learns of it."""

from __future__ import annotations

import orjson
import pytest

from allyhub.charter import Role, Tlp
from allyhub.errors import NotFound
from allyhub.federation.peers import Source, sync_once
from allyhub.rfi import Assignment, Reply, RfiStatus
from allyhub.service import Filters, Principal
from allyhub.service.rfi import Marking, Question
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub
from tests.factories import envelope, report


def _who(hub: RunningHub, member: str) -> Principal:
    return hub.services.keys.authenticate(hub.services.keys.create(member, Role.ANALYST)[0])


def _pull(into: RunningHub, source: RunningHub) -> int:
    return sync_once(into.services.replication, Source(source.services.settings.hub, source.url))


def _identity(hub: RunningHub, member: str) -> str:
    found = hub.services.charter.member(member)
    assert found is not None
    return found.identity


def test_rfi_asked_in_baghdad_is_answered_in_damascus(
    hub_pair: tuple[RunningHub, RunningHub],
) -> None:
    damascus, baghdad = hub_pair
    ir, iq = _who(baghdad, "ir"), _who(baghdad, "iq")
    sy, ru = _who(damascus, "sy"), _who(damascus, "ru")

    question = Question(
        "Which Iranian nationals have joined ISIL units around Deir ez-Zor?",
        regions=("SY",),
        disciplines=("human",),
        domains=("ground",),
        marking=Marking(Tlp.AMBER_STRICT, ("sy",)),
    )
    asked = baghdad.services.rfi.ask(ir, question).rfi
    assert baghdad.services.rfi.suggestions(ir, asked.id).proposed[0] == "sy"
    baghdad.services.rfi.route(ir, asked.id, ["sy"])

    assert _pull(damascus, baghdad) > 0
    [item] = damascus.services.rfi.queue(sy).tasked
    assert (item.card.id, item.action) == (asked.id, "accept or decline")
    damascus.services.rfi.respond(sy, asked.id, Reply.ACCEPTED)
    to_ir = releasability_marking(
        [_identity(damascus, "ir"), _identity(damascus, "sy")], _identity(damascus, "sy")
    )
    found = report(
        _identity(damascus, "sy"), name="Iranian recruits in Deir ez-Zor", markings=(to_ir["id"],)
    )
    status = damascus.services.sharing.share(sy, "joint", orjson.dumps(envelope(to_ir, found)))
    assert not status.failures, status.failures
    damascus.services.rfi.respond(sy, asked.id, Reply.ANSWERED, [found["id"]], "two names")

    assert _pull(baghdad, damascus) > 0
    answered = baghdad.services.rfi.get(ir, asked.id).rfi
    assert answered.status is RfiStatus.ANSWERED
    assert answered.tasking("sy").answer_refs == (found["id"],)  # type: ignore[union-attr]
    read = baghdad.services.reading.object(ir, "joint", found["id"], Filters())
    assert [r.stix_id for r in read.rows] == [found["id"]]  # the answer itself came along
    assert [e.kind for e in baghdad.services.rfi.changes(ir)][-2:] == ["accepted", "answered"]
    baghdad.services.rfi.close(ir, asked.id, satisfied=True, resolution="enough to act on")

    _pull(damascus, baghdad)
    _pull(baghdad, damascus)
    there = damascus.services.rfi.get(sy, asked.id).rfi
    here = baghdad.services.rfi.get(ir, asked.id).rfi
    assert there == here and there.status is RfiStatus.SATISFIED
    assert there.tasking("sy").state is Assignment.ANSWERED  # type: ignore[union-attr]

    # Russia and Iraq share rooms with the two members, and never learn of the request.
    for hub, member in ((damascus, ru), (baghdad, iq), (damascus, _who(damascus, "hz"))):
        rfi = hub.services.rfi
        assert rfi.rfis(member) == [] and rfi.board(member).total == 0
        assert rfi.coverage(member).total == 0 and rfi.changes(member) == []
        assert rfi.queue(member).tasked == rfi.queue(member).asked == ()
        with pytest.raises(NotFound):
            rfi.get(member, asked.id)


def test_rfi_the_seed_example_of_docs_rfi_md(hub_pair: tuple[RunningHub, RunningHub]) -> None:
    """docs/rfi.md: Russia, concerned about thousands of its nationals fighting for ISIL,
    asks in Damascus; Iran, which leads on the ground in Syria, answers from Baghdad."""
    damascus, baghdad = hub_pair
    ru, ir, sy = _who(damascus, "ru"), _who(baghdad, "ir"), _who(damascus, "sy")
    question = Question(
        "Thousands of Russian nationals fight for ISIL: which units are they in, and where "
        "in Syria?",
        regions=("SY",),
        disciplines=("human",),
        domains=("ground",),
        marking=Marking(Tlp.AMBER_STRICT, ("sy", "ir")),
    )
    asked = damascus.services.rfi.ask(ru, question).rfi
    routing = damascus.services.rfi.suggestions(ru, asked.id)
    assert routing.proposed == ("sy", "ir")
    damascus.services.rfi.route(ru, asked.id, routing.proposed)

    _pull(baghdad, damascus)
    baghdad.services.rfi.respond(ir, asked.id, Reply.ACCEPTED)
    to_ru = releasability_marking(
        [_identity(baghdad, "ru"), _identity(baghdad, "ir")], _identity(baghdad, "ir")
    )
    found = report(
        _identity(baghdad, "ir"),
        name="Caucasian fighters with ISIL near Raqqa",
        markings=(to_ru["id"],),
    )
    status = baghdad.services.sharing.share(ir, "joint", orjson.dumps(envelope(to_ru, found)))
    assert not status.failures, status.failures
    baghdad.services.rfi.respond(ir, asked.id, Reply.ANSWERED, [found["id"]])
    _pull(damascus, baghdad)

    answered = damascus.services.rfi.get(ru, asked.id).rfi
    assert answered.status is RfiStatus.ANSWERED
    assert {t.member: t.state for t in answered.taskings} == {
        "ir": Assignment.ANSWERED,
        "sy": Assignment.TASKED,
    }
    assert damascus.services.rfi.queue(sy).tasked[0].card.id == asked.id
    damascus.services.rfi.close(ru, asked.id, satisfied=True)
    for hub, member in ((damascus, "hz"), (baghdad, "iq")):
        assert hub.services.rfi.rfis(_who(hub, member)) == []
