"""new_version: every writer's object made into the stored version the same way."""

from __future__ import annotations

import orjson

from allyhub.service.versions import new_version, version_key
from allyhub.timestamps import parse_timestamp
from tests.factories import T0, indicator, report


def test_version_is_modified_else_created_else_zero() -> None:
    obj = indicator(modified="2020-01-02T03:04:05.678Z")
    assert version_key(obj) == parse_timestamp("2020-01-02T03:04:05.678Z")
    created_only = {k: v for k, v in obj.items() if k != "modified"}
    assert version_key(created_only) == parse_timestamp(T0)
    assert version_key({"type": "ipv4-addr", "id": "ipv4-addr--1", "value": "1.2.3.4"}) == 0


def test_a_version_indexes_what_it_is_about_and_its_names() -> None:
    about = indicator(name="Relay in Latakia")
    rep = report("identity--ru", name="Caucasian fighters", refs=(about["id"],))
    version = new_version(rep, collection="c", shared_by="ru", tlp=2, origin_hub="damascus")
    assert about["id"] in version.refs
    assert "caucasian fighters" in version.names
    assert orjson.loads(version.body) == rep
    assert (version.stix_id, version.type, version.shared_by) == (rep["id"], "report", "ru")
