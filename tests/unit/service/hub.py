"""Services of one hub built over the in-memory fakes (tests/unit/service/fakes.py), wired
as composition.py wires the real ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from allyhub.charter import Charter, Role, load_charter
from allyhub.limits import JsonLimits
from allyhub.service import (
    Coalition,
    Cursors,
    KeyService,
    Principal,
    ReadingService,
    SharingService,
    Status,
)
from allyhub.service.admission import Admission
from allyhub.service.audit import AuditLog
from allyhub.service.browsing import BrowseService
from allyhub.service.fusion import FusionService
from allyhub.service.governance import GovernanceService
from allyhub.service.listing import ListingService
from allyhub.service.misp import MispService
from allyhub.service.pivots import PivotService
from allyhub.service.replication import ReplicationService
from allyhub.service.rfi import RfiService
from allyhub.service.seals import SealCheck, Sealer
from allyhub.service.search import SearchService
from allyhub.service.sync import SyncService
from allyhub.service.throttle import AuthThrottle, ThrottlePolicy
from tests.conftest import RSII
from tests.unit.service.fakes import (
    FakeAuditStore,
    FakeClock,
    FakeFusionStore,
    FakeKeyStore,
    FakeObjectStore,
    FakePeerStore,
    FakeSearchStore,
    FakeStatusStore,
    FakeTally,
    Tables,
)

KEY = Ed25519PrivateKey.generate()
SECRET = b"s" * 32


@dataclass
class FakeHub:
    """One hub (Damascus, hosting every member of the one-room charter) over fakes."""

    charter: Charter = field(default_factory=lambda: load_charter(RSII))
    hub: str = "damascus"
    clock: FakeClock = field(default_factory=FakeClock)
    tables: Tables = field(default_factory=Tables)
    keystore: FakeKeyStore = field(default_factory=FakeKeyStore)
    key: Ed25519PrivateKey = KEY

    def __post_init__(self) -> None:
        store = FakeObjectStore(self.tables)
        self.store = store
        self.coalition = Coalition(self.charter, self.hub, store)
        self.audit_store = FakeAuditStore(self.tables)
        self.audit = AuditLog(store, self.audit_store, self.key, self.clock, self.coalition)
        throttle = AuthThrottle(ThrottlePolicy.of_seconds(3, 10, 60, 60), self.clock)
        self.keys = KeyService(
            self.keystore, self.coalition, SECRET, self.clock, self.audit, throttle
        )
        self.admission = Admission(
            self.coalition,
            store,
            self.clock,
            self.audit,
            Sealer(self.key, self.charter.id, self.hub),
            SealCheck(self.charter, (self.hub, self.key.public_key())),
        )
        self.tally = FakeTally()
        limits = JsonLimits()
        self.sharing = SharingService(
            self.coalition,
            store,
            self.clock,
            self.audit,
            self.admission,
            limits,
            10,
            tally=self.tally,
        )
        self.governance = GovernanceService(
            self.coalition, store, self.clock, self.audit, self.admission
        )
        self.rfi = RfiService(self.coalition, store, self.clock, self.audit, self.admission)
        self.reading = ReadingService(
            self.coalition,
            store,
            FakeStatusStore(self.tables),
            100,
            self.audit,
            self.clock,
            Cursors(SECRET),
        )
        self.peers = FakePeerStore(self.tables)
        self.replication = ReplicationService(
            self.coalition,
            store,
            self.peers,
            self.clock,
            self.audit,
            SECRET,
            self.admission,
            limits,
        )
        self.sync = SyncService(self.coalition, self.replication)
        self.fusion = FusionService(
            self.coalition,
            store,
            FakeFusionStore(self.tables),
            self.clock,
            self.audit,
            self.admission,
        )
        self.browse = BrowseService(self.coalition, store, self.sync, self.audit)
        self.search = SearchService(
            self.coalition, FakeSearchStore(self.tables), self.browse, self.fusion
        )
        self.listing = ListingService(
            self.coalition, store, self.browse, self.clock, self.search.matching
        )
        self.pivots = PivotService(self.browse, self.fusion)
        self.misp = MispService(self.coalition, store, self.sharing, self.reading)


def member(member_id: str, role: Role = Role.ANALYST) -> Principal:
    """A principal acting for a member of the one-room charter."""
    return Principal(f"{member_id}.{role.value}", member_id, role, "k")


def peer(hub_id: str) -> Principal:
    """A peer hub's principal."""
    return Principal(f"hub.{hub_id}", "", Role.PEER, "k", peer=hub_id)


def share(hub: FakeHub, who: str, *objects: dict[str, Any], collection: str = "joint") -> Status:
    """Share objects as a member's analyst; the status must hold no failure."""
    status = hub.sharing.share(member(who), collection, orjson.dumps({"objects": list(objects)}))
    assert status.failure_count == 0, status.failures
    return status
