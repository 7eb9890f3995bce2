"""A server process that shares, reads and searches for values never loads the name
scoring (issue 15: the hub ≤ 300 MB at 1M objects). numpy, PyICU, OpenCC and fusion's
lexicon are about 40 MB of every process that imports them; the fusion worker and a name
search need them, and load them when they first score (allyhub.fusion's lazy face,
service/fusion.py's imports inside the methods that score).

As tests/unit/cli/test_startup.py does for the CLI, this checks what a fresh interpreter
imports, not how long it takes or how much memory it holds. Each step runs in a process
of its own, as `allyhub serve` runs the fusion worker in a child process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

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
import sys

import orjson

from allyhub.app import build_services, create_app
from allyhub.charter import Role, Tlp
from allyhub.settings import Settings
from tests.factories import T0, envelope, indicator, marked, sid

step, charter, data, scoring = sys.argv[1], sys.argv[2], sys.argv[3], orjson.loads(sys.argv[4])
settings = Settings(
    charter=charter,
    hub="damascus",
    data_dir=f"{data}/data",
    db=f"sqlite:///{data}/hub.sqlite",
    secret_key="test-secret",
)
services = build_services(settings)
sy = services.keys.authenticate(services.keys.create("sy", Role.ANALYST)[0])
identity = {m.id: m.identity for m in services.charter.members}["sy"]
out = {}
if step == "share":
    create_app(services)
    actor = {
        "type": "threat-actor",
        "spec_version": "2.1",
        "id": sid("threat-actor"),
        "created": T0,
        "modified": T0,
        "name": "Касем Сулеймани",
        "created_by_ref": identity,
    }
    shared = [marked(actor, Tlp.GREEN), indicator(identity)]
    status = services.sharing.share(sy, "joint", orjson.dumps(envelope(*shared)))
    assert not status.failures, status.failures
    out["ids"] = [o["id"] for o in shared]
    out["found_by_value"] = services.search.search(sy, "198.51.100.7").total
elif step == "fuse":
    out["fused"] = services.fusion.catch_up()
else:
    create_app(services)
    actor, ioc = step.split(",")
    out["indicator_page"] = services.pivots.object(sy, ioc, [], []).entity is None
    out["read"] = sorted(m for m in scoring if m in sys.modules)
    out["scripts"] = [f.script for f in services.fusion.entity(sy, actor).names]
    out["named"] = sorted(m for m in scoring if m in sys.modules)
    out["found_by_name"] = [e.id for e in services.fusion.entities(sy, "Qasem Soleimani")]
out["loaded"] = sorted(m for m in scoring if m in sys.modules)
print(orjson.dumps(out).decode())
"""


def _step(step: str, data: Path) -> dict[str, Any]:
    """One fresh interpreter on the hub in `data`: what it found, and what it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, step, str(RSII), str(data), orjson.dumps(SCORING).decode()],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=ROOT,
    )
    result: dict[str, Any] = orjson.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_server_loads_the_scoring_only_when_it_scores_a_name(tmp_path: Path) -> None:
    shared = _step("share", tmp_path)
    assert shared["found_by_value"] == 1  # the probe shared and searched at all
    assert shared["loaded"] == [], "building the app, a share and a value search load these"

    worker = _step("fuse", tmp_path)
    assert worker["fused"] > 0
    assert worker["loaded"] == sorted(SCORING)  # the worker finds what it needs on its own

    actor, ioc = shared["ids"]
    server = _step(f"{actor},{ioc}", tmp_path)
    assert server["indicator_page"] is True
    assert server["read"] == [], "the page of an indicator loads these"
    assert server["scripts"] == ["Cyrillic"]  # a named entity's page labels its names
    assert server["named"] == ["opencc"], "a named entity's page loads more than folding"
    assert server["found_by_name"] == [actor]  # the name search still resolves, lazily
    assert server["loaded"] == sorted(SCORING)
