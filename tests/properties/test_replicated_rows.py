"""Sharing then replicating stores the same rows: a version a peer holds is, field for
field, the version its origin stored (provenance, labels, bytes, seal), whatever was
shared and in whatever grouping."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allyhub.app import build_services
from allyhub.charter import Role, Tlp
from allyhub.federation.peers import Source, sync_once
from allyhub.policy.visibility import Labels, visible
from allyhub.settings import Settings
from allyhub.stix.markings import releasability_marking
from tests.conftest import SEED_RSII, pin_hub_keys, serving
from tests.factories import envelope, indicator, ipv4

HOSTED_AT_DAMASCUS = ("ru", "sy", "hz")
MEMBERS = ("ru", "sy", "ir", "iq", "hz")

share_strategy = st.lists(
    st.tuples(
        st.sampled_from(HOSTED_AT_DAMASCUS),
        st.sampled_from([None, Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.RED]),
        st.frozensets(st.sampled_from(MEMBERS), min_size=1, max_size=3),
        st.booleans(),  # an observable (several members may share the same value)
    ),
    min_size=1,
    max_size=12,
)

_COLUMNS = (
    "stix_id, version, collection, shared_by, origin_hub, origin_added, tlp, body, "
    "(SELECT members FROM member_sets WHERE id = audience), "
    "(SELECT members FROM member_sets WHERE id = excluded), "
    "(SELECT root FROM seals WHERE seals.id = seal), seal_index"
)


def _labels(row: tuple[Any, ...]) -> Labels:
    def members(text: str | None) -> frozenset[str] | None:
        return frozenset(text.split(",")) if text is not None else None

    return Labels(Tlp(row[6]), members(row[8]), members(row[9]), row[3], row[5])


def _rows(engine: sa.Engine, origin: str) -> set[tuple[Any, ...]]:
    with engine.connect() as connection:
        return set(
            connection.execute(
                sa.text(f"SELECT {_COLUMNS} FROM objects WHERE origin_hub = :o"), {"o": origin}
            )
        )


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(share_strategy)
def test_a_replicated_version_is_the_version_its_origin_stored(
    shares: list[tuple[str, Tlp | None, frozenset[str], bool]],
) -> None:
    with tempfile.TemporaryDirectory() as base:
        root = Path(base)
        dirs = {"damascus": root / "d", "baghdad": root / "b"}
        charter = root / "rsii.toml"
        charter.write_text(pin_hub_keys(SEED_RSII.read_text(), dirs))
        hubs = {
            hub: build_services(
                Settings(
                    charter=str(charter),
                    hub=hub,
                    data_dir=str(path),
                    db=f"sqlite:///{path}.sqlite",
                    secret_key="s",
                )
            )
            for hub, path in dirs.items()
        }
        ident = {m.id: m.identity for m in hubs["damascus"].charter.members}
        try:
            for index, (member, tlp, release, observable) in enumerate(shares):
                keys = hubs["damascus"].keys
                principal = keys.authenticate(keys.create(member, Role.ANALYST)[0])
                marking = releasability_marking([ident[m] for m in release], ident[member])
                extra = (marking["id"],) if tlp in (Tlp.AMBER, Tlp.RED) else ()
                obj = (
                    ipv4(f"192.0.2.{index % 3}")
                    if observable
                    else indicator(ident[member], tlp=tlp, markings=extra)
                )
                if observable and tlp is not None:
                    obj["object_marking_refs"] = [
                        *indicator(tlp=tlp)["object_marking_refs"],
                        *extra,
                    ]
                status = hubs["damascus"].sharing.share(
                    principal, "joint", orjson.dumps(envelope(marking, obj))
                )
                assert not status.failures, status.failures
            with serving(hubs["damascus"]) as damascus:
                key, _ = hubs["damascus"].keys.create_peer("baghdad")
                hubs["baghdad"].replication.set_credentials("damascus", key)
                sync_once(hubs["baghdad"].replication, Source("damascus", damascus.url))
                assert sync_once(hubs["baghdad"].replication, Source("damascus", damascus.url)) == 0
            origin = _rows(hubs["damascus"].engine, "damascus")
            copied = _rows(hubs["baghdad"].engine, "damascus")
            state = hubs["damascus"].coalition.state()
            hosted = [state.members[m] for m in ("iq", "ir")]
            pulled = {c.id for c in hubs["damascus"].coalition.replicated_collections()}
            expected = {
                row
                for row in origin
                if row[2] in pulled and any(visible(m, _labels(row)) for m in hosted)
            }
            assert copied == expected
            refused = sum(c.refused for c in hubs["baghdad"].replication.cursors("damascus"))
            assert refused == 0
        finally:
            for services in hubs.values():
                services.engine.dispose()
