"""The CLI as a script drives it: exit codes, JSON output, no tracebacks, whole tables,
the addresses people paste, the forms the help promises."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
import typer
from typer.testing import CliRunner

from allyhub.charter import Role
from allyhub.cli.key import EXPIRES_HELP, _expiry
from allyhub.cli.main import app
from allyhub.cli.reference import _walk
from tests.conftest import RSII, SEED_RSII, RunningHub, free_port
from tests.factories import indicator


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _db_flags(hub: RunningHub) -> list[str]:
    s = hub.services.settings
    return ["--charter", str(RSII), "--hub", "damascus", "--db", s.db, "--data-dir", s.data_dir]


def _env(hub: RunningHub) -> dict[str, str]:
    return {"ALLYHUB_SECRET_KEY": hub.services.settings.secret_key}


def _auth(hub: RunningHub, member: str = "ru", role: Role = Role.LIAISON) -> list[str]:
    user, key = hub.key(member, role)
    return ["--url", hub.url, "--user", user, "--key", key]


def test_exit_0_when_done(hub: RunningHub, runner: CliRunner) -> None:
    result = runner.invoke(app, ["key", "list", *_db_flags(hub)], env=_env(hub))
    assert result.exit_code == 0, result.output


def test_exit_1_when_refused_in_one_line(hub: RunningHub, runner: CliRunner) -> None:
    result = runner.invoke(app, ["member", "vote", "no-such-motion", "yes", *_auth(hub)])
    assert result.exit_code == 1
    assert result.output.startswith("allyhub: ") and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_exit_2_for_usage_errors_and_a_missing_file(
    hub: RunningHub, runner: CliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["key", "list", "--no-such-option"]).exit_code == 2
    missing = tmp_path / "nothing.json"
    result = runner.invoke(app, ["share", str(missing), *_auth(hub, role=Role.ANALYST)])
    assert result.exit_code == 2
    assert result.output.strip() == f"allyhub: {missing}: no such file or directory"
    bad_setting = runner.invoke(app, ["key", "list", "--hub", "nowhere", "--charter", str(RSII)])
    assert bad_setting.exit_code == 2 and "not a hub of the charter" in bad_setting.output


def test_exit_3_when_the_hub_cannot_be_reached(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "one.json"
    source.write_bytes(orjson.dumps([indicator()]))
    url = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    result = runner.invoke(app, ["share", str(source), "--url", url, "--key", "k"])
    assert result.exit_code == 3
    assert result.output.startswith("allyhub: ") and "Traceback" not in result.output


def test_url_may_be_the_taxii2_address_the_demo_prints(
    hub: RunningHub, runner: CliRunner, tmp_path: Path
) -> None:
    user, key = hub.key("ru")
    source = tmp_path / "one.json"
    source.write_bytes(orjson.dumps([indicator()]))
    for url in (hub.url + "/taxii2/", hub.root, hub.url + "/"):
        args = ["share", str(source), "--url", url, "--user", user, "--key", key, "--json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (url, result.output)


def _json(runner: CliRunner, args: list[str], env: dict[str, str] | None = None) -> object:
    result = runner.invoke(app, [*args, "--json"], env=env)
    assert result.exit_code == 0, (args, result.output)
    return orjson.loads(result.stdout)


def test_every_listing_command_prints_json(
    hub: RunningHub, runner: CliRunner, tmp_path: Path
) -> None:
    flags, env = _db_flags(hub), _env(hub)
    created = _json(runner, ["key", "create", "--member", "ru", "--role", "liaison", *flags], env)
    assert isinstance(created, dict) and created["principal"] == "ru.liaison"
    auth = ["--url", hub.url, "--user", created["principal"], "--key", created["key"]]
    keys = _json(runner, ["key", "list", *flags], env)
    assert isinstance(keys, list) and {"key_id", "principal", "expires"} <= set(keys[0])
    source = tmp_path / "in.json"
    source.write_bytes(orjson.dumps([indicator()]))
    shared = _json(runner, ["share", str(source), *auth])
    assert shared == {"collection": "joint", "shared": 1, "total": 1, "rejected": []}
    pulled = _json(runner, ["pull", "--out", str(tmp_path / "out.jsonl"), *auth])
    assert isinstance(pulled, dict) and pulled["pulled"] == 1
    entries = _json(runner, ["audit", "show", *flags], env)
    assert isinstance(entries, list) and entries and isinstance(entries[0]["detail"], dict)
    verified = _json(runner, ["audit", "verify", *flags], env)
    assert isinstance(verified, dict) and verified["intact"] is True
    head = _json(runner, ["audit", "head", *flags], env)
    assert isinstance(head, dict) and head["seq"] >= 1
    status = _json(runner, ["sync", "status", *flags], env)
    assert isinstance(status, dict) and set(status) == {"pulled", "served"}
    upgraded = _json(runner, ["db", "upgrade", *flags], env)
    assert isinstance(upgraded, dict) and upgraded["current"] is True
    members = _json(runner, ["member", "list", *auth])
    assert isinstance(members, list) and {"id", "tier", "standing"} <= set(members[0])
    assert isinstance(_json(runner, ["member", "motions", *auth]), list)
    for command in ("list", "board", "queue", "coverage", "capabilities", "pirs"):
        assert _json(runner, ["rfi", command, *auth]) is not None, command
    explained = _json(runner, ["resolve", "explain", "Soleimani", "Сулеймани"])
    assert isinstance(explained, dict) and len(explained["names"]) == 2  # type: ignore[arg-type]


def test_tables_are_not_cut_when_piped(hub: RunningHub, runner: CliRunner) -> None:
    long_name = "a-long-principal-name-for-a-wide-row"
    hub.key("ru", Role.ANALYST, long_name)
    result = runner.invoke(app, ["key", "list", *_db_flags(hub)], env=_env(hub))
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if long_name in line)
    assert len(row) > 120  # wider than any terminal default, and whole
    assert f"ru.{long_name}" in row and "…" not in result.stdout
    assert re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z", row)


def test_key_create_warns_for_a_member_this_hub_does_not_host(
    hub: RunningHub, runner: CliRunner
) -> None:
    # the seed's charter: Damascus hosts sy, ru and hz; Iran is hosted at Baghdad
    seed = [*_db_flags(hub)]
    seed[1] = str(SEED_RSII)
    result = runner.invoke(app, ["key", "create", "--member", "ir", *seed], env=_env(hub))
    assert result.exit_code == 0
    assert "warning: hub damascus does not host ir" in result.stderr
    assert "hosted at baghdad" in result.stderr
    hosted = runner.invoke(app, ["key", "create", "--member", "ru", *seed], env=_env(hub))
    assert "warning" not in hosted.stderr


def test_expires_takes_every_form_its_help_shows() -> None:
    examples = re.findall(r"\(([^)]*)\)", EXPIRES_HELP)
    forms = [f for example in examples for f in re.split(r",\s*|;.*", example) if f[:1].isdigit()]
    assert {"2027-01-31", "2027-01-31T18:00:00Z", "90d", "12h", "30m", "2w"} <= set(forms)
    for form in forms:
        assert _expiry(form), form
    assert _expiry("2027-01-31T18:00:00") == _expiry("2027-01-31T18:00:00Z")
    with pytest.raises(typer.BadParameter):
        _expiry("next tuesday")


def test_help_shows_words_not_python_types(runner: CliRunner) -> None:
    for path, command in _walk(typer.main.get_command(app), ["allyhub"]):
        if getattr(command, "commands", None):
            continue
        result = runner.invoke(app, [*path[1:], "--help"], terminal_width=200)
        assert result.exit_code == 0, path
        for label in ("<str>", "<bool>", "<int>", "<path>"):
            assert label not in result.output, (path, label)
