"""The fakes and the real stores both fit the service's ports (service/ports.py).

Like warehouse's `verifyClass`, member by member: every method a Protocol declares exists
on the class, with the same parameters (names, kinds, defaults). mypy checks the types: of
the real stores where composition.py passes them to the services, of the fakes by
`test_fakes_fit_the_ports_for_mypy` below.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from allyhub.service import ports
from allyhub.service.ports import (
    AuditStore,
    Clock,
    FusionStore,
    FusionWriter,
    KeyStore,
    ObjectStore,
    PeerStore,
    SearchStore,
    ShareTally,
    StatusStore,
    UnitOfWork,
)
from allyhub.store.audit import SqlAuditStore
from allyhub.store.fusion import SqlFusionStore, SqlFusionWriter
from allyhub.store.keys import SqlKeyStore
from allyhub.store.objects import SqlObjectStore, SqlUnitOfWork
from allyhub.store.peers import SqlPeerStore
from allyhub.store.search import SqlSearchStore
from allyhub.store.statuses import SqlStatusStore
from tests.unit.service import fakes

FAKES: dict[type, type] = {
    ObjectStore: fakes.FakeObjectStore,
    UnitOfWork: fakes.FakeUnitOfWork,
    KeyStore: fakes.FakeKeyStore,
    StatusStore: fakes.FakeStatusStore,
    AuditStore: fakes.FakeAuditStore,
    PeerStore: fakes.FakePeerStore,
    FusionStore: fakes.FakeFusionStore,
    FusionWriter: fakes.FakeFusionWriter,
    SearchStore: fakes.FakeSearchStore,
    Clock: fakes.FakeClock,
    ShareTally: fakes.FakeTally,
}
"""Each port of service/ports.py and its in-memory fake."""

SQL: dict[type, type] = {
    ObjectStore: SqlObjectStore,
    UnitOfWork: SqlUnitOfWork,
    KeyStore: SqlKeyStore,
    StatusStore: SqlStatusStore,
    AuditStore: SqlAuditStore,
    PeerStore: SqlPeerStore,
    FusionStore: SqlFusionStore,
    FusionWriter: SqlFusionWriter,
    SearchStore: SqlSearchStore,
}
"""Each port the store implements and its SQL class (Clock and ShareTally are not the
store's: the composition passes a function and `ShareCounts`)."""

FITS = [pytest.param(port, cls, id=f"{port.__name__}-fake") for port, cls in FAKES.items()] + [
    pytest.param(port, cls, id=f"{port.__name__}-sql") for port, cls in SQL.items()
]


def _ports() -> set[type]:
    return {
        value
        for value in vars(ports).values()
        if isinstance(value, type)
        and getattr(value, "_is_protocol", False)
        and value.__module__ == ports.__name__
    }


def test_every_port_has_a_fake() -> None:
    """A port added to service/ports.py without a fake fails here."""
    assert {p.__name__ for p in _ports()} == {p.__name__ for p in FAKES}


def test_every_store_port_has_a_sql_class() -> None:
    assert {p.__name__ for p in _ports()} - {p.__name__ for p in SQL} == {"Clock", "ShareTally"}


def _members(protocol: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(value)
        for name, value in vars(protocol).items()
        if inspect.isfunction(value) and (not name.startswith("_") or name == "__call__")
    }


def _shape(signature: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in signature.parameters.values()]


@pytest.mark.parametrize(("protocol", "cls"), FITS)
def test_class_has_every_member_of_its_port(protocol: type, cls: type) -> None:
    members = _members(protocol)
    assert members, protocol
    for name, wanted in members.items():
        found = getattr(cls, name, None)
        assert callable(found), f"{cls.__name__} lacks {name}"
        assert _shape(inspect.signature(found)) == _shape(wanted), f"{cls.__name__}.{name}"


EXTRAS: dict[type, set[str]] = {fakes.FakeClock: {"advance"}}
"""Public methods a fake has beyond its port, for the tests that drive it."""


def _public_methods(cls: type) -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


@pytest.mark.parametrize(("protocol", "cls"), FAKES.items(), ids=[p.__name__ for p in FAKES])
def test_fake_has_nothing_its_port_lacks(protocol: type, cls: type) -> None:
    """A fake offers what its port offers: a service that called a method the fake has and
    the port lacks would pass its unit tests and fail on the store."""
    assert _public_methods(cls) - set(_members(protocol)) == EXTRAS.get(cls, set())


def test_port_check_sees_a_misfit() -> None:
    class Misfit:
        def get(self, status: str) -> None: ...

    with pytest.raises(AssertionError):
        test_class_has_every_member_of_its_port(StatusStore, Misfit)


def test_fakes_fit_the_ports_for_mypy(tmp_path: Path) -> None:
    """mypy (strict) on a module that hands each fake to its port."""
    from mypy import api

    check = tmp_path / "fit.py"
    check.write_text(
        "from allyhub.service.ports import AuditStore, Clock, FusionStore, FusionWriter, KeyStore, ObjectStore, PeerStore, SearchStore, ShareTally, StatusStore, UnitOfWork\n"
        "from tests.unit.service import fakes\n"
        "tables = fakes.Tables()\n"
        "store: ObjectStore = fakes.FakeObjectStore(tables)\n"
        "unit: UnitOfWork = fakes.FakeUnitOfWork(tables)\n"
        "keys: KeyStore = fakes.FakeKeyStore()\n"
        "statuses: StatusStore = fakes.FakeStatusStore(tables)\n"
        "audit: AuditStore = fakes.FakeAuditStore(tables)\n"
        "peers: PeerStore = fakes.FakePeerStore(tables)\n"
        "fusion: FusionStore = fakes.FakeFusionStore(tables)\n"
        "fusion_writer: FusionWriter = fakes.FakeFusionWriter(tables)\n"
        "search: SearchStore = fakes.FakeSearchStore(tables)\n"
        "clock: Clock = fakes.FakeClock()\n"
        "tally: ShareTally = fakes.FakeTally()\n"
    )
    out, err, status = api.run(["--strict", "--follow-imports=silent", str(check)])
    assert status == 0, out + err
