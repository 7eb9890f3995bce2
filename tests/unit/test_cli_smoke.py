"""The CLI's commands that need no running hub, run for real on a fresh SQLite hub: the
database is migrated, a key is issued, listed and revoked, the audit trail records it and
verifies, and errors end in one line with their exit code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from allyhub import __version__
from allyhub.cli.main import app
from allyhub.store.engine import head_revision
from tests.conftest import ROOT, RSII

ENV = {"ALLYHUB_SECRET_KEY": "smoke"}


@pytest.fixture
def flags(tmp_path: Path) -> list[str]:
    return ["--charter", str(RSII), "--hub", "damascus", "--data-dir", str(tmp_path)]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=ENV)
    return result.exit_code, result.output


def test_cli_version_is_printed_by_the_installed_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "allyhub", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(__version__)


def test_db_upgrade_migrates_a_fresh_hub_to_the_newest_revision(
    flags: list[str], tmp_path: Path
) -> None:
    code, out = _run("db", "upgrade", *flags)
    assert code == 0, out
    assert f"is current (revision {head_revision()})" in out
    assert (tmp_path / "damascus.sqlite").is_file()
    assert (tmp_path / "damascus.ed25519").is_file()


def test_key_is_issued_listed_revoked_and_audited(flags: list[str], tmp_path: Path) -> None:
    code, out = _run("key", "create", "--member", "sy", "--role", "liaison", "--json", *flags)
    assert code == 0, out
    made = orjson.loads(out)
    assert made["principal"] == "sy.liaison" and made["role"] == "liaison"
    assert re.fullmatch(rf"ahk_{made['key_id']}_[A-Za-z0-9_-]{{43}}", made["key"])
    assert made["key"].encode() not in (tmp_path / "damascus.sqlite").read_bytes()

    code, out = _run("key", "list", "--json", *flags)
    (listed,) = orjson.loads(out)
    assert (listed["key_id"], listed["revoked"]) == (made["key_id"], None)
    assert "key" not in listed  # the secret is printed once, at creation

    assert _run("key", "revoke", made["key_id"], *flags)[0] == 0
    (listed,) = orjson.loads(_run("key", "list", "--json", *flags)[1])
    assert listed["revoked"] is not None

    code, out = _run("key", "revoke", made["key_id"], *flags)
    assert code == 1
    assert out == f"allyhub: no active key '{made['key_id']}'\n"

    code, out = _run("audit", "verify", *flags)
    assert code == 0, out
    assert "intact: 2 entries" in out  # key.create, key.revoke; a refused revoke is not an act
    code, out = _run("audit", "head", *flags)
    assert re.fullmatch(r"2:[0-9a-f]{64}\n", out), out


def test_key_for_a_member_not_in_the_charter_is_refused_in_one_line(flags: list[str]) -> None:
    code, out = _run("key", "create", "--member", "isil", *flags)
    assert code == 1
    assert out.startswith("allyhub: 'isil' is not a member of the coalition")
    assert len(out.splitlines()) == 1


def test_missing_charter_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "none.toml"
    code, out = _run("key", "list", "--charter", str(missing), "--hub", "damascus")
    assert code == 2
    assert out.startswith("allyhub: ") and str(missing) in out
    assert "Traceback" not in out
