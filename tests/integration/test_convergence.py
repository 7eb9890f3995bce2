"""Three real hub processes (one on PostgreSQL) converge through crashes and a partition.

Members share concurrently at every hub; one hub is killed with SIGKILL mid-sync and
restarted, another is stopped for a while (a partition) and brought back. Once quiet,
every hub holds exactly the versions visible to the members it hosts: nothing lost,
nothing extra, no RED outside the hubs of its listed members.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import orjson
import pytest

from allyhub.app import build_services
from allyhub.charter import Role, Tlp, load_charter
from allyhub.policy.standing import MemberState
from allyhub.policy.visibility import Labels, visible
from allyhub.records import EVERYTHING, ObjectQuery, VersionMatch, VersionPick
from allyhub.settings import Settings
from allyhub.stix.markings import releasability_marking
from tests.conftest import HubProcess, free_port, pin_hub_keys
from tests.factories import indicator

TAXII = "application/taxii+json;version=2.1"
HOSTS = {"damascus": ("sy", "ru"), "baghdad": ("iq", "ir"), "beirut": ("hz",)}

CHARTER = """
[coalition]
id = "trio"
name = "Three command rooms"

[rules]
default_marking = "green"

[[members]]
id = "ru"
name = "Russia"
tier = "full"
[[members]]
id = "sy"
name = "Syria"
tier = "full"
[[members]]
id = "ir"
name = "Iran"
tier = "full"
[[members]]
id = "iq"
name = "Iraq"
tier = "full"
[[members]]
id = "hz"
name = "Hezbollah"
tier = "associate"
{hubs}
[[collections]]
alias = "joint"
title = "Joint"
"""

HUB = """
[[hubs]]
id = "{id}"
url = "http://127.0.0.1:{port}"
operator = "{operator}"
hosts = [{hosts}]
peers = [{peers}]
"""


@dataclass(frozen=True)
class Shared:
    stix_id: str
    version: int
    labels: Labels


def _charter(tmp_path: Path, ports: dict[str, int]) -> Path:
    hubs = "".join(
        HUB.format(
            id=hub,
            port=ports[hub],
            operator=hosts[0],
            hosts=", ".join(f'"{m}"' for m in hosts),
            peers=", ".join(f'"{p}"' for p in HOSTS if p != hub),
        )
        for hub, hosts in HOSTS.items()
    )
    path = tmp_path / "trio.toml"
    keys = {hub: tmp_path / hub for hub in HOSTS}  # each hub's key, pinned for its peers
    path.write_text(pin_hub_keys(CHARTER.format(hubs=hubs), keys))
    return path


@pytest.mark.slow
def test_three_hubs_converge_through_sigkill_and_partition(
    tmp_path: Path, postgres_url: str
) -> None:
    ports = {hub: free_port() for hub in HOSTS}
    charter_path = _charter(tmp_path, ports)
    charter = load_charter(charter_path)
    settings = {
        hub: Settings(
            charter=str(charter_path),
            hub=hub,
            data_dir=str(tmp_path / hub),
            db=postgres_url if hub == "beirut" else f"sqlite:///{tmp_path / hub}.sqlite",
            secret_key="trio-secret",
            sqlite_synchronous="normal",
            sync_interval=200,
        )
        for hub in HOSTS
    }
    keys: dict[str, tuple[str, str]] = {}
    for hub, config in settings.items():
        services = build_services(config)
        for member in HOSTS[hub]:
            key, record = services.keys.create(member, Role.ANALYST)
            keys[member] = (record.principal, key)
        for other, other_config in settings.items():
            if other != hub:
                issued = build_services(other_config)
                peer_key, _ = issued.keys.create_peer(hub)
                services.replication.set_credentials(other, peer_key)
                issued.engine.dispose()
        services.engine.dispose()

    processes = {hub: HubProcess(config, ports[hub]) for hub, config in settings.items()}
    for process in processes.values():
        process.start()  # the sync loop starts with serve
    ident = {m.id: m.identity for m in charter.members}
    home = {member: hub for hub, members in HOSTS.items() for member in members}
    shared: list[Shared] = []
    lock = threading.Lock()
    collection = charter.collection("joint").id  # type: ignore[union-attr]

    def share_from(member: str, seed: int) -> None:
        rng = random.Random(seed)
        principal, key = keys[member]
        url = (
            f"http://127.0.0.1:{ports[home[member]]}/taxii2/trio/collections/{collection}/objects/"
        )
        with httpx.Client(
            auth=(principal, key), headers={"Accept": TAXII, "Content-Type": TAXII}, timeout=10
        ) as client:
            for _round in range(12):
                batch, labels = [], []
                for _ in range(5):
                    tlp = rng.choice(list(Tlp))
                    listed = frozenset(rng.sample(sorted(ident), rng.randint(1, 2)))
                    markings: tuple[str, ...] = ()
                    if tlp in (Tlp.AMBER_STRICT, Tlp.RED) or (
                        tlp is Tlp.AMBER and rng.random() < 0.5
                    ):
                        marking = releasability_marking([ident[m] for m in listed], ident[member])
                        batch.append(marking)
                        markings = (marking["id"],)
                    else:
                        listed = None  # type: ignore[assignment]
                    obj = indicator(ident[member], tlp=tlp, markings=markings)
                    batch.append(obj)
                    labels.append((obj, tlp, listed))
                try:
                    status = client.post(url, content=orjson.dumps({"objects": batch})).json()
                except httpx.HTTPError:
                    time.sleep(0.3)
                    continue  # the hub is down (killed or partitioned): not acknowledged
                ok = {s["id"] for s in status.get("successes", [])}
                with lock:
                    for obj, tlp, listed in labels:
                        if obj["id"] in ok:
                            shared.append(
                                Shared(
                                    obj["id"],
                                    1443657600000000,
                                    Labels(tlp, listed, None, member, 0),
                                )
                            )
                time.sleep(rng.uniform(0.01, 0.1))

    writers = [threading.Thread(target=share_from, args=(m, i)) for i, m in enumerate(sorted(home))]
    for writer in writers:
        writer.start()
    time.sleep(1.0)
    processes["baghdad"].kill()  # SIGKILL mid-sync
    time.sleep(0.5)
    processes["baghdad"].start()
    processes["beirut"].stop()  # partition
    time.sleep(3.0)
    processes["beirut"].start()
    for writer in writers:
        writer.join(timeout=120)
    try:
        assert len(shared) > 50
        deadline = time.monotonic() + 120
        while True:
            mismatches = _mismatches(settings, charter, shared)
            if not mismatches or time.monotonic() > deadline:
                break
            time.sleep(1.0)
        assert not mismatches, mismatches
    finally:
        for process in processes.values():
            process.stop()


def _mismatches(settings: dict[str, Settings], charter, shared: list[Shared]) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    tiers = {m.id: m.tier for m in charter.members}
    collection = charter.collection("joint").id
    for hub, config in settings.items():
        services = build_services(replace(config), migrate=False)
        try:
            rows = services.reading._store.page(  # noqa: SLF001 - the test reads the whole store
                ObjectQuery(
                    collection,
                    limit=100_000,
                    types=("indicator",),
                    versions=VersionMatch(frozenset({VersionPick.ALL})),
                ),
                EVERYTHING,
                with_body=False,
            ).rows
        finally:
            services.engine.dispose()
        held = {r.stix_id for r in rows}
        viewers = [MemberState(m, tiers[m]) for m in HOSTS[hub]]
        expected = {s.stix_id for s in shared if any(visible(v, s.labels) for v in viewers)}
        missing, extra = expected - held, held - expected
        if missing or extra:
            problems.append(f"{hub}: {len(missing)} missing, {len(extra)} extra")
        red_outside = [
            s.stix_id
            for s in shared
            if s.labels.tlp is Tlp.RED
            and s.stix_id in held
            and not (s.labels.audience or set()) & set(HOSTS[hub])
            and s.labels.shared_by not in HOSTS[hub]
        ]
        if red_outside:
            problems.append(f"{hub}: RED outside its hubs: {red_outside[:3]}")
    return problems
