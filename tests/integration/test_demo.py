"""`allyhub demo --check` runs the seed scenario on two real hubs headless and verifies it.

The test reads the command's verdict line by line, then opens the two hubs' databases
itself, after the hubs have stopped, and checks the scenario's outcomes through the
service layer: the audit trails verify, the outside state declined on both hubs, Iran's
restricted report reached Damascus for ru alone, and after the revocation Iran's report
skips ru.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from allyhub.app import open_services
from allyhub.charter import Role, load_charter
from allyhub.demo.runner import SECRET
from allyhub.demo.scenario import after_the_revocation, build
from allyhub.errors import NotFound
from allyhub.policy import Standing
from allyhub.service import Filters, Principal
from allyhub.settings import Settings
from tests.conftest import free_port_pair

CLAIMS = [
    "every scenario object was accepted",
    "ir (Baghdad) sees one Soleimani in five scripts: Cyrillic, Chinese, Persian, Arabic, Latin",
    "sy (Damascus) sees the same person without Iran's restricted report",
    "the reported Moscow visit is contradicted: ir supports it, ru denies it",
    "the Moscow-visit report is invisible to sy and to hz",
    "the outside state's invitation was declined, on both hubs",
    "after the revocation Iran's reporting skips Russia; what Russia saw before stays",
    "the command rooms are in sync: Iran's restricted report reached ru in Damascus",
]


def _sees(settings: Settings, member: str, stix_id: str) -> bool:
    principal = Principal(f"{member}.analyst", member, Role.ANALYST, "test")
    with open_services(settings) as services:
        try:
            page = services.reading.object(principal, "joint", stix_id, Filters())
        except NotFound:
            return False
    return bool(page.rows)


@pytest.mark.slow
def test_demo_check_passes_and_its_outcomes_are_in_the_hubs(tmp_path: Path) -> None:
    offset = free_port_pair() - 8601  # two free ports: 8601 + offset and 8602 + offset
    data = tmp_path / "demo"
    command = [sys.executable, "-m", "allyhub", "demo", "--check", "--data-dir", str(data)]
    try:  # within pytest's own timeout, so that a hung demo shows how far it got
        result = subprocess.run(
            [*command, "--port-offset", str(offset)], capture_output=True, text=True, timeout=240
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the demo hung; it said:\n{exc.stdout!r}\n{exc.stderr!r}")
    assert result.returncode == 0, result.stdout + result.stderr
    verdicts = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert verdicts == [f"[ok] {claim}" for claim in CLAIMS]

    charter_path = data / "rsii.toml"
    charter = load_charter(charter_path)
    hubs = {
        hub.id: Settings(
            charter=str(charter_path), hub=hub.id, data_dir=str(data / hub.id), secret_key=SECRET
        )
        for hub in charter.hubs
    }
    assert set(hubs) == {"damascus", "baghdad"}
    for settings in hubs.values():
        with open_services(settings) as services:
            assert services.audit.verify() == []
            assert services.coalition.state().members["us"].standing is Standing.DECLINED

    names = {o.get("name", o["id"]): o["id"] for share in build(charter) for o in share.objects}
    restricted = names["قاسم سلیمانی"]  # Iran's report, released to ru only
    assert _sees(hubs["damascus"], "ru", restricted)
    assert not _sees(hubs["damascus"], "sy", restricted)
    assert _sees(hubs["baghdad"], "ir", restricted)

    revoked = after_the_revocation(charter).objects[0]["id"]
    assert _sees(hubs["damascus"], "sy", revoked)
    assert not _sees(hubs["damascus"], "ru", revoked)
