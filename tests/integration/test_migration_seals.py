"""Migration 0008: versions stored before it keep their date_added as their commit date
and start their own line; each member may then share its own copy of the same version."""

from __future__ import annotations

import orjson
from alembic import command
from sqlalchemy import text

from allyhub.store.engine import _alembic_config, make_engine, upgrade

IP = {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--1", "value": "192.0.2.1"}


def test_upgrade_keeps_old_dates_and_lets_each_member_share_the_same_version(
    db_url: str,
) -> None:
    engine = make_engine(db_url)
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    insert = text(
        "INSERT INTO objects (date_added, collection, stix_id, type, version, spec_version,"
        " shared_by, origin_hub, origin_added, tlp, deleted, body, has_newer, has_older)"
        " VALUES (:d, 'c', :id, 'ipv4-addr', 0, '2.1', :by, 'h', :o, 1, false, :body,"
        " false, false)"
    )
    with engine.begin() as connection:
        connection.execute(
            insert, {"d": 5, "o": 3, "id": IP["id"], "by": "ru", "body": orjson.dumps(IP)}
        )

    upgrade(engine)

    with engine.begin() as connection:
        row = connection.execute(
            text("SELECT committed, line_start, other_lines, seal FROM objects")
        ).one()
        assert tuple(row) == (5, 3, False, None)  # its own date, its own line, no seal
        # another member's sharing of the same version is a row of its own now
        connection.execute(
            insert, {"d": 6, "o": 6, "id": IP["id"], "by": "sy", "body": orjson.dumps(IP)}
        )
        shared = connection.execute(text("SELECT count(*) FROM objects")).scalar_one()
    assert shared == 2
    engine.dispose()
