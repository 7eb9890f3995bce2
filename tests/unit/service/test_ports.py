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

from allyhub.service.ports import (
    AuditStore,
    Clock,
    FusionStore,
    FusionWriter,
    KeyStore,
    ObjectStore,
    PeerStore,
    SearchStore,
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
from tests.unit.service.fakes import (
    FakeAuditStore,
    FakeClock,
    FakeKeyStore,
    FakeObjectStore,
    FakeStatusStore,
    FakeUnitOfWork,
)

FITS = [
    pytest.param(ObjectStore, FakeObjectStore, id="ObjectStore-fake"),
    pytest.param(UnitOfWork, FakeUnitOfWork, id="UnitOfWork-fake"),
    pytest.param(KeyStore, FakeKeyStore, id="KeyStore-fake"),
    pytest.param(StatusStore, FakeStatusStore, id="StatusStore-fake"),
    pytest.param(AuditStore, FakeAuditStore, id="AuditStore-fake"),
    pytest.param(Clock, FakeClock, id="Clock-fake"),
    pytest.param(ObjectStore, SqlObjectStore, id="ObjectStore-sql"),
    pytest.param(UnitOfWork, SqlUnitOfWork, id="UnitOfWork-sql"),
    pytest.param(KeyStore, SqlKeyStore, id="KeyStore-sql"),
    pytest.param(StatusStore, SqlStatusStore, id="StatusStore-sql"),
    pytest.param(AuditStore, SqlAuditStore, id="AuditStore-sql"),
    pytest.param(PeerStore, SqlPeerStore, id="PeerStore-sql"),
    pytest.param(FusionStore, SqlFusionStore, id="FusionStore-sql"),
    pytest.param(FusionWriter, SqlFusionWriter, id="FusionWriter-sql"),
    pytest.param(SearchStore, SqlSearchStore, id="SearchStore-sql"),
]


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
        "from allyhub.service.ports import AuditStore, Clock, KeyStore, ObjectStore\n"
        "from allyhub.service.ports import UnitOfWork, StatusStore\n"
        "from tests.unit.service.fakes import FakeAuditStore, FakeClock, FakeKeyStore\n"
        "from tests.unit.service.fakes import FakeObjectStore, FakeUnitOfWork\n"
        "from tests.unit.service.fakes import FakeStatusStore, Tables\n"
        "tables = Tables()\n"
        "store: ObjectStore = FakeObjectStore(tables)\n"
        "writer: UnitOfWork = FakeUnitOfWork(tables)\n"
        "keys: KeyStore = FakeKeyStore()\n"
        "statuses: StatusStore = FakeStatusStore(tables)\n"
        "audit: AuditStore = FakeAuditStore(tables)\n"
        "clock: Clock = FakeClock()\n"
    )
    out, err, status = api.run(["--strict", "--follow-imports=silent", str(check)])
    assert status == 0, out + err
