"""MISP feeds as a source: a charter feed of kind `misp` pulled into a collection like a
TAXII feed, from a feed directory served over a real loopback HTTP server (with the
feed's credentials) and from the same directory on disk, on SQLite and PostgreSQL.

The feed is 120 events (tests/misp_events.py) written as MISP's feed generator writes
them (PyMISP's `to_feed`, distributions and sharing groups kept), plus one event tagged
TLP:RED, which the coalition refuses (RED needs a release list): its objects are
quarantined and counted in `sync status`, and `sync pull` exits 1. A second pull takes
nothing (the cursor holds each event's manifest digest); an event changed in the feed
(a new value, MISP's timestamps moved) is taken again as new versions.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from pymisp import MISPEvent
from typer.testing import CliRunner

from allyhub.app import Services, build_services
from allyhub.charter import Role
from allyhub.cli.main import app
from allyhub.records import VersionMatch, VersionPick
from allyhub.service import Filters
from allyhub.settings import Settings
from tests.conftest import RSII
from tests.misp_events import ORG_A, events, feed_event, write_feed

TOKEN = "feed-token-123"


class _FeedHandler(http.server.SimpleHTTPRequestHandler):
    """A MISP feed's files over HTTP, for a request with the feed's Bearer token only."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.send_error(401, "an Authorization header is needed")
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def feed_dir(tmp_path: Path) -> Path:
    return tmp_path / "feed"


@pytest.fixture
def feed_server(feed_dir: Path) -> Iterator[str]:
    feed_dir.mkdir(parents=True, exist_ok=True)
    handler = partial(_FeedHandler, directory=str(feed_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feeds/circl"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _hub(tmp_path: Path, db_url: str, url: str) -> Services:
    charter = tmp_path / "with-misp-feed.toml"
    charter.write_text(
        RSII.read_text()
        + f'\n[misp.organisations]\n"{ORG_A}" = "sy"\n'
        + f'\n[[feeds]]\nid = "circl"\nname = "A MISP feed"\nkind = "misp"\nurl = "{url}"\n'
        'into = "joint"\ndefault_marking = "green"\nhubs = ["damascus"]\n'
    )
    return build_services(
        Settings(
            charter=str(charter),
            hub="damascus",
            data_dir=str(tmp_path / "hub"),
            db=db_url,
            secret_key="s",
        )
    )


def _flags(services: Services) -> list[str]:
    s = services.settings
    return [
        "--charter",
        str(s.charter),
        "--hub",
        "damascus",
        "--db",
        s.db,
        "--data-dir",
        s.data_dir,
    ]


def _red_event() -> dict[str, Any]:
    red = MISPEvent()
    red.uuid = "00000000-0000-4000-8000-00000000abcd"
    red.info = "Red event: for named recipients only"
    red.date = "2024-03-02"
    red.add_tag("tlp:red")
    red.add_attribute("ip-dst", "192.0.2.200")
    written: dict[str, Any] = json.loads(red.to_json())
    return written


def _values(services: Services, member: str) -> dict[str, list[str]]:
    """Object id -> the versions (modified) this member may read in `joint`."""
    principal = services.keys.authenticate(services.keys.create(member, Role.READER)[0])
    every = Filters(versions=VersionMatch(frozenset({VersionPick.ALL})))
    found: dict[str, list[str]] = {}
    token = None
    while True:
        page = services.reading.objects(principal, "joint", replace(every, next=token))
        for row in page.rows:
            found.setdefault(row.stix_id, []).append(row.version)
        if not page.more or page.next is None:
            return found
        token = page.next


@pytest.mark.parametrize("where", ["http", "directory"])
def test_a_misp_feed_is_pulled_as_a_charter_feed(
    tmp_path: Path, db_url: str, feed_dir: Path, feed_server: str, where: str
) -> None:
    made = events(120)
    write_feed(feed_dir / "feeds" / "circl", [*made, _red_event()])
    url = feed_server if where == "http" else str(feed_dir / "feeds" / "circl")
    services = _hub(tmp_path, db_url, url)
    runner = CliRunner()
    try:
        if where == "http":  # without the feed's token: refused, and said on its cursor
            denied = runner.invoke(app, ["sync", "pull", "circl", *_flags(services)])
            assert denied.exit_code == 1 and "401" in denied.output, denied.output
            status = runner.invoke(app, ["sync", "status", "--json", *_flags(services)])
            (row,) = [r for r in json.loads(status.stdout)["pulled"] if r["peer"] == "circl"]
            assert "NotAuthenticated" in row["last_error"] and row["pulled"] == 0
            saved = runner.invoke(
                app, ["peer", "credentials", "circl", "--key", TOKEN, *_flags(services)]
            )
            assert saved.exit_code == 0, saved.output

        first = runner.invoke(app, ["sync", "pull", "circl", "--json", *_flags(services)])
        assert first.exit_code == 1, first.output  # something was refused, and said so
        pulled = json.loads(first.stdout)
        assert pulled[0]["added"] > 120 * 5 and pulled[0]["refused"] >= 1

        status = json.loads(
            runner.invoke(app, ["sync", "status", "--json", *_flags(services)]).stdout
        )
        row = next(r for r in status["pulled"] if r["peer"] == "circl")
        assert row["quarantined"] >= 1 and row["refused"] >= 1 and row["last_error"] is None
        held = services.replication.quarantined("circl")
        assert held and all("TLP:RED" in q.reason for q in held), [q.reason for q in held]

        again = runner.invoke(app, ["sync", "pull", "circl", "--json", *_flags(services)])
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout)[0] == {"source": "circl", "added": 0, "refused": 0}

        sy, ir = _values(services, "sy"), _values(services, "ir")
        for event in made:  # every attribute arrived, as the objects misp-stix makes of it
            for attribute in event["Attribute"]:
                ids = [i for i in sy if i.endswith(attribute["uuid"])]
                assert ids, (event["info"], attribute["value"])
        released = [
            e["Attribute"][0]["uuid"] for e in made if e["Attribute"][0].get("SharingGroup")
        ]
        assert released
        for attribute_uuid in released:  # a sharing group: a release list of sy only
            assert any(i.endswith(attribute_uuid) for i in sy)
            assert not any(i.endswith(attribute_uuid) for i in ir)

        changed = dict(made[7])
        changed["Attribute"] = [dict(a) for a in made[7]["Attribute"]]
        changed["Attribute"][1]["value"] = "203.0.113.77"
        changed["Attribute"][1]["timestamp"] = "1900000000"
        changed["timestamp"] = "1900000000"
        feed = feed_event(changed)
        body = feed["Event"]
        manifest_path = feed_dir / "feeds" / "circl" / "manifest.json"
        manifest = json.loads(manifest_path.read_text())
        manifest.update(body.pop("_manifest"))
        body.pop("_hashes", None)
        (feed_dir / "feeds" / "circl" / f"{body['uuid']}.json").write_text(json.dumps(feed))
        manifest_path.write_text(json.dumps(manifest))

        third = runner.invoke(app, ["sync", "pull", "circl", "--json", *_flags(services)])
        assert third.exit_code == 0, third.output
        assert json.loads(third.stdout)[0]["added"] >= 2  # the changed value, the event
        after = _values(services, "sy")
        moved = [i for i in after if i.endswith(changed["Attribute"][1]["uuid"])]
        assert moved and any(len(after[i]) == 2 for i in moved)  # a new version, the old kept
    finally:
        services.engine.dispose()


def test_unreadable_events_are_counted_named_and_offered_again(tmp_path: Path) -> None:
    """An event file that is not MISP JSON, one the manifest lists but the feed lacks, and
    a manifest line naming a path out of the feed: none is taken, each is counted as
    refused and named in `sync status`, and the next pull offers them again; the rest
    arrives; a directory without a manifest is read file by file."""
    feed = tmp_path / "feed"
    made = events(3)
    manifest = write_feed(feed, made)
    (feed / f"{made[1]['uuid']}.json").write_text("{not json")
    (feed / f"{made[2]['uuid']}.json").unlink()
    (tmp_path / "secret.json").write_text(json.dumps({"Event": {"info": "outside"}}))
    manifest["../secret"] = {"timestamp": "1", "info": "outside the feed"}
    (feed / "manifest.json").write_text(json.dumps(manifest))
    services = _hub(tmp_path, f"sqlite:///{tmp_path / 'hub.sqlite'}", str(feed))
    runner = CliRunner()
    try:
        for _ in range(2):  # offered again, counted again: nothing is taken silently
            pulled = runner.invoke(app, ["sync", "pull", "circl", "--json", *_flags(services)])
            assert pulled.exit_code == 1, pulled.output
            assert json.loads(pulled.stdout)[0]["refused"] == 3
        status = json.loads(
            runner.invoke(app, ["sync", "status", "--json", *_flags(services)]).stdout
        )
        row = next(r for r in status["pulled"] if r["peer"] == "circl")
        assert row["refused"] == 6 and row["pulled"] > 0
        error = row["last_error"]
        assert "3 MISP events not taken" in error and "not a UUID" in error
        assert made[1]["uuid"] in error and "not in the feed" in error
        sy = _values(services, "sy")
        assert any(i.endswith(made[0]["Attribute"][1]["uuid"]) for i in sy)
        assert not any("outside" in i for i in sy)

        bare = tmp_path / "bare"  # event files only, as some tools write them
        write_feed(bare, events(2))
        (bare / "manifest.json").unlink()
        (bare / "hashes.csv").unlink()
        (tmp_path / "second").mkdir()
        plain = _hub(tmp_path / "second", f"sqlite:///{tmp_path / 'second.sqlite'}", str(bare))
        try:
            taken = runner.invoke(app, ["sync", "pull", "circl", "--json", *_flags(plain)])
            assert taken.exit_code == 0, taken.output
            assert json.loads(taken.stdout)[0]["added"] > 10
        finally:
            plain.engine.dispose()
    finally:
        services.engine.dispose()


def test_a_sharing_groups_objects_refused_then_retried_keep_their_release_list(
    tmp_path: Path,
) -> None:
    """Under `rules.stix_intake = "strict"` a feed's registry key with an abbreviated hive
    (as misp-stix writes MISP's `HKLM\\...`) is refused and quarantined; the charter set to
    `repair`, `allyhub sync retry` stores it repaired, still released to its sharing
    group's member only (its release list was stored by the first pull, not offered
    again by the retry)."""
    event = MISPEvent()
    event.uuid = "00000000-0000-4000-8000-0000000000aa"
    event.info = "Run key of a ministry's implant"
    event.date = "2024-03-03"
    event.add_tag("tlp:green")
    attribute = event.add_attribute("regkey", "HKLM\\Software\\Microsoft\\Run\\updater")
    written = json.loads(event.to_json())
    written["Attribute"][0]["distribution"] = 4
    written["Attribute"][0]["SharingGroup"] = {
        "name": "ministries",
        "SharingGroupOrg": [{"Organisation": {"uuid": ORG_A, "name": "Org A"}}],
    }
    write_feed(tmp_path / "feed", [written])
    services = _hub(tmp_path, f"sqlite:///{tmp_path / 'hub.sqlite'}", str(tmp_path / "feed"))
    strict = tmp_path / "strict.toml"
    strict.write_text(
        Path(str(services.settings.charter))
        .read_text()
        .replace("[rules]\n", '[rules]\nstix_intake = "strict"\n', 1)
    )
    runner = CliRunner()
    try:
        flags = _flags(services)
        at = flags.index("--charter") + 1
        strict_flags = [*flags[:at], str(strict), *flags[at + 1 :]]
        pulled = runner.invoke(app, ["sync", "pull", "circl", "--json", *strict_flags])
        assert pulled.exit_code == 1, pulled.output
        held = services.replication.quarantined("circl")
        keys = [q for q in held if q.stix_id.startswith("windows-registry-key--")]
        assert keys and "HKEY_LOCAL_MACHINE rather than HKLM" in keys[0].reason

        retried = runner.invoke(app, ["sync", "retry", "circl", "--json", *flags])
        assert retried.exit_code == 0, retried.output
        assert json.loads(retried.stdout)["quarantined"] == 0

        sy, ir = _values(services, "sy"), _values(services, "ir")
        stored = [i for i in sy if i.endswith(attribute.uuid)]
        assert any(i.startswith("windows-registry-key--") for i in stored)
        assert not any(i.endswith(attribute.uuid) for i in ir)
    finally:
        services.engine.dispose()
