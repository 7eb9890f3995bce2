"""Any TAXII 2.1 server can be a pull-only peer: a hub pulls from medallion (the OASIS
reference server, run as a real process) as a foreign feed named in the charter."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from taxii2client.v21 import Server

from allyhub.app import Services, build_services
from allyhub.charter import Role, Tlp
from allyhub.federation.peers import sources, sync_once
from allyhub.records import VersionMatch, VersionPick
from allyhub.service import Filters
from allyhub.settings import Settings
from tests.conftest import RSII, free_port
from tests.factories import envelope, indicator

COLLECTION = "5f3d9a1e-7c2b-4e8a-9d6f-1b2c3d4e5f60"


@pytest.fixture
def medallion(tmp_path: Path) -> Iterator[str]:
    executable = shutil.which("medallion") or str(
        Path(__import__("sys").executable).parent / "medallion"
    )
    port = free_port()
    data = {
        "/discovery": {"title": "Public feed", "default": "/feed/", "api_roots": ["/feed/"]},
        "feed": {
            "information": {
                "title": "Feed",
                "versions": ["application/taxii+json;version=2.1"],
                "max_content_length": 10_000_000,
            },
            "status": [],
            "collections": [
                {
                    "id": COLLECTION,
                    "title": "Indicators",
                    "can_read": True,
                    "can_write": True,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": [],
                    "manifest": [],
                }
            ],
        },
    }
    (tmp_path / "data.json").write_text(json.dumps(data))
    config = {
        "backend": {
            "module": "medallion.backends.memory_backend",
            "module_class": "MemoryBackend",
            "filename": str(tmp_path / "data.json"),
        },
        "users": {"feeder": "feed-pass"},
        "taxii": {"max_page_size": 50},
    }
    (tmp_path / "medallion.json").write_text(json.dumps(config))
    process = subprocess.Popen(
        [executable, "--host", "127.0.0.1", "--port", str(port), str(tmp_path / "medallion.json")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(
                url + "/taxii2/",
                auth=("feeder", "feed-pass"),
                timeout=1,
                headers={"Accept": "application/taxii+json;version=2.1"},
            )
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise
            time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def feed_hub(tmp_path: Path, medallion: str) -> Iterator[Services]:
    charter = tmp_path / "with-feed.toml"
    charter.write_text(
        RSII.read_text()
        + f'\n[[feeds]]\nid = "oasis-feed"\nname = "Public indicator feed"\nurl = "{medallion}"\n'
        f'collection = "{COLLECTION}"\ninto = "joint"\ndefault_marking = "green"\nhubs = ["damascus"]\n'
    )
    services = build_services(
        Settings(
            charter=str(charter),
            hub="damascus",
            data_dir=str(tmp_path / "hub"),
            db=f"sqlite:///{tmp_path / 'hub.sqlite'}",
            secret_key="s",
        )
    )
    yield services
    services.engine.dispose()


def test_a_hub_pulls_a_medallion_server_as_a_foreign_feed(
    feed_hub: Services, medallion: str
) -> None:
    server = Server(medallion + "/taxii2/", user="feeder", password="feed-pass")
    try:
        collection = server.default.collections[0]  # type: ignore[union-attr]
        unmarked = [indicator(value=f"203.0.113.{i}", tlp=None) for i in range(60)]
        public = indicator(value="198.51.100.99", tlp=Tlp.CLEAR)
        status = collection.add_objects(envelope(*unmarked, public))
        assert status.success_count == 61
    finally:
        server.close()

    feed_hub.replication.set_credentials("oasis-feed", "feed-pass", "feeder")
    source = next(s for s in sources(feed_hub.charter, "damascus") if s.id == "oasis-feed")
    assert sync_once(feed_hub.replication, source) == 61  # several pages (medallion pages by 50)
    assert sync_once(feed_hub.replication, source) == 0  # the cursor is durable

    every = Filters(versions=VersionMatch(frozenset({VersionPick.ALL})), types=("indicator",))

    def seen(member: str) -> dict[str, int]:
        principal = feed_hub.keys.authenticate(feed_hub.keys.create(member, Role.READER)[0])
        rows = feed_hub.reading.objects(principal, "joint", every).rows
        return {row.stix_id: row.tlp for row in rows}

    assert len(seen("hz")) == 61  # GREEN by the feed's default marking: associates see it
    assert seen("ru")[public["id"]] == Tlp.CLEAR
    principal = feed_hub.keys.authenticate(feed_hub.keys.create("ru", Role.READER)[0])
    row = feed_hub.reading.objects(principal, "joint", every).rows[0]
    assert (row.shared_by, row.origin_hub) == ("oasis-feed", "oasis-feed")
