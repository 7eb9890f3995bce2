"""A server process that shares, reads and searches for values never loads the name
scoring (issue 15: the hub ≤ 300 MB at 1M objects). numpy, PyICU, OpenCC and fusion's
lexicon are about 40 MB of every process that imports them; the fusion worker and a name
search need them, and load them when they first score (allyhub.fusion's lazy face,
service/fusion.py's imports inside the methods that score).

As tests/unit/cli/test_startup.py does for the CLI, this checks what a fresh interpreter
imports, not how long it takes or how much memory it holds."""

from __future__ import annotations

import subprocess
import sys

import orjson

from tests.conftest import ROOT, RSII

SCORING = (
    "numpy",
    "icu",
    "opencc",
    "rigour",
    "rapidfuzz",
    "allyhub.fusion._lexicon",
    "allyhub.fusion.keys",
    "allyhub.fusion.scoring",
    "allyhub.fusion.blocking",
)
"""What scoring a name brings: the libraries and fusion's modules that load them."""

PROBE = """
import sys, tempfile
from pathlib import Path

import orjson

from allyhub.app import build_services, create_app
from allyhub.charter import Role, Tlp
from allyhub.settings import Settings
from tests.factories import T0, envelope, indicator, marked, sid

charter, scoring = sys.argv[1], orjson.loads(sys.argv[2])
tmp = Path(tempfile.mkdtemp(prefix="allyhub-lean-"))
services = build_services(
    Settings(
        charter=charter,
        hub="damascus",
        data_dir=str(tmp / "data"),
        db=f"sqlite:///{tmp / 'hub.sqlite'}",
        secret_key="test-secret",
    )
)
create_app(services)
sy = services.keys.authenticate(services.keys.create("sy", Role.ANALYST)[0])
identity = {m.id: m.identity for m in services.charter.members}["sy"]
actor = marked(
    {
        "type": "threat-actor",
        "spec_version": "2.1",
        "id": sid("threat-actor"),
        "created": T0,
        "modified": T0,
        "name": "Касем Сулеймани",
        "created_by_ref": identity,
    },
    Tlp.GREEN,
)
status = services.sharing.share(sy, "joint", orjson.dumps(envelope(actor, indicator(identity))))
assert not status.failures, status.failures
by_value = services.search.search(sy, "198.51.100.7")
served = sorted(m for m in scoring if m in sys.modules)
services.fusion.catch_up()  # what the fusion worker runs
hits = services.fusion.entities(sy, "Qasem Soleimani")
print(orjson.dumps({
    "served": served,
    "found_by_value": by_value.total,
    "found_by_name": [e.id for e in hits] == [actor["id"]],
    "worker": sorted(m for m in scoring if m in sys.modules),
}).decode())
"""


def _run_probe() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(RSII), orjson.dumps(SCORING).decode()],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,
    )
    result: dict[str, object] = orjson.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_server_loads_the_scoring_only_when_it_scores_a_name() -> None:
    result = _run_probe()
    assert result["found_by_value"] == 1  # the probe shared and searched at all
    assert result["served"] == [], "building the app, a share and a value search loaded these"
    assert result["found_by_name"] is True  # the name search still resolves, lazily
    assert result["worker"] == sorted(SCORING)
