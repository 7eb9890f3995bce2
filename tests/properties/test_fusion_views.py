"""Fused results never reveal an invisible object: random names in several scripts, random
markings and sharers; for every member, every entity, link, name form, correlation and
corroboration it gets is made only of objects it may see."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from allyhub.app import Services, build_services
from allyhub.charter import Role, Tlp
from allyhub.errors import NotFound
from allyhub.settings import Settings
from allyhub.stix.markings import releasability_marking
from tests.conftest import RSII
from tests.factories import T0, indicator, marked, sid

NAMES = ["Касем Сулеймани", "卡西姆·蘇雷曼尼", "قاسم سلیمانی", "Qasem Soleimani", "Bashar al-Assad",
         "Башар Асад", "巴沙尔·阿萨德", "Hezbollah", "Хезболла"]  # fmt: skip
MEMBERS = ("ru", "sy", "ir", "iq", "hz")
TABLES = ("objects", "member_set_members", "member_sets", "fusion_names", "fusion_links",
          "fusion_values", "fusion_places", "fusion_entries", "object_refs", "object_names", "object_text", "audit", "api_keys")  # fmt: skip


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    base: Path = tmp_path_factory.mktemp("fusion-views")
    yield Settings(charter=str(RSII), hub="damascus", data_dir=str(base),
                   db=f"sqlite:///{base / 'hub.sqlite'}", secret_key=secrets.token_hex(4),
                   sqlite_synchronous="normal")  # fmt: skip


shares = st.lists(
    st.tuples(
        st.sampled_from(MEMBERS),
        st.sampled_from(NAMES),
        st.sampled_from([Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.RED]),
        st.frozensets(st.sampled_from(MEMBERS), min_size=1, max_size=2),
        st.booleans(),  # also share an indicator on a common address
    ),
    min_size=2,
    max_size=9,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=shares)
def test_fused_results_only_show_visible_objects(
    hub: Settings, plan: list[tuple[Any, ...]]
) -> None:
    services: Services = build_services(hub)
    try:
        with services.engine.begin() as connection:
            for table in TABLES:
                connection.execute(text(f"DELETE FROM {table}"))
            connection.execute(text("UPDATE fusion_state SET cursor = 0"))
        services.fusion._index = None  # noqa: SLF001 - a fresh index for a fresh store
        ident = {m.id: m.identity for m in services.charter.members}
        readers = {
            m: services.keys.authenticate(services.keys.create(m, Role.READER)[0]) for m in MEMBERS
        }
        all_ids: list[str] = []
        for member, name, tlp, listed, with_indicator in plan:
            writer = services.keys.authenticate(services.keys.create(member, Role.ANALYST)[0])
            objects: list[dict[str, Any]] = []
            markings: tuple[str, ...] = ()
            if tlp in (Tlp.AMBER, Tlp.RED):
                marking = releasability_marking([ident[m] for m in listed], ident[member])
                objects.append(marking)
                markings = (marking["id"],)
            actor = marked({"type": "threat-actor", "spec_version": "2.1", "id": sid("threat-actor"),
                            "created": T0, "modified": T0, "name": name, "created_by_ref": ident[member]},
                           tlp, *markings)  # fmt: skip
            objects.append(actor)
            if with_indicator:
                objects.append(
                    indicator(ident[member], value="203.0.113.5", tlp=tlp, markings=markings)
                )
            status = services.sharing.share(writer, "joint", orjson.dumps({"objects": objects}))
            assert not status.failures, status.failures
            all_ids += [o["id"] for o in objects if o["type"] != "marking-definition"]
        services.fusion.catch_up()
        for member, reader in readers.items():
            visibility = services.coalition.reader(reader).visibility
            visible = services.reading._store.visible_ids(all_ids, visibility)  # noqa: SLF001 - the oracle
            for stix_id in all_ids:
                if stix_id not in visible:
                    with pytest.raises(NotFound):
                        services.fusion.entity(reader, stix_id)
                    with pytest.raises(NotFound):
                        services.fusion.correlations(reader, stix_id)
                    continue
                if stix_id.startswith("threat-actor"):
                    view = services.fusion.entity(reader, stix_id)
                    assert set(view.objects) <= visible, member
                    assert {f.object_id for f in view.names} <= visible
                    assert {e for link in view.links for e in (link.a, link.b)} <= visible
                    assert {c.object_id for c in view.corroboration} <= visible
                for correlation in services.fusion.correlations(reader, stix_id):
                    assert set(correlation.objects) <= visible, member
            for found in services.fusion.entities(reader, "Soleimani"):
                assert set(found.objects) <= visible
    finally:
        services.engine.dispose()
