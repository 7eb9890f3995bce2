"""allyhub pulling OpenCTI's TAXII server as a feed (tests/opencti_server.py replays it
from OpenCTI's source, httpTaxii.js and domain/taxii.js): discovery at a configured URL
that needs the credentials, only `match[version]=last`, pages capped at 500, `next` of
any form and "" at the end, a date header that is not a date, error bodies with
`error_code`; OpenCTI's sample objects all arrive, repaired and said so; what a strict
charter refuses is quarantined, `sync pull` exits 1, and `sync retry` after a charter
change stores it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allyhub.app import Services, build_services
from allyhub.charter import Role
from allyhub.cli.main import app
from allyhub.federation.peers import pull_source, sources
from allyhub.records import VersionMatch, VersionPick
from allyhub.service import Filters
from allyhub.settings import Settings
from tests.conftest import RSII
from tests.factories import indicator
from tests.opencti import sample_objects
from tests.opencti_server import OpenCtiData, opencti_server

FEED = "opencti"


def _charter(path: Path, url: str, collection: str, intake: str = "repair") -> Path:
    text = RSII.read_text().replace("[rules]\n", f'[rules]\nstix_intake = "{intake}"\n', 1)
    path.write_text(
        text + f'\n[[feeds]]\nid = "{FEED}"\nname = "Our OpenCTI"\n'
        f'discovery = "{url}/taxii2/"\ncollection = "{collection}"\ninto = "joint"\n'
        'default_marking = "amber"\nhubs = ["damascus"]\n'
    )
    return path


def _services(tmp_path: Path, charter: Path) -> Services:
    return build_services(
        Settings(
            charter=str(charter),
            hub="damascus",
            data_dir=str(tmp_path / "hub"),
            db=f"sqlite:///{tmp_path / 'hub.sqlite'}",
            secret_key="s",
        )
    )


@pytest.fixture
def opencti() -> Iterator[tuple[OpenCtiData, str]]:
    data = OpenCtiData()
    with opencti_server(data) as url:
        yield data, url


def _stored(services: Services) -> set[str]:
    every = Filters(versions=VersionMatch(frozenset({VersionPick.ALL})), limit=5000)
    principal = services.keys.authenticate(services.keys.create("ru", Role.READER)[0])
    return {row.stix_id for row in services.reading.objects(principal, "joint", every).rows}


def test_all_of_opencti_sample_objects_arrive(
    tmp_path: Path, opencti: tuple[OpenCtiData, str]
) -> None:
    data, url = opencti
    samples = sample_objects()
    filler = [indicator(value=f"192.0.2.{i % 250}") for i in range(600)]
    data.add(*filler, *samples)
    services = _services(tmp_path, _charter(tmp_path / "c.toml", url, data.collection))
    try:
        services.replication.set_credentials(FEED, data.token)  # Bearer
        source = next(s for s in sources(services.charter, "damascus") if s.id == FEED)
        pulled = pull_source(services.replication, source)
        assert (pulled.added, pulled.refused) == (606, 0)
        assert {o["id"] for o in samples} <= _stored(services)
        asked = [r for r in data.requests if r["path"].endswith("/objects/")]
        assert asked[0]["match[version]"] == "all"  # refused with a 400 FunctionalError
        assert all(r["match[version]"] == "last" for r in asked[1:])
        assert int(asked[-1]["limit"]) <= 500  # learnt from the first full page
        joint = services.charter.collection("joint")
        assert joint is not None
        cursor = services.replication.cursor(FEED, joint.id)
        assert cursor.versions == "last" and cursor.refused == 0
        assert cursor.next_token  # resumed by OpenCTI's cursor: its date header is "undefined"

        assert pull_source(services.replication, source).added == 0
        data.add(indicator(value="198.51.100.200"))
        assert pull_source(services.replication, source).added == 1
    finally:
        services.engine.dispose()


def test_a_wrong_key_names_opencti_error_code(
    tmp_path: Path, opencti: tuple[OpenCtiData, str]
) -> None:
    data, url = opencti
    services = _services(tmp_path, _charter(tmp_path / "c.toml", url, data.collection))
    try:
        services.replication.set_credentials(FEED, "not-the-token")
        source = next(s for s in sources(services.charter, "damascus") if s.id == FEED)
        with pytest.raises(Exception, match="AuthRequired: You must be logged in"):
            pull_source(services.replication, source)
    finally:
        services.engine.dispose()


def test_refused_objects_are_quarantined_the_pull_exits_1_and_retry_stores_them(
    tmp_path: Path, opencti: tuple[OpenCtiData, str]
) -> None:
    """A strict charter refuses OpenCTI's objects: `sync pull` says how many and exits 1,
    `sync status` counts them, `sync quarantine` lists each with its reason; after the
    charter moves to `repair` (an upgrade does the same), `sync retry` stores them."""
    data, url = opencti
    data.add(*sample_objects())
    strict = _charter(tmp_path / "strict.toml", url, data.collection, "strict")
    services = _services(tmp_path, strict)
    services.replication.set_credentials(FEED, data.token)
    services.engine.dispose()
    database = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    flags = ["--hub", "damascus", "--db", database, "--data-dir", str(tmp_path / "hub")]
    env = {"ALLYHUB_SECRET_KEY": "s"}
    runner = CliRunner()

    pulled = runner.invoke(app, ["sync", "pull", FEED, "--charter", str(strict), *flags], env=env)
    assert pulled.exit_code == 1, pulled.output
    assert "0 new versions, 6 refused" in pulled.output
    assert "latest version" in pulled.output
    status = runner.invoke(
        app, ["sync", "status", "--json", "--charter", str(strict), *flags], env=env
    )
    row = next(r for r in json.loads(status.output)["pulled"] if r["peer"] == FEED)
    assert (row["refused"], row["quarantined"], row["versions"]) == (6, 6, "last")
    listed = runner.invoke(
        app, ["sync", "quarantine", FEED, "--json", "--charter", str(strict), *flags], env=env
    )
    entries = json.loads(listed.output)
    assert len(entries) == 6 and all("extension property name" in e["reason"] for e in entries)
    again = runner.invoke(app, ["sync", "pull", FEED, "--charter", str(strict), *flags], env=env)
    assert again.exit_code == 0 and "0 new versions" in again.output  # the cursor moved on

    repair = _charter(tmp_path / "repair.toml", url, data.collection, "repair")
    retried = runner.invoke(app, ["sync", "retry", FEED, "--charter", str(repair), *flags], env=env)
    assert retried.exit_code == 0, retried.output
    assert retried.output.strip() == "6 stored, 0 still refused (0 quarantined)"
    services = _services(tmp_path, repair)
    try:
        assert {r[2]["id"] for r in data.rows} <= _stored(services)
    finally:
        services.engine.dispose()
