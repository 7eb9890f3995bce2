"""Services of one hub built over the in-memory fakes (tests/unit/service/fakes.py), wired
as composition.py wires the real ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from allyhub.charter import Charter, load_charter
from allyhub.service import Coalition, Cursors, KeyService, ReadingService, SharingService
from allyhub.service.admission import Admission
from allyhub.service.audit import AuditLog
from allyhub.service.governance import GovernanceService
from allyhub.service.rfi import RfiService
from allyhub.service.seals import SealCheck, Sealer
from allyhub.service.throttle import AuthThrottle, ThrottlePolicy
from allyhub.stix.limits import JsonLimits
from tests.conftest import RSII
from tests.unit.service.fakes import (
    FakeAuditStore,
    FakeClock,
    FakeKeyStore,
    FakeObjectStore,
    FakeStatusStore,
    Tables,
)

KEY = Ed25519PrivateKey.generate()


@dataclass
class FakeHub:
    """One hub (Damascus, hosting every member of the one-room charter) over fakes."""

    charter: Charter = field(default_factory=lambda: load_charter(RSII))
    hub: str = "damascus"
    clock: FakeClock = field(default_factory=FakeClock)
    tables: Tables = field(default_factory=Tables)
    keystore: FakeKeyStore = field(default_factory=FakeKeyStore)

    def __post_init__(self) -> None:
        store = FakeObjectStore(self.tables)
        self.store = store
        self.coalition = Coalition(self.charter, self.hub, store)
        self.audit = AuditLog(store, FakeAuditStore(self.tables), KEY, self.clock, self.coalition)
        throttle = AuthThrottle(ThrottlePolicy.of_seconds(3, 10, 60, 60), self.clock)
        self.keys = KeyService(
            self.keystore, self.coalition, b"s", self.clock, self.audit, throttle
        )
        self.admission = Admission(
            self.coalition,
            store,
            self.clock,
            self.audit,
            Sealer(KEY, self.charter.id, self.hub),
            SealCheck(self.charter, (self.hub, KEY.public_key())),
        )
        self.sharing = SharingService(
            self.coalition, store, self.clock, self.audit, self.admission, JsonLimits(), 10
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
            Cursors(b"s"),
        )
