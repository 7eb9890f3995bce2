"""Fusion is noninterfering for a reader: random threat actors and indicators in several
scripts, with random markings and second versions that add an alias or change an address;
one hub is given the whole history, another only the versions sy may see. Every entity,
name search, correlation, corroboration and search-box result sy gets is the same on both
(ids, names, links, scores, members, counts): what sy may not see changes nothing it gets."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import replace
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
from allyhub.policy.standing import MemberState
from allyhub.policy.visibility import Labels, visible
from allyhub.settings import Settings
from allyhub.stix.markings import TLP2_ID, releasability_marking
from tests.conftest import RSII
from tests.factories import T0, marked

NAMES = "Касем Сулеймани|卡西姆·蘇雷曼尼|قاسم سلیمانی|Qasem Soleimani|Bashar al-Assad".split("|")
NAMES += ["Башар Асад", "巴沙尔·阿萨德", "Hezbollah", "Хезболла"]
ADDRESSES = ["203.0.113.5", "203.0.113.6", "198.51.100.0/24"]
MEMBERS = ("ru", "sy", "ir", "iq", "hz")
READER = "sy"
V2 = "2015-11-01T00:00:00.000Z"
TABLES = "objects member_set_members member_sets object_refs object_names object_text audit api_keys".split()
TABLES += "statuses fusion_entries fusion_names fusion_links fusion_values fusion_places".split()

markings = st.tuples(
    st.sampled_from([Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.RED]),
    st.frozensets(st.sampled_from(MEMBERS), min_size=1, max_size=2),
)
plans = st.lists(
    st.fixed_dictionaries(
        {
            "member": st.sampled_from(MEMBERS),
            "name": st.sampled_from(NAMES),
            "address": st.sampled_from(ADDRESSES),
            "first": markings,
            "second": st.none() | st.tuples(markings, st.sampled_from(NAMES + ADDRESSES)),
        }
    ),
    min_size=2,
    max_size=5,  # at most 10 name entries: the worker scores every candidate (docs/fusion.md)
)


@pytest.fixture(scope="module")
def hubs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Settings]]:
    base: Path = tmp_path_factory.mktemp("fusion-noninterference")
    made = [
        Settings(charter=str(RSII), hub="damascus", secret_key=secrets.token_hex(4))
        for _ in range(2)
    ]
    whole, seen = (
        replace(s, data_dir=str(base / n), db=f"sqlite:///{base / n}.sqlite")
        for s, n in zip(made, ("whole", "visible"), strict=True)
    )
    yield whole, seen


def _fresh(settings: Settings) -> Services:
    services = build_services(settings)
    with services.engine.begin() as connection:
        for table in TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
        connection.execute(text("UPDATE fusion_state SET cursor = 0"))
    return services


def _share_of(
    index: int, step: dict[str, Any], owner: str, tlp: Tlp, listed: frozenset[str], **changes: Any
) -> list[Any]:
    """One version of entry `index`'s actor and indicator, with its marking definition."""
    extra: list[Any] = []
    marks: tuple[str, ...] = ()
    if tlp in (Tlp.AMBER, Tlp.RED):
        extra = [releasability_marking(sorted(listed), owner)]
        marks = (extra[0]["id"],)
    modified = changes.pop("modified", T0)
    common = {"spec_version": "2.1", "created": T0, "modified": modified}
    common |= {"created_by_ref": owner}
    actor = {"type": "threat-actor", "id": f"threat-actor--{_uuid(index)}", **common}
    actor |= {"name": step["name"]}
    address = changes.pop("address", step["address"])
    found = {"type": "indicator", "id": f"indicator--{_uuid(index)}", **common}
    found |= {"name": "C2", "pattern": f"[ipv4-addr:value = '{address}']"}
    found |= {"pattern_type": "stix", "valid_from": T0}
    return [*extra, marked(actor | changes, tlp, *marks), marked(found, tlp, *marks)]


def _uuid(index: int) -> str:
    return f"00000000-0000-4000-8000-{index:012d}"


def _versions(plan: list[dict[str, Any]], ident: dict[str, str]) -> list[tuple[str, list[Any]]]:
    """(member, objects) of each share, in order: an actor and an indicator per entry, and
    its second versions; the marking definitions travel with the versions they mark."""
    shares: list[tuple[str, list[Any]]] = []
    for index, step in enumerate(plan):
        member, owner = step["member"], ident[step["member"]]
        tlp, listed = step["first"]
        audience = frozenset(ident[m] for m in listed)
        shares.append((member, _share_of(index, step, owner, tlp, audience)))
        if step["second"] is not None:
            (tlp, listed), new = step["second"]
            change = {"address": new} if new in ADDRESSES else {"aliases": [new]}
            audience = frozenset(ident[m] for m in listed)
            again = _share_of(index, step, owner, tlp, audience, modified=V2, **change)
            shares.append((member, again))
    return shares


def _sees(services: Services, member: str, objects: list[Any]) -> bool:
    """Whether the reader may see the versions of this share (the policy's own rule)."""
    viewer: MemberState | None = services.coalition.state().member(READER)
    assert viewer is not None
    versioned = [o for o in objects if o["type"] != "marking-definition"][0]
    marks = versioned.get("object_marking_refs", [])
    tlp = {marking: level for level, marking in TLP2_ID.items()}
    level = next(tlp[m] for m in marks if m in tlp)
    listed = None
    for obj in objects:
        if obj["type"] == "marking-definition":
            ext = next(iter(obj["extensions"].values()))
            listed = frozenset(
                m.id for m in services.charter.members if m.identity in ext["releasable_to"]
            )
    labels = Labels(level, listed, None, member, 0)
    return visible(viewer, labels)


def _answers(services: Services, ids: list[str]) -> dict[str, Any]:
    reader = services.keys.authenticate(services.keys.create(READER, Role.READER)[0])
    fusion = services.fusion
    out: dict[str, Any] = {}
    for stix_id in ids:
        for name, call in (
            ("entity", fusion.entity),
            ("correlations", fusion.correlations),
            ("corroboration", fusion.corroboration),
        ):
            try:
                out[f"{name} {stix_id}"] = orjson.loads(orjson.dumps(call(reader, stix_id)))
            except NotFound:
                out[f"{name} {stix_id}"] = "not found"
    for query in ("Soleimani", "Assad", "Хезболла"):
        found = fusion.entities(reader, query)
        out[f"search {query}"] = orjson.loads(orjson.dumps(found))
    for query in ("Soleimani", "Хезболла", "203.0.113.0/24", "198.51.100.9", "c2"):
        box = services.search.search(reader, query, per_kind=500)  # the search box
        out[f"box {query}"] = {
            "total": box.total,
            "more": box.more,
            "kinds": box.kinds,
            "groups": {
                g.kind: sorted((i.stix_id, i.title, int(i.tlp), i.shared_by) for i in g.items)
                for g in box.groups
            },
            "entities": [(e.id, e.names, e.objects, e.members) for e in box.entities],
        }
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=plans)
def test_what_sy_may_not_see_changes_no_fused_answer(
    hubs: tuple[Settings, Settings], plan: list[dict[str, Any]]
) -> None:
    whole, seen = _fresh(hubs[0]), _fresh(hubs[1])
    try:
        for services in (whole, seen):
            services.fusion._index = None  # noqa: SLF001 - a fresh index for a fresh store
        ident = {m.id: m.identity for m in whole.charter.members}
        ids: list[str] = []
        for member, objects in _versions(plan, ident):
            targets = [whole] + ([seen] if _sees(whole, member, objects) else [])
            for services in targets:
                writer = services.keys.authenticate(services.keys.create(member, Role.ANALYST)[0])
                status = services.sharing.share(writer, "joint", orjson.dumps({"objects": objects}))
                assert not status.failures, status.failures
            ids += [o["id"] for o in objects if o["type"] != "marking-definition"]
        for services in (whole, seen):
            services.fusion.catch_up()
        unique = sorted(set(ids))
        assert _answers(whole, unique) == _answers(seen, unique)
    finally:
        whole.engine.dispose()
        seen.engine.dispose()
