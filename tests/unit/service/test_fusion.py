"""FusionService over fakes: the worker derives names, links and values from stored
versions; each reader's entities, links and correlations keep only what it may see."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from allyhub.charter import Tlp
from allyhub.errors import NotFound, StoreError
from allyhub.records import Derived
from tests.factories import indicator, threat_actor
from tests.unit.service.hub import FakeHub, member, share

SECOND = 1_000_000


def _hub_with_two_spellings(tlp: Tlp = Tlp.GREEN) -> tuple[FakeHub, str, str]:
    hub = FakeHub()
    first = threat_actor(name="Qasem Soleimani")
    second = threat_actor(name="Qassem Suleimani", tlp=tlp)
    share(hub, "ru", first)
    hub.clock.advance(SECOND)
    share(hub, "sy", second)
    assert hub.fusion.backlog()[0] > 0
    assert hub.fusion.catch_up() > 0
    assert hub.fusion.backlog() == (0, None)
    return hub, first["id"], second["id"]


def test_two_spellings_of_one_name_make_one_entity() -> None:
    hub, first, second = _hub_with_two_spellings()
    entity = hub.fusion.entity(member("hz"), first)
    assert set(entity.objects) == {first, second}
    assert set(entity.members) == {"ru", "sy"}
    (link,) = entity.links
    assert {link.a, link.b} == {first, second} and link.band == "link"
    assert "Qasem Soleimani" in link.why


def test_a_reader_does_not_reach_an_object_it_may_not_see_through_fusion() -> None:
    hub, first, second = _hub_with_two_spellings(tlp=Tlp.AMBER)
    assert set(hub.fusion.entity(member("ru"), first).objects) == {first, second}
    assert hub.fusion.entity(member("hz"), first).objects == [first]  # AMBER: full only
    with pytest.raises(NotFound):
        hub.fusion.entity(member("hz"), second)
    assert hub.fusion.links_among(member("hz"), [first, second]) == []


def test_indicators_of_one_value_correlate_for_whoever_sees_both() -> None:
    hub = FakeHub()
    one, two = indicator(value="203.0.113.5"), indicator(value="203.0.113.5", tlp=Tlp.AMBER)
    share(hub, "ru", one)
    hub.clock.advance(SECOND)
    share(hub, "sy", two)
    hub.fusion.catch_up()
    (found,) = [
        c for c in hub.fusion.correlations(member("iq"), one["id"]) if "203.0.113.5" in c.value
    ]
    assert found.objects == [two["id"]] and not found.common
    assert not [c for c in hub.fusion.correlations(member("hz"), one["id"]) if c.objects]


def test_a_decision_is_audited_and_marks_the_link() -> None:
    hub, first, second = _hub_with_two_spellings()
    link = hub.fusion.decide(member("iq"), first, second, True)
    assert link.decided is True
    assert hub.tables.audit[-1].member == "iq"
    (again,) = hub.fusion.links_among(member("iq"), [first, second])
    assert again.decided is True


# -- the worker process's loop: one batch written while the next is derived -------------

SPELLINGS = (
    "Qasem Soleimani",
    "Qassem Suleimani",
    "Касем Сулеймани",
    "قاسم سليماني",
    "Abu Bakr al-Baghdadi",
    "Abu Bakr Baghdadi",
    "Hezbollah",
    "Hizballah",
)


def _twins() -> tuple[FakeHub, FakeHub]:
    """Two hubs holding the same versions: one derived by ``catch_up``, as the reference."""
    objects = [threat_actor(name=name) for name in SPELLINGS]
    hubs = FakeHub(), FakeHub()
    for hub in hubs:
        for obj in objects:
            share(hub, "ru", obj)
            hub.clock.advance(SECOND)
    return hubs


def _filed(hub: FakeHub) -> tuple[object, ...]:
    tables = hub.tables
    links = {key: (row.score, row.band) for key, row in tables.links.items()}
    return tables.fusion_cursor, dict(tables.entries), dict(tables.names), links


def test_the_worker_loop_files_what_catch_up_files() -> None:
    reference, worker = _twins()
    looked_at = reference.fusion.catch_up()
    with ThreadPoolExecutor(1) as writes:
        assert worker.fusion._overlapped(writes, 3, threading.Event()) == looked_at
    assert _filed(worker) == _filed(reference)
    assert worker.fusion.backlog() == (0, None)
    assert len(reference.tables.links) >= 3  # the spellings were linked, not just filed


def _second_write(
    monkeypatch: pytest.MonkeyPatch, hub: FakeHub, outcome: Exception | bool
) -> list[int]:
    """Make the worker's second write fail with ``outcome`` (raised, or returned: False
    is another worker having moved the cursor); returns where each write moved it to."""
    write = hub.fusion._write
    moved_to: list[int] = []

    def second(derived: Derived, cursor: int, to: int) -> bool:
        moved_to.append(to)
        if len(moved_to) != 2:
            return write(derived, cursor, to)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(hub.fusion, "_write", second)
    return moved_to


def test_a_failed_write_in_the_worker_loop_is_derived_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference, worker = _twins()
    reference.fusion.catch_up()
    moved_to = _second_write(monkeypatch, worker, StoreError("disk I/O error"))
    with ThreadPoolExecutor(1) as writes:
        with pytest.raises(StoreError):
            worker.fusion._overlapped(writes, 3, threading.Event())
        # the first batch is stored; the index, ahead of the store, was dropped
        assert worker.tables.fusion_cursor == moved_to[0]
        assert worker.fusion._index is None
        worker.fusion._overlapped(writes, 3, threading.Event())
    assert _filed(worker) == _filed(reference)


def test_the_worker_loop_starts_again_from_the_store_when_another_worker_moved_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reference, worker = _twins()
    reference.fusion.catch_up()
    moved_to = _second_write(monkeypatch, worker, False)
    with ThreadPoolExecutor(1) as writes:
        worker.fusion._overlapped(writes, 3, threading.Event())  # no error: it starts again
        assert worker.fusion._index is None
        assert worker.tables.fusion_cursor == moved_to[0]
        worker.fusion._overlapped(writes, 3, threading.Event())
    assert _filed(worker) == _filed(reference)
