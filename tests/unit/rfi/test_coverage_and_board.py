"""Coverage (gaps, overdue, response times, requirements) and one member's board, queue
and events, from folded records."""

from __future__ import annotations

from allyhub.charter import load_charter
from allyhub.rfi import (
    Assignment,
    Priority,
    Reply,
    RfiStatus,
    board,
    capabilities,
    country_location_id,
    coverage,
    events,
    fold,
    queue,
    region_of,
    requirement_record,
)
from tests.conftest import RSII
from tests.unit.rfi.helpers import (
    AMBER,
    HOUR,
    IDENTITIES,
    IDENTITY,
    REPORT,
    RFI_1,
    RFI_2,
    T0,
    Script,
)

CHARTER = load_charter(RSII)
PIR = "allyhub-requirement--66666666-6666-4666-8666-666666666666"
ISIL = "intrusion-set--77777777-7777-4777-8777-777777777777"


def resolve(ref: str):  # type: ignore[no-untyped-def]
    return region_of(ref, {})


def _script() -> Script:
    script = Script()
    script.add(
        requirement_record(
            ident=PIR,
            creator=IDENTITY["ru"],
            at=T0,
            name="Foreign fighters from the Caucasus",
            priority=Priority.CRITICAL,
            markings=AMBER,
            topic_refs=[ISIL],
        )
    )
    script.ask(
        RFI_1,
        "ru",
        T0,
        tasked=("sy", "ir"),
        requirement_ref=PIR,
        topic_refs=[ISIL],
        region_refs=[country_location_id("SY")],
        disciplines=["human"],
        deadline=T0 + 10 * HOUR,
    )
    script.reply(RFI_1, "sy", T0 + 4 * HOUR, Reply.ANSWERED, (REPORT,))
    script.reply(RFI_1, "ir", T0 + 1 * HOUR, Reply.DECLINED)
    script.ask(
        RFI_2,
        "ir",
        T0 + HOUR,
        tasked=("iq",),
        region_refs=[country_location_id("TR")],
        domains=["maritime"],
        requirement_ref=PIR,
        deadline=T0 + 5 * HOUR,
        priority=Priority.CRITICAL,
    )
    return script


def test_coverage_names_gaps_overdue_requests_and_response_times() -> None:
    state = fold(_script().records, IDENTITIES, T0 + 6 * HOUR)
    caps = capabilities(CHARTER, {}, resolve)
    result = coverage(state, caps, resolve, T0 + 6 * HOUR, names={ISIL: "ISIL"})

    assert result.by_status[RfiStatus.ANSWERED] == 1 and result.by_status[RfiStatus.EXPIRED] == 1
    assert result.total == 2
    gaps = {(g.kind, g.ref) for g in result.gaps}
    assert ("region", country_location_id("TR")) in gaps and ("domain", "maritime") in gaps
    assert ("topic", ISIL) not in gaps  # sy answered a request about it
    assert ("region", country_location_id("SY")) not in gaps
    [overdue] = result.overdue
    assert (overdue.rfi, overdue.overdue_by, overdue.waiting_on) == (RFI_2, HOUR, ("iq",))
    times = {t.member: t for t in result.timeliness}
    assert times["sy"].median_to_answer == 4 * HOUR and times["ir"].declined == 1
    assert result.median_first_answer == 4 * HOUR
    [served] = result.requirements
    assert served.rfis == (RFI_1, RFI_2)
    assert dict(served.by_status) == {RfiStatus.ANSWERED: 1, RfiStatus.EXPIRED: 1}


def test_coverage_of_nothing_visible_is_all_zero() -> None:
    result = coverage(fold([], IDENTITIES, T0), capabilities(CHARTER, {}, resolve), resolve, T0)
    assert result.total == 0 and not (result.gaps or result.overdue or result.timeliness)


def test_board_has_a_column_per_state_and_marks_the_readers_part() -> None:
    state = fold(_script().records, IDENTITIES, T0 + 6 * HOUR)
    view = board(state, "sy", T0 + 6 * HOUR)
    columns = {c.status: [card.id for card in c.cards] for c in view.columns}
    assert list(columns) == list(RfiStatus)
    assert columns[RfiStatus.ANSWERED] == [RFI_1] and columns[RfiStatus.EXPIRED] == [RFI_2]
    card = view.columns[list(RfiStatus).index(RfiStatus.ANSWERED)].cards[0]
    assert card.your_task is Assignment.ANSWERED and not card.yours and card.answers == 1
    assert card.due_in == 4 * HOUR and view.total == 2


def test_queue_lists_what_waits_on_the_member() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0, tasked=("sy",))
    script.ask(RFI_2, "ru", T0)
    state = fold(script.records, IDENTITIES, T0 + 1)
    sy, ru = queue(state, "sy", T0 + 1), queue(state, "ru", T0 + 1)
    assert [(i.card.id, i.action) for i in sy.tasked] == [(RFI_1, "accept or decline")]
    assert [(i.card.id, i.action) for i in ru.asked] == [(RFI_2, "route it to members")]
    script.reply(RFI_1, "sy", T0 + 2, Reply.ACCEPTED)
    state = fold(script.records, IDENTITIES, T0 + 3)
    assert [i.action for i in queue(state, "sy", T0 + 3).tasked] == ["answer"]


def test_events_after_a_cursor_say_what_concerns_the_member() -> None:
    script = Script()
    asked = script.ask(RFI_1, "ru", T0, tasked=("sy",))
    reply = script.reply(RFI_1, "sy", T0 + 5, Reply.ACCEPTED)
    state = fold(script.records, IDENTITIES, T0 + 6)
    landed = {(asked["id"], T0): 100, (reply["id"], T0 + 5): 200}
    for_ru = events(state, landed, "ru")
    assert [(e.kind, e.by, e.concerns_you) for e in for_ru] == [
        ("asked", "ru", False),
        ("accepted", "sy", True),
    ]
    assert [e.kind for e in events(state, landed, "sy", after=100)] == ["accepted"]
    assert events(state, landed, "sy")[0].members == ("sy",)
