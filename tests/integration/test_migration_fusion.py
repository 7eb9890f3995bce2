"""Migration 0009 keys fusion's derived data by version: the old per-object rows go, the
cursor goes back to 0, and the worker derives everything again from the stored versions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson
from alembic import command
from sqlalchemy import inspect, text

from allyhub.app import build_services
from allyhub.charter import Role
from allyhub.settings import Settings
from allyhub.store.engine import _alembic_config, make_engine, upgrade
from tests.conftest import RSII


def test_upgrade_rederives_fusion_per_version(tmp_path: Path, db_url: str) -> None:
    engine = make_engine(db_url)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    with engine.begin() as connection:  # what the old worker left: one row per object
        connection.execute(
            text("INSERT INTO fusion_names (stix_id, name, kind) VALUES ('t--1', 'Old', 'person')")
        )
        connection.execute(text("UPDATE fusion_state SET cursor = 99"))
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"fusion_entries", "fusion_names", "fusion_links"} <= tables
    columns = {c["name"] for c in inspect(engine).get_columns("fusion_values")}
    assert "date_added" in columns and "stix_id" not in columns
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM fusion_names")).scalar() == 0
        assert connection.execute(text("SELECT cursor FROM fusion_state")).scalar() == 0
    engine.dispose()

    settings = Settings(charter=str(RSII), hub="damascus", db=db_url, secret_key="test-secret")
    services = build_services(replace(settings, data_dir=str(tmp_path / "d")))
    try:
        ru = services.keys.authenticate(services.keys.create("ru", Role.ANALYST)[0])
        actor = {
            "type": "threat-actor",
            "spec_version": "2.1",
            "id": "threat-actor--8e2e2d2b-17d4-4cbd-938f-98ee46b3cd3f",
            "created": "2015-10-01T00:00:00.000Z",
            "modified": "2015-10-01T00:00:00.000Z",
            "name": "Касем Сулеймани",
            "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
        }
        services.sharing.share(ru, "joint", orjson.dumps({"objects": [actor]}))
        assert services.fusion.catch_up() >= 1
        view = services.fusion.entity(ru, actor["id"])
        assert [form.text for form in view.names] == ["Касем Сулеймани"]
    finally:
        services.engine.dispose()
