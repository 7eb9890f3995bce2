"""The lifecycle as a fold: each act is a version made by the member entitled to it, and
the state is the same whatever order the records arrive in."""

from __future__ import annotations

import random
import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

from allyhub.rfi import Assignment, Reply, RfiStatus, Written, fold, response_id, revise
from tests.unit.rfi.helpers import HOUR, IDENTITIES, IDENTITY, MEMBERS, REPORT, RFI_1, T0, Script


def test_rfi_lifecycle_from_asking_to_satisfied() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0)
    states = [fold(script.records, IDENTITIES, T0 + 1).rfis[RFI_1].status]
    script.route(RFI_1, T0 + HOUR, "sy")
    states.append(fold(script.records, IDENTITIES, T0 + HOUR).rfis[RFI_1].status)
    script.reply(RFI_1, "sy", T0 + 2 * HOUR, Reply.ACCEPTED)
    states.append(fold(script.records, IDENTITIES, T0 + 2 * HOUR).rfis[RFI_1].status)
    script.reply(RFI_1, "sy", T0 + 3 * HOUR, Reply.ANSWERED, (REPORT,), created=T0 + 2 * HOUR)
    states.append(fold(script.records, IDENTITIES, T0 + 3 * HOUR).rfis[RFI_1].status)
    script.end(RFI_1, T0 + 4 * HOUR, Written.SATISFIED, "names and units confirmed")
    rfi = fold(script.records, IDENTITIES, T0 + 4 * HOUR).rfis[RFI_1]
    states.append(rfi.status)

    assert states == [
        RfiStatus.OPEN,
        RfiStatus.ROUTED,
        RfiStatus.ACCEPTED,
        RfiStatus.ANSWERED,
        RfiStatus.SATISFIED,
    ]
    sy = rfi.tasking("sy")
    assert sy is not None and sy.state is Assignment.ANSWERED
    assert (sy.tasked_at, sy.replied_at, sy.answered_at) == (
        T0 + HOUR,
        T0 + 2 * HOUR,
        T0 + 3 * HOUR,
    )
    assert sy.answer_refs == (REPORT,)
    assert (rfi.closed_at, rfi.resolution) == (T0 + 4 * HOUR, "names and units confirmed")


def test_rfi_responses_of_members_not_tasked_are_ignored() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0, tasked=("sy",))
    script.reply(RFI_1, "hz", T0 + 1, Reply.ANSWERED, (REPORT,))
    rfi = fold(script.records, IDENTITIES, T0 + 2).rfis[RFI_1]
    assert rfi.tasked == ("sy",) and rfi.status is RfiStatus.ROUTED


def test_rfi_versions_by_another_member_are_ignored() -> None:
    script = Script()
    asked = script.ask(RFI_1, "ru", T0, tasked=("sy",))
    script.add(revise(asked, T0 + 1, status="closed", created_by_ref=IDENTITY["sy"]))
    assert fold(script.records, IDENTITIES, T0 + 2).rfis[RFI_1].status is RfiStatus.ROUTED


def test_rfi_tasked_list_only_grows_and_never_names_the_requester() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0, tasked=("sy", "ir"))
    script.route(RFI_1, T0 + 1, "sy")  # drops ir: ignored
    script.route(RFI_1, T0 + 2, "sy", "ir", "iq", "ru")
    assert fold(script.records, IDENTITIES, T0 + 3).rfis[RFI_1].tasked == ("iq", "ir", "sy")


def test_rfi_after_closing_nothing_changes() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0, tasked=("sy",))
    script.end(RFI_1, T0 + 1, Written.CLOSED, "overtaken by events")
    script.route(RFI_1, T0 + 2, "sy", "ir")
    script.reply(RFI_1, "sy", T0 + 3, Reply.ANSWERED, (REPORT,))
    rfi = fold(script.records, IDENTITIES, T0 + 4).rfis[RFI_1]
    assert (rfi.status, rfi.tasked, rfi.answered) == (RfiStatus.CLOSED, ("sy",), ())


def test_rfi_expires_at_its_deadline_unless_answered_in_time() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0, tasked=("sy", "ir"), deadline=T0 + 10 * HOUR)
    assert fold(script.records, IDENTITIES, T0 + 10 * HOUR).rfis[RFI_1].status is RfiStatus.ROUTED
    expired = fold(script.records, IDENTITIES, T0 + 10 * HOUR + 1).rfis[RFI_1]
    assert expired.status is RfiStatus.EXPIRED and expired.overdue_by(T0 + 11 * HOUR) == HOUR

    script.reply(RFI_1, "sy", T0 + 11 * HOUR, Reply.ANSWERED, (REPORT,))  # too late
    assert fold(script.records, IDENTITIES, T0 + 12 * HOUR).rfis[RFI_1].status is RfiStatus.EXPIRED
    script.reply(RFI_1, "ir", T0 + 9 * HOUR, Reply.ANSWERED, (REPORT,))  # in time
    answered = fold(script.records, IDENTITIES, T0 + 12 * HOUR).rfis[RFI_1]
    assert answered.status is RfiStatus.ANSWERED and answered.overdue_by(T0 + 12 * HOUR) is None


def test_rfi_a_decline_is_final_and_an_answer_needs_links() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0, tasked=("sy", "ir"))
    script.reply(RFI_1, "sy", T0 + 1, Reply.DECLINED)
    script.reply(RFI_1, "sy", T0 + 2, Reply.ANSWERED, (REPORT,), created=T0 + 1)
    script.reply(RFI_1, "ir", T0 + 3, Reply.ANSWERED)  # no answer_refs
    rfi = fold(script.records, IDENTITIES, T0 + 4).rfis[RFI_1]
    assert dict((t.member, t.state) for t in rfi.taskings) == {
        "ir": Assignment.TASKED,
        "sy": Assignment.DECLINED,
    }


def test_rfi_a_response_under_another_id_is_ignored() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0, tasked=("sy",))
    reply = script.reply(RFI_1, "sy", T0 + 1, Reply.ACCEPTED)
    assert reply["id"] == response_id(RFI_1, "sy")
    script.records[-1] = dict(reply, id=f"allyhub-rfi-response--{uuid.uuid4()}")
    assert fold(script.records, IDENTITIES, T0 + 2).rfis[RFI_1].status is RfiStatus.ROUTED


def test_rfi_steps_say_who_did_what() -> None:
    script = Script()
    script.ask(RFI_1, "ru", T0)
    script.route(RFI_1, T0 + 1, "sy")
    script.reply(RFI_1, "sy", T0 + 2, Reply.ACCEPTED)
    script.end(RFI_1, T0 + 3, Written.CLOSED)
    steps = fold(script.records, IDENTITIES, T0 + 4).steps
    assert [(s.kind, s.by, s.members) for s in steps] == [
        ("asked", "ru", ()),
        ("routed", "ru", ("sy",)),
        ("accepted", "sy", ()),
        ("closed", "ru", ()),
    ]


acts = st.lists(
    st.tuples(
        st.sampled_from(["route", "accept", "decline", "answer", "satisfy", "close"]),
        st.sampled_from(MEMBERS),
        st.integers(min_value=1, max_value=200),
    ),
    max_size=25,
)


def _play(plan: list[tuple[str, str, int]]) -> Script:
    """Any sequence of acts, lawful or not, as records (times may go backwards)."""
    script = Script()
    script.ask(RFI_1, "ru", T0, deadline=T0 + 150 * HOUR)
    for act, member, hours in plan:
        at = T0 + hours * HOUR
        if act == "route":
            tasked = {r for r in script.latest[RFI_1].get("tasked_refs", [])}
            members = sorted({IDENTITIES[r] for r in tasked} | {member})
            script.route(RFI_1, at, *members)
        elif act in ("satisfy", "close"):
            script.end(RFI_1, at, Written.SATISFIED if act == "satisfy" else Written.CLOSED)
        else:
            reply = {"accept": Reply.ACCEPTED, "decline": Reply.DECLINED}.get(act, Reply.ANSWERED)
            script.reply(RFI_1, member, at, reply, (REPORT,), created=T0)
    return script


@settings(max_examples=150, deadline=None)
@given(plan=acts, seed=st.integers(), now=st.integers(min_value=0, max_value=300))
def test_rfi_fold_converges_whatever_the_order_and_repetition(
    plan: list[tuple[str, str, int]], seed: int, now: int
) -> None:
    records = _play(plan).records
    shuffled = records + records[: len(records) // 2]
    random.Random(seed).shuffle(shuffled)
    at = T0 + now * HOUR
    assert fold(shuffled, IDENTITIES, at) == fold(records, IDENTITIES, at)


@settings(max_examples=150, deadline=None)
@given(plan=acts, now=st.integers(min_value=0, max_value=300))
def test_rfi_fold_keeps_the_rules_whatever_is_written(
    plan: list[tuple[str, str, int]], now: int
) -> None:
    state = fold(_play(plan).records, IDENTITIES, T0 + now * HOUR)
    rfi = state.rfis[RFI_1]
    assert "ru" not in rfi.tasked  # the requester is never tasked
    for tasking in rfi.taskings:
        if tasking.replied_at is not None:
            assert tasking.replied_at <= T0 + 150 * HOUR  # nothing after the deadline
            if rfi.closed_at is not None:
                assert tasking.replied_at <= rfi.closed_at
    if rfi.status is RfiStatus.SATISFIED:
        assert rfi.written is Written.SATISFIED and rfi.tasked
    if rfi.status is RfiStatus.EXPIRED:
        assert not rfi.answered and T0 + now * HOUR > T0 + 150 * HOUR
    assert all(s.by == "ru" for s in state.steps if s.kind in ("asked", "routed", "closed"))
