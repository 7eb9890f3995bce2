"""The ecosystem's own clients against a real `allyhub serve` process.

taxii2-client (Server -> ApiRoot -> Collection) and stix2's TAXIICollectionSource/Sink
must work unchanged: that is what "TAXII 2.1 server" means to the people who use one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stix2
from taxii2client.common import TokenAuth
from taxii2client.v21 import Collection, Server, as_pages

from tests.conftest import HubProcess, RunningHub
from tests.factories import envelope, indicator


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    """taxii2-client keeps a requests session per Server: close them after each test."""
    made: list[Server] = []
    yield made
    for server in made:
        server.close()


def _collection(hub: RunningHub, member: str, servers: list[Server]) -> Collection:
    user, key = hub.key(member)
    server = Server(hub.url + "/taxii2/", user=user, password=key)
    servers.append(server)
    root = server.default
    assert root is not None
    by_alias = {c.alias: c for c in root.collections}
    return by_alias["joint"]


def test_taxii2client_walks_server_root_collection(
    hub_process: tuple[HubProcess, RunningHub], servers: list[Server]
) -> None:
    _, hub = hub_process
    user, key = hub.key("ru")
    server = Server(hub.url + "/taxii2/", user=user, password=key)
    servers.append(server)
    assert server.title
    root = server.api_roots[0]
    assert "application/taxii+json;version=2.1" in root.versions
    assert {c.alias for c in root.collections} == {
        "joint",
        "rfi",
        "governance",
        "decisions",
        "definitions",
    }
    joint = next(c for c in root.collections if c.alias == "joint")
    assert joint.can_read and joint.can_write


def test_taxii2client_add_get_page_manifest_versions_delete(
    hub_process: tuple[HubProcess, RunningHub], servers: list[Server]
) -> None:
    _, hub = hub_process
    ru = hub.services.charter.member("ru")
    assert ru is not None
    joint = _collection(hub, "ru", servers)
    first = indicator(ru.identity, value="192.0.2.10")
    second = dict(first, modified="2016-01-01T00:00:00.000Z", name="C2 server (confirmed)")
    others = [indicator(ru.identity, value=f"192.0.2.{i}") for i in range(20, 45)]

    status = joint.add_objects(envelope(first, *others))
    assert status.status == "complete" and status.success_count == 26
    status = joint.add_objects(envelope(second))
    assert status.success_count == 1

    latest = joint.get_object(first["id"])
    assert [o["name"] for o in latest["objects"]] == ["C2 server (confirmed)"]
    everything = joint.get_object(first["id"], version="all")
    assert len(everything["objects"]) == 2
    oldest = joint.get_object(first["id"], version="first")
    assert oldest["objects"][0]["name"] == "C2 server"

    pages = list(as_pages(joint.get_objects, per_request=10))
    ids = [o["id"] for page in pages for o in page.get("objects", [])]
    assert len(pages) == 3
    assert sorted(ids) == sorted([first["id"], *(o["id"] for o in others)])

    manifest = joint.get_manifest(type="indicator")
    assert len(manifest["objects"]) == 26
    assert all(r["media_type"] == "application/stix+json;version=2.1" for r in manifest["objects"])

    versions = joint.object_versions(first["id"])
    assert len(versions["versions"]) == 2

    joint.delete_object(first["id"])
    remaining = [
        o["id"]
        for page in as_pages(joint.get_objects, per_request=100)
        for o in page.get("objects", [])
    ]
    assert first["id"] not in remaining


def test_stix2_collection_source_and_sink(
    hub_process: tuple[HubProcess, RunningHub], servers: list[Server]
) -> None:
    _, hub = hub_process
    ru = hub.services.charter.member("ru")
    assert ru is not None
    joint = _collection(hub, "ru", servers)
    sink = stix2.TAXIICollectionSink(joint)
    tlp_green = stix2.MarkingDefinition(
        id="marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        created="2022-10-01T00:00:00.000Z",
        name="TLP:GREEN",
        extensions={
            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                "extension_type": "property-extension",
                "tlp_2_0": "green",
            }
        },
    )
    actor = stix2.ThreatActor(
        name="Abu Bakr al-Baghdadi",
        created_by_ref=ru.identity,
        object_marking_refs=[tlp_green.id],
    )
    sink.add([actor])
    source = stix2.TAXIICollectionSource(_collection(hub, "ir", servers))
    found = source.get(actor.id)
    assert found is not None and found.name == "Abu Bakr al-Baghdadi"
    assert [a.id for a in source.query([stix2.Filter("type", "=", "threat-actor")])] == [actor.id]


def test_taxii2client_token_auth_is_accepted(
    hub_process: tuple[HubProcess, RunningHub], servers: list[Server]
) -> None:
    """taxii2-client's TokenAuth sends `Authorization: Token <key>`; it was a 401."""
    _, hub = hub_process
    _, key = hub.key("ru")
    server = Server(hub.url + "/taxii2/", auth=TokenAuth(key))
    servers.append(server)
    root = server.default
    assert root is not None
    joint = next(c for c in root.collections if c.alias == "joint")
    status = joint.add_objects(envelope(indicator()))
    assert status.success_count == 1
    assert len(joint.get_objects()["objects"]) == 1
