"""The sync state machine under random shares, crashes and delivery orders.

Hubs are real services over real SQLite files; pages travel through the real read path
of the source (as the peer principal) and the real receive path of the puller. Hypothesis
picks who shares what, which hub pulls which peer next, page sizes, pages lost in flight
(a crash between fetch and store) and hub restarts. Whatever it picks, once everyone has
pulled everyone to the end, every hub holds exactly the versions its hosted members may
see, and pulling again changes nothing.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from allyhub.app import Services, build_services
from allyhub.charter import Role, Tlp, load_charter
from allyhub.client import ObjectsPage
from allyhub.federation.pull import pull_collection
from allyhub.policy.standing import MemberState
from allyhub.policy.visibility import Labels, visible
from allyhub.records import EVERYTHING, ObjectQuery, VersionMatch, VersionPick
from allyhub.service import Filters, Principal
from allyhub.settings import Settings
from allyhub.stix.markings import releasability_marking
from allyhub.timestamps import format_timestamp, parse_timestamp
from tests.conftest import SEED_RSII, pin_hub_keys
from tests.factories import indicator

ALL = VersionMatch(frozenset({VersionPick.ALL}))
HUBS = ("damascus", "baghdad")


class InProcessPeer:
    """Stands in for TaxiiClient: the source's read path called as the peer principal."""

    def __init__(self, source: Services, principal: Principal, limit: int, lose: bool) -> None:
        self.source, self.principal, self.limit, self.lose = source, principal, limit, lose

    def page(
        self,
        url: str,
        *,
        added_after: str | None,
        next_token: str | None,
        limit: int,
        versions: str,
    ) -> ObjectsPage:
        assert versions == "all", versions  # a peer hub is asked for every version
        del url, limit
        filters = Filters(
            added_after=parse_timestamp(added_after) if added_after else None,
            next=next_token,
            limit=self.limit,
            versions=ALL,
        )
        page = self.source.reading.objects(self.principal, self.collection, filters)
        if self.lose:
            self.lose = False
            raise ConnectionError("the page was lost in flight")
        return ObjectsPage(
            objects=[orjson.loads(row.body or b"{}") for row in page.rows],
            more=page.more,
            next=page.next,
            last_added=format_timestamp(page.last_added) if page.last_added else None,
            extensions=page.extensions,
        )

    collection = ""


class SyncMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="allyhub-sync-"))
        self.charter_path = self.root / "rsii.toml"  # the seed's hosting, keys pinned
        dirs = {hub: self.root / hub for hub in HUBS}
        self.charter_path.write_text(pin_hub_keys(SEED_RSII.read_text(), dirs))
        self.charter = load_charter(self.charter_path)
        self.ident = {m.id: m.identity for m in self.charter.members}
        self.shared: list[tuple[str, Labels]] = []
        self.services: dict[str, Services] = {}

    def _settings(self, hub: str) -> Settings:
        return Settings(
            charter=str(self.charter_path),
            hub=hub,
            data_dir=str(self.root / hub),
            db=f"sqlite:///{self.root / hub}.sqlite",
            secret_key="s",
            sqlite_synchronous="normal",
        )

    @initialize()
    def start(self) -> None:
        for hub in HUBS:
            self.services[hub] = build_services(self._settings(hub))
        self.peer_keys = {
            (source, puller): self.services[source].keys.create_peer(puller)[0]
            for source in HUBS
            for puller in HUBS
            if source != puller
        }
        self.analysts = {
            member: (hub, self.services[hub].keys.create(member, Role.ANALYST)[0])
            for hub in HUBS
            for member in self.charter.hub(hub).hosts  # type: ignore[union-attr]
        }

    @rule(
        member=st.sampled_from(["ru", "sy", "hz", "ir", "iq"]),
        tlp=st.sampled_from(list(Tlp)),
        listed=st.frozensets(
            st.sampled_from(["ru", "sy", "hz", "ir", "iq"]), min_size=1, max_size=2
        ),
        count=st.integers(1, 4),
    )
    def share(self, member: str, tlp: Tlp, listed: frozenset[str], count: int) -> None:
        hub, key = self.analysts[member]
        services = self.services[hub]
        objects: list[dict[str, Any]] = []
        markings: tuple[str, ...] = ()
        audience: frozenset[str] | None = None
        if tlp in (Tlp.AMBER_STRICT, Tlp.RED, Tlp.AMBER):
            marking = releasability_marking([self.ident[m] for m in listed], self.ident[member])
            objects.append(marking)
            markings, audience = (marking["id"],), listed
        made = [indicator(self.ident[member], tlp=tlp, markings=markings) for _ in range(count)]
        status = services.sharing.share(
            services.keys.authenticate(key), "joint", orjson.dumps({"objects": objects + made})
        )
        assert not status.failures, status.failures
        self.shared += [(o["id"], Labels(tlp, audience, None, member, 0)) for o in made]

    @rule(puller=st.sampled_from(HUBS), limit=st.integers(1, 7), lose=st.booleans())
    def pull(self, puller: str, limit: int, lose: bool) -> None:
        source = next(h for h in HUBS if h != puller)
        self._pull(puller, source, limit, lose)

    def _pull(self, puller: str, source: str, limit: int, lose: bool) -> None:
        principal = self.services[source].keys.authenticate(self.peer_keys[(source, puller)])
        client = InProcessPeer(self.services[source], principal, limit, lose)
        replication = self.services[puller].replication
        for collection in replication.pulled_collections():
            client.collection = collection.id
            try:
                pull_collection(client, replication, source, collection, "", None)  # type: ignore[arg-type]
            except ConnectionError:
                pass  # the next pull resumes from the durable cursor

    @precondition(lambda self: bool(self.services))
    @rule(hub=st.sampled_from(HUBS))
    def restart(self, hub: str) -> None:
        self.services[hub].engine.dispose()
        self.services[hub] = build_services(self._settings(hub))

    def _held(self, hub: str) -> set[str]:
        services = self.services[hub]
        joint = self.charter.collection("joint").id  # type: ignore[union-attr]
        rows = services.reading._store.page(  # noqa: SLF001 - the machine inspects the store
            ObjectQuery(joint, limit=100_000, types=("indicator",), versions=ALL),
            EVERYTHING,
            with_body=False,
        ).rows
        return {r.stix_id for r in rows}

    @invariant()
    def never_holds_what_its_members_may_not_see(self) -> None:
        for hub in self.services:
            viewers = [
                MemberState(m, self.charter.member(m).tier) for m in self.charter.hub(hub).hosts
            ]  # type: ignore[union-attr]
            allowed = {i for i, labels in self.shared if any(visible(v, labels) for v in viewers)}
            assert self._held(hub) <= allowed

    def teardown(self) -> None:
        if self.services:
            for _ in range(2):
                for puller in HUBS:
                    self._pull(puller, next(h for h in HUBS if h != puller), 1000, False)
            for hub in HUBS:
                viewers = [
                    MemberState(m, self.charter.member(m).tier) for m in self.charter.hub(hub).hosts
                ]  # type: ignore[union-attr]
                allowed = {
                    i for i, labels in self.shared if any(visible(v, labels) for v in viewers)
                }
                assert self._held(hub) == allowed, hub
            for services in self.services.values():
                services.engine.dispose()
        shutil.rmtree(self.root, ignore_errors=True)


SyncMachine.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_sync_machine = SyncMachine.TestCase
