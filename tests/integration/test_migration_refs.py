"""Migration 0004 indexes the versions stored before it: what each refers to, its names."""

from __future__ import annotations

from pathlib import Path

import orjson
from sqlalchemy import text

from allyhub.store.engine import upgrade
from tests.integration.revisions import engine_at

OPINION = {
    "type": "opinion",
    "id": "opinion--1",
    "opinion": "disagree",
    "object_refs": ["report--1", "report--2", "report--1"],
}
ACTOR = {"type": "threat-actor", "id": "threat-actor--1", "name": "Касем", "aliases": ["Qasem"]}


def test_upgrade_indexes_versions_stored_before_it(tmp_path: Path) -> None:
    engine = engine_at(f"sqlite:///{tmp_path / 'old.sqlite'}", "0003")
    with engine.begin() as connection:
        for date_added, obj in ((1, OPINION), (2, ACTOR)):
            connection.execute(
                text(
                    "INSERT INTO objects (date_added, collection, stix_id, type, version,"
                    " spec_version, shared_by, origin_hub, origin_added, tlp, deleted, body,"
                    " has_newer, has_older) VALUES (:d, 'c', :id, :type, 0, '2.1', 'ru', 'h',"
                    " :d, 1, false, :body, false, false)"
                ),
                {"d": date_added, "id": obj["id"], "type": obj["type"], "body": orjson.dumps(obj)},
            )

    upgrade(engine)

    with engine.connect() as connection:
        refs = connection.execute(text("SELECT ref, date_added FROM object_refs ORDER BY ref"))
        names = connection.execute(text("SELECT date_added, names FROM object_names"))
        assert list(refs) == [("report--1", 1), ("report--2", 1)]
        assert list(names) == [(2, "касем\nqasem")]
    engine.dispose()
