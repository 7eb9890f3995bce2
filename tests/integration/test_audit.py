"""The audit trail: every act leaves a signed, chained entry; `verify` finds any edit,
deletion, insertion, reordering or forgery, and a recorded head catches truncation."""

from __future__ import annotations

import orjson
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from allyhub.app import Services
from allyhub.charter import Role
from allyhub.cli.main import app
from allyhub.errors import NotAuthenticated
from allyhub.service import Principal
from tests.conftest import RSII
from tests.factories import envelope, indicator


def _principal(services: Services, member: str, role: Role = Role.ANALYST) -> Principal:
    key, _ = services.keys.create(member, role)
    return services.keys.authenticate(key)


@pytest.fixture
def trail(services: Services) -> Services:
    """A hub with a few acts of each kind on its trail."""
    ru = _principal(services, "ru")
    for value in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        services.sharing.share(ru, "joint", orjson.dumps(envelope(indicator(value=value))))
    with pytest.raises(NotAuthenticated):
        services.keys.authenticate("ahk_000000000000_" + "A" * 43)
    services.governance.deny(_principal(services, "ir", Role.LIAISON), "ru")
    assert services.audit.verify() == []
    return services


def _sql(services: Services, statements: str) -> None:
    with services.engine.begin() as connection:
        for statement in statements.split(";"):
            connection.execute(text(statement))


def test_every_kind_of_act_is_recorded(trail: Services) -> None:
    acts = [e.act for e in trail.audit.entries()]
    assert acts.count("share") == 3
    assert {"key.create", "auth.refused", "deny"} <= set(acts)


@pytest.mark.parametrize(
    ("tamper", "seq", "phrase"),
    [
        pytest.param(
            "UPDATE audit SET detail = CAST('{}' AS {blob}) WHERE seq = 3",
            3,
            "edited",
            id="edited-detail",
        ),
        pytest.param("UPDATE audit SET act = 'vote' WHERE seq = 3", 3, "edited", id="edited-act"),
        pytest.param("DELETE FROM audit WHERE seq = 3", 4, "deleted or inserted", id="deleted"),
        pytest.param(
            "UPDATE audit SET seq = -1 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4; "
            "UPDATE audit SET seq = 4 WHERE seq = -1",
            3,
            "reordered",
            id="reordered",
        ),
        pytest.param(
            "UPDATE audit SET signature = (SELECT a.signature FROM audit a WHERE a.seq = 1) WHERE seq = 2",
            2,
            "signature",
            id="forged-signature",
        ),
    ],
)
def test_verify_names_the_tampered_entry(
    trail: Services, tamper: str, seq: int, phrase: str
) -> None:
    blob = "BYTEA" if trail.engine.dialect.name == "postgresql" else "BLOB"
    _sql(trail, tamper.replace("{blob}", blob))
    findings = trail.audit.verify()
    assert findings, "tampering went unnoticed"
    assert findings[0].seq == seq and phrase in findings[0].problem, findings


def test_inserted_entry_is_found(trail: Services) -> None:
    _sql(trail, "UPDATE audit SET seq = seq + 100 WHERE seq >= 3")
    _sql(trail, "UPDATE audit SET seq = seq - 99 WHERE seq >= 103")
    _sql(
        trail,
        "INSERT INTO audit (seq, at, principal, member, act, about, subject, detail, prev, hash, signature) "
        "SELECT 3, at, principal, member, act, about, subject, detail, hash, hash, signature FROM audit WHERE seq = 2",
    )
    findings = trail.audit.verify()
    assert findings and findings[0].seq == 3


def test_a_recorded_head_catches_truncation(trail: Services) -> None:
    last = trail.audit.head()
    assert last is not None
    anchor = (last.seq, last.hash)
    assert trail.audit.verify(anchor) == []
    _sql(trail, f"DELETE FROM audit WHERE seq = {last.seq}")
    assert trail.audit.verify() == []  # a shorter chain is still a chain...
    assert "cut off" in trail.audit.verify(anchor)[-1].problem  # ...but not the recorded one


def test_audit_cli_verify_and_head(trail: Services) -> None:
    s = trail.settings
    flags = ["--charter", str(RSII), "--hub", "damascus", "--db", s.db, "--data-dir", s.data_dir]
    runner = CliRunner()
    env = {"ALLYHUB_SECRET_KEY": s.secret_key}
    head = runner.invoke(app, ["audit", "head", *flags], env=env)
    assert head.exit_code == 0 and ":" in head.stdout
    ok = runner.invoke(app, ["audit", "verify", "--anchor", head.stdout.strip(), *flags], env=env)
    assert ok.exit_code == 0 and "intact" in ok.stdout
    _sql(trail, "UPDATE audit SET principal = 'someone' WHERE seq = 2")
    bad = runner.invoke(app, ["audit", "verify", *flags], env=env)
    assert bad.exit_code == 1 and "entry 2" in bad.stdout
    shown = runner.invoke(app, ["audit", "show", "--act", "share", *flags], env=env)
    assert shown.exit_code == 0 and "share" in shown.stdout
