"""No member receives a request for information, or a count, gap, time, suggestion or
event about one, that it may not see: random requests with random markings, taskings
and replies, then every RFI read path of every member against the policy's pure rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from allyhub.app import Services, build_services
from allyhub.charter import Role, Tlp
from allyhub.errors import InvalidRequest, NotFound
from allyhub.policy.visibility import Labels, visible
from allyhub.records import VersionMatch, VersionPick
from allyhub.rfi import Reply
from allyhub.service import Filters, Principal
from allyhub.service.rfi import Marking, Question
from allyhub.settings import Settings
from tests.conftest import RSII

MEMBERS = ("ru", "sy", "ir", "iq", "hz")
TABLES = ("objects", "audit", "statuses")  # member sets stay: the store caches their ids


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    base = tmp_path_factory.mktemp("rfi")
    built = build_services(
        Settings(
            charter=str(RSII),
            hub="damascus",
            data_dir=str(base),
            secret_key="s",
            db=f"sqlite:///{base / 'hub.sqlite'}",
            sqlite_synchronous="normal",
        )
    )
    yield built
    built.engine.dispose()


asks = st.tuples(
    st.sampled_from(MEMBERS),
    st.sampled_from([Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED]),
    st.frozensets(st.sampled_from(MEMBERS), max_size=3),  # released to
    st.frozensets(st.sampled_from(MEMBERS), max_size=3),  # tasked
    st.frozensets(st.sampled_from(MEMBERS), max_size=3),  # of those, who accepts
    st.sampled_from(["SY", "IQ", "TR"]),
    st.none() | st.sampled_from(MEMBERS),  # a member the asker denies first
)


def _labels(asker: str, tlp: Tlp, released: frozenset[str], denied: set[str]) -> Labels:
    audience = released | {asker} if released else None
    return Labels(tlp, audience, frozenset(denied) or None, asker, 0)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=st.lists(asks, min_size=1, max_size=5))
@example(
    scenario=[
        (
            "ru",
            Tlp.AMBER_STRICT,
            frozenset({"sy"}),
            frozenset({"sy"}),
            frozenset({"sy"}),
            "TR",
            None,
        )
    ]
)
@example(
    scenario=[("hz", Tlp.AMBER, frozenset(), frozenset({"ru"}), frozenset({"ru"}), "SY", None)]
)
@example(
    scenario=[("ir", Tlp.AMBER, frozenset(), frozenset({"sy"}), frozenset({"sy"}), "SY", "ru")]
)
@example(  # ru denies sy, then sy tasks ru: allowed, and ru's acceptance reaches sy
    scenario=[
        ("ru", Tlp.GREEN, frozenset(), frozenset(), frozenset(), "SY", "sy"),
        ("sy", Tlp.GREEN, frozenset(), frozenset({"ru"}), frozenset({"ru"}), "SY", None),
    ]
)
def test_rfi_read_paths_show_only_what_the_policy_allows(
    services: Services, scenario: list[tuple[Any, ...]]
) -> None:
    with services.engine.begin() as connection:
        for table in TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
    who: dict[str, Principal] = {
        m: services.keys.authenticate(services.keys.create(m, Role.ANALYST)[0]) for m in MEMBERS
    }
    liaison = {
        m: services.keys.authenticate(services.keys.create(m, Role.LIAISON)[0]) for m in MEMBERS
    }
    denied: dict[str, set[str]] = {m: set() for m in MEMBERS}
    state = services.coalition.state()
    rfi = services.rfi
    seen_by: dict[str, set[str]] = {m: set() for m in MEMBERS}
    made: list[str] = []
    for asker, tlp, released, tasked, accepting, region, deny in scenario:
        if deny is not None and deny != asker:
            services.governance.deny(liaison[asker], deny)
            denied[asker].add(deny)
        if tlp in (Tlp.AMBER_STRICT, Tlp.RED) and not released - {asker}:
            released = frozenset({"sy" if asker != "sy" else "ru"})
        labels = _labels(asker, tlp, released - {asker}, denied[asker])
        tasked = tasked - {asker}
        question = Question(
            "Q?",
            regions=(region,),
            task=tuple(tasked),
            marking=Marking(tlp, tuple(sorted(released - {asker}))),
        )
        # Each tasked member must be able to see it. Whether a tasked member has denied
        # the asker plays no part: its reply is addressed to the asker and skips no one,
        # and a refusal would tell the asker whom that member denies.
        lawful = all(visible(state.members[m], labels) for m in tasked)
        try:
            asked = rfi.ask(who[asker], question).rfi
        except InvalidRequest:
            assert not lawful  # refused exactly when a tasked member could not see it
            continue
        assert lawful
        made.append(asked.id)
        for member in MEMBERS:
            if visible(state.members[member], labels):
                seen_by[member].add(asked.id)
        for member in sorted(accepting & tasked):
            rfi.respond(who[member], asked.id, Reply.ACCEPTED)

    for member in MEMBERS:
        mine = seen_by[member]
        principal = who[member]
        assert {v.rfi.id for v in rfi.rfis(principal)} == mine
        board = rfi.board(principal)
        assert {c.id for col in board.columns for c in col.cards} == mine and board.total == len(
            mine
        )
        coverage = rfi.coverage(principal)
        assert coverage.total == len(mine)
        assert {i for g in coverage.gaps for i in g.wanted_by} <= mine
        assert {o.rfi for o in coverage.overdue} <= mine
        assert sum(t.tasked for t in coverage.timeliness) == sum(
            len(rfi.get(principal, i).rfi.tasked) for i in mine
        )
        assert {e.rfi for e in rfi.changes(principal)} == mine
        queue = rfi.queue(principal)
        assert {i.card.id for i in (*queue.tasked, *queue.asked)} <= mine
        for hidden in set(made) - mine:
            with pytest.raises(NotFound):
                rfi.get(principal, hidden)
            with pytest.raises(NotFound):
                rfi.suggestions(principal, hidden)
        for shown in mine:
            for suggestion in rfi.suggestions(principal, shown).suggestions:
                assert suggestion.may_see == (shown in seen_by[suggestion.member])
        # Over TAXII too: no record (request or response) about a request hidden from it.
        everything = Filters(versions=VersionMatch(frozenset({VersionPick.ALL})))
        rows = services.reading.objects(principal, "rfi", everything).rows
        bodies = [orjson.loads(row.body or b"{}") for row in rows]
        about = {b["id"] for b in bodies if b["type"] == "allyhub-rfi"}
        about |= {b["rfi_ref"] for b in bodies if b["type"] == "allyhub-rfi-response"}
        assert about == mine
