"""MISP both ways, with misp-stix as the converter: 120 MISP events (tests/misp_events.py)
imported over the API, served as a MISP feed, read back with PyMISP and converted back:
every event whole, every attribute's marking as MISP meant it (its own TLP tag, else
its event's; AMBER at least for a sharing group's, since a release list restricts from
AMBER on), sharing groups as release lists of the members the charter maps their
organisations to."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from pymisp import MISPEvent

from allyhub.app import build_services
from allyhub.settings import Settings
from tests.conftest import RSII, RunningHub, serving
from tests.misp_events import ORG_A, events

LEVEL = {"tlp:white": 0, "tlp:clear": 0, "tlp:green": 1, "tlp:amber": 2, "tlp:red": 4}


@pytest.fixture
def misp_hub(tmp_path: Path) -> Iterator[RunningHub]:
    charter = tmp_path / "rsii.toml"
    charter.write_text(RSII.read_text() + f'\n[misp.organisations]\n"{ORG_A}" = "sy"\n')
    services = build_services(
        Settings(
            charter=str(charter),
            hub="damascus",
            data_dir=str(tmp_path / "data"),
            db=f"sqlite:///{tmp_path / 'hub.sqlite'}",
            secret_key="s",
        )
    )
    with serving(services) as running:
        yield running
    services.engine.dispose()


def _tlp(tags: list[Any]) -> int | None:
    levels = [LEVEL[t.name if hasattr(t, "name") else t["name"]] for t in tags]
    levels = [level for level in levels if level is not None]
    return max(levels) if levels else None


def _meant(event: dict[str, Any]) -> dict[str, tuple[str, int]]:
    """Attribute uuid -> (value, the TLP level MISP means for it)."""
    event_tlp = _tlp([t for t in event.get("Tag", []) if t["name"] in LEVEL])
    attributes = list(event.get("Attribute", []))
    for misp_object in event.get("Object", []):
        attributes += misp_object.get("Attribute", [])
    meant = {}
    for attribute in attributes:
        own = _tlp([t for t in attribute.get("Tag", []) if t["name"] in LEVEL])
        level = own if own is not None else event_tlp
        if attribute.get("SharingGroup"):  # a release list restricts from AMBER on
            level = max(level or 0, LEVEL["tlp:amber"])
        meant[attribute["uuid"]] = (attribute["value"], level)
    return meant


def _feed(client: httpx.Client, url: str) -> tuple[dict[str, Any], list[MISPEvent], str]:
    manifest = client.get(f"{url}/manifest.json").raise_for_status().json()
    loaded = []
    for uuid in manifest:
        event = MISPEvent()
        event.load(client.get(f"{url}/{uuid}.json").raise_for_status().content)
        loaded.append(event)
    hashes = client.get(f"{url}/hashes.csv").raise_for_status().text
    return manifest, loaded, hashes


def test_misp_events_in_and_out_whole_with_their_markings(misp_hub: RunningHub) -> None:
    written = events(120)
    user, key = misp_hub.key("ru")
    with httpx.Client(auth=(user, key), timeout=120) as ru:
        answer = ru.post(misp_hub.url + "/api/misp/events", content=orjson.dumps(written))
        assert answer.status_code == 200, answer.text
        statuses = answer.json()["events"]
        assert len(statuses) == 120
        assert all(s["status"]["failure_count"] == 0 for s in statuses), [
            s["status"]["failures"] for s in statuses if s["status"]["failure_count"]
        ][:3]
        repaired = [
            d["message"]
            for s in statuses
            for d in s["status"]["successes"]
            if "repaired" in d.get("message", "")
        ]
        assert any("HKEY_LOCAL_MACHINE" in m for m in repaired)
        assert any("header values are lists" in m for m in repaired)
        assert any("http:// put before it" in m for m in repaired)

        manifest, loaded, hashes = _feed(ru, misp_hub.url + "/api/misp/joint/feed")
    assert {e["uuid"] for e in written} == set(manifest) == {str(e.uuid) for e in loaded}
    assert len(hashes.splitlines()) >= 120 * 3

    back = {str(e.uuid): e for e in loaded}
    for event in written:
        again = back[event["uuid"]]
        assert again.info == event["info"]
        found: dict[str, tuple[str, int | None]] = {}
        for attribute in again.attributes:
            found[attribute.uuid] = (
                attribute.value,
                _tlp([t for t in attribute.tags if t.name in LEVEL]),
            )
        for misp_object in again.objects:
            for attribute in misp_object.attributes:
                found[attribute.uuid] = (
                    attribute.value,
                    _tlp([t for t in attribute.tags if t.name in LEVEL]),
                )
        event_tlp = _tlp([t for t in again.tags if t.name in LEVEL])
        by_value = {v: level for v, level in found.values()}
        for uuid, (value, level) in _meant(event).items():
            # attributes keep their UUIDs; an object's attribute whose value was repaired
            # (a full hive, a scheme) gets a new one from misp-stix: found by its value
            forms = [value, value.replace("HKLM", "HKEY_LOCAL_MACHINE"), "http://" + value]
            got = found.get(uuid) or next(((f, by_value[f]) for f in forms if f in by_value), None)
            assert got is not None, (event["info"], value)
            got_value, got_level = got
            assert got_value in forms, (got_value, value)
            assert (got_level if got_level is not None else event_tlp) == level, (
                event["info"],
                value,
            )


def test_sharing_groups_are_release_lists_of_mapped_members(misp_hub: RunningHub) -> None:
    written = events(20)
    released = {e["Attribute"][0]["uuid"] for e in written if e["Attribute"][0].get("SharingGroup")}
    assert len(released) == 2
    user, key = misp_hub.key("ru")
    with httpx.Client(auth=(user, key), timeout=120) as ru:
        ru.post(misp_hub.url + "/api/misp/events", content=orjson.dumps(written)).raise_for_status()

    def values(member: str) -> set[str]:
        user, key = misp_hub.key(member)
        with httpx.Client(auth=(user, key), timeout=120) as client:
            _, loaded, _ = _feed(client, misp_hub.url + "/api/misp/joint/feed")
        return {a.uuid for e in loaded for a in e.attributes}

    assert released <= values("sy")  # the organisation the charter maps to sy
    assert not released & values("ir")  # a full member outside the sharing group
