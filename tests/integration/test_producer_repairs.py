"""Real producers' STIX over TAXII: repaired and said so (the charter's default), or
refused with the rule (`rules.stix_intake = "strict"`); and one envelope cannot hold two
different objects under one (id, modified)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from allyhub.app import build_services
from allyhub.settings import Settings
from tests.conftest import RSII, RunningHub, serving
from tests.factories import envelope, indicator
from tests.opencti import sample_objects

TAXII = "application/taxii+json;version=2.1"


def _share(client: httpx.Client, hub: RunningHub, objects: list[dict[str, Any]]) -> Any:
    answer = client.post(
        hub.collection_url() + "objects/",
        content=orjson.dumps(envelope(*objects)),
        headers={"Content-Type": TAXII, "Accept": TAXII},
    )
    assert answer.status_code == 202, answer.text
    return answer.json()


def test_opencti_objects_are_stored_repaired_with_the_repairs_in_the_status(
    hub: RunningHub, member_client: Any
) -> None:
    """The report is TLP:CLEAR and holds incidents marked more narrowly (unmarked is the
    charter's AMBER, a PAP marking is no TLP): that is the reference rule, not a repair,
    and it is refused with that reason."""
    status = _share(member_client("ru"), hub, sample_objects())
    assert status["success_count"] == 5 and status["failure_count"] == 1
    assert status["failures"][0]["id"].startswith("report--")
    assert status["failures"][0]["message"].startswith("references: ")
    messages = {s["id"]: s.get("message", "") for s in status["successes"]}
    assert all("repaired" in m and "renamed x_id" in m for m in messages.values())
    incidents = [i for i in messages if i.startswith("incident--")]
    assert all("severity renamed x_severity" in messages[i] for i in incidents)
    assert all("read as property-extension" in messages[i] for i in incidents)
    stored = member_client("ru").get(hub.collection_url() + "objects/").json()["objects"]
    incident = next(o for o in stored if o["id"] == incidents[0])
    assert "severity" not in incident and incident["x_severity"] in ("high", "medium")


@pytest.fixture
def strict_hub(tmp_path: Path) -> Any:
    charter = tmp_path / "strict.toml"
    text = RSII.read_text()
    assert "[rules]\n" in text
    charter.write_text(text.replace("[rules]\n", '[rules]\nstix_intake = "strict"\n', 1))
    services = build_services(
        Settings(
            charter=str(charter),
            hub="damascus",
            data_dir=str(tmp_path / "data"),
            db=f"sqlite:///{tmp_path / 'hub.sqlite'}",
            secret_key="s",
        )
    )
    with serving(services) as running:
        yield running
    services.engine.dispose()


def test_a_strict_charter_refuses_them_naming_the_rule(strict_hub: RunningHub) -> None:
    user, key = strict_hub.key("ru")
    with httpx.Client(auth=(user, key), timeout=60) as client:
        status = _share(client, strict_hub, sample_objects())
    assert status["success_count"] == 0 and status["failure_count"] == 6
    for failure in status["failures"]:
        assert "is not a valid extension property name" in failure["message"]


def test_two_different_objects_with_one_id_and_modified_fail_the_second(
    hub: RunningHub, member_client: Any
) -> None:
    """One of misp-stix's fixtures reuses a UUID for three objects: all three were
    reported stored, and one was kept."""
    first = indicator(value="203.0.113.1")
    again = dict(first)  # the same object twice is one version: both succeed
    other = {**first, "name": "another object", "pattern": "[ipv4-addr:value = '203.0.113.2']"}
    status = _share(member_client("ru"), hub, [first, again, other])
    assert status["success_count"] == 2 and status["failure_count"] == 1
    assert "same id and modified" in status["failures"][0]["message"]
