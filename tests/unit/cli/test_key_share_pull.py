"""The CLI as people use it: issue keys, share a bundle, pull to JSON lines and resume."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from allyhub.charter import Role
from allyhub.cli.main import app
from allyhub.service import Filters
from tests.conftest import RSII, RunningHub
from tests.factories import envelope, indicator


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _db_flags(hub: RunningHub) -> list[str]:
    s = hub.services.settings
    return ["--charter", str(RSII), "--hub", "damascus", "--db", s.db, "--data-dir", s.data_dir]


def test_key_create_list_revoke(hub: RunningHub, runner: CliRunner) -> None:
    env = {"ALLYHUB_SECRET_KEY": hub.services.settings.secret_key}
    created = runner.invoke(
        app, ["key", "create", "--member", "ir", "--role", "liaison", *_db_flags(hub)], env=env
    )
    assert created.exit_code == 0, created.output
    lines = dict(line.split(":", 1) for line in created.stdout.splitlines() if ":" in line)
    key_id, key = lines["key id"].strip(), lines["key"].strip()
    assert lines["principal"].strip() == "ir.liaison"
    assert hub.services.keys.authenticate(key).member == "ir"

    listed = runner.invoke(app, ["key", "list", "--member", "ir", *_db_flags(hub)], env=env)
    assert key_id in listed.stdout and key not in listed.stdout

    revoked = runner.invoke(app, ["key", "revoke", key_id, *_db_flags(hub)], env=env)
    assert revoked.exit_code == 0
    again = runner.invoke(app, ["key", "revoke", key_id, *_db_flags(hub)], env=env)
    assert again.exit_code != 0


def test_key_create_for_an_unknown_member_says_who_the_members_are(
    hub: RunningHub, runner: CliRunner
) -> None:
    result = runner.invoke(app, ["key", "create", "--member", "us", *_db_flags(hub)])
    assert result.exit_code == 1  # refused
    assert "not a member" in result.output and "Traceback" not in result.output


def test_share_reports_rejected_objects_and_exits_non_zero(
    hub: RunningHub, runner: CliRunner, tmp_path: Path
) -> None:
    user, key = hub.key("ru")
    good = [indicator(value=f"192.0.2.{i}") for i in range(5)]
    bad = dict(indicator(), created="yesterday")
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(orjson.dumps({"type": "bundle", "id": "bundle--0", "objects": [*good, bad]}))
    args = ["share", str(bundle), "--url", hub.url, "--user", user, "--key", key, "--batch", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "shared 5 of 6" in result.stdout
    assert bad["id"] in result.stdout


def test_pull_writes_jsonl_and_resumes_from_its_cursor(
    hub: RunningHub, runner: CliRunner, tmp_path: Path
) -> None:
    user, key = hub.key("ru")
    first = [indicator(value=f"198.51.100.{i}") for i in range(3)]
    later = [indicator(value=f"203.0.113.{i}") for i in range(2)]
    source = tmp_path / "in.json"
    out = tmp_path / "out.jsonl"
    auth = ["--url", hub.url, "--user", user, "--key", key]

    source.write_bytes(orjson.dumps({"objects": first}))
    assert runner.invoke(app, ["share", str(source), *auth]).exit_code == 0
    assert runner.invoke(app, ["pull", "--out", str(out), *auth]).exit_code == 0
    source.write_bytes(orjson.dumps({"objects": later}))
    assert runner.invoke(app, ["share", str(source), *auth]).exit_code == 0
    assert runner.invoke(app, ["pull", "--out", str(out), *auth]).exit_code == 0

    lines = [orjson.loads(line)["id"] for line in out.read_bytes().splitlines()]
    assert lines == [o["id"] for o in first + later]
    assert (tmp_path / "out.jsonl.cursor").read_text().strip().endswith("Z")


def test_sync_push_sends_a_peer_what_it_may_see(
    hub_pair: tuple[RunningHub, RunningHub], runner: CliRunner, tmp_path: Path
) -> None:
    damascus, baghdad = hub_pair
    charter = tmp_path / "rsii.toml"  # the charter, with Baghdad where this test serves it
    charter.write_text(RSII.read_text().replace("http://127.0.0.1:8602", baghdad.url))
    ident = {m.id: m.identity for m in damascus.services.charter.members}
    user, key = damascus.key("ru")
    shared = indicator(ident["ru"])
    status = damascus.services.sharing.share(
        damascus.services.keys.authenticate(key, user), "joint", orjson.dumps(envelope(shared))
    )
    assert not status.failures
    s = damascus.services.settings
    flags = ["--charter", str(charter), "--hub", "damascus", "--db", s.db, "--data-dir", s.data_dir]
    env = {"ALLYHUB_SECRET_KEY": s.secret_key}
    pushed = runner.invoke(app, ["sync", "push", "baghdad", *flags], env=env)
    assert pushed.exit_code == 0, pushed.output
    assert "baghdad: 1 versions sent, 1 new there, 0 refused" in pushed.stdout
    user, key = baghdad.key("iq", Role.READER)
    reader = baghdad.services.keys.authenticate(key, user)
    assert baghdad.services.reading.object(reader, "joint", shared["id"], Filters()).rows

    unknown = runner.invoke(app, ["sync", "push", "nowhere", *flags], env=env)
    assert unknown.exit_code != 0 and "not a peer hub" in unknown.output
