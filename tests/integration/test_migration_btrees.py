"""Migration 0014 stores fusion's tables and `object_refs` in their primary keys on SQLite:
the rows a hub derived before it are all still there, read the same way, and each table is
one b-tree fewer (no `sqlite_autoindex_*` beside it)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from allyhub.store.engine import upgrade
from tests.integration.revisions import downgrade, engine_at

ROWS = {
    "fusion_entries": [(7, "threat-actor--1@abc")],
    "fusion_names": [
        ("threat-actor--1@abc", "Касем Сулеймани", "person"),
        ("threat-actor--1@abc", "Qasem Soleimani", "person"),
    ],
    "fusion_links": [("threat-actor--1@abc", "threat-actor--2@def", 0.91, "link", "sound")],
    "fusion_values": [
        (7, "ipv4", "198.51.100.7", "c6336407", "c6336407"),
        (7, "domain", "example.org", "", ""),
    ],
    "fusion_places": [(8, 33.51, 36.29)],
    "object_refs": [("report--1", 7), ("report--2", 7)],
}


def _fill(engine: Engine) -> None:
    with engine.begin() as connection:
        for table, rows in ROWS.items():
            markers = ", ".join(f":p{i}" for i in range(len(rows[0])))
            connection.execute(
                text(f"INSERT INTO {table} VALUES ({markers})"),
                [{f"p{i}": value for i, value in enumerate(row)} for row in rows],
            )


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as connection:
        return {
            table: sorted(tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}")))
            for table in ROWS
        }


def _autoindexed(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT tbl_name FROM sqlite_master WHERE name LIKE 'sqlite_autoindex_%'")
        )
        return {str(row[0]) for row in rows} & set(ROWS)


def test_upgrade_keeps_rows_and_drops_the_second_btree(tmp_path: Path) -> None:
    engine = engine_at(f"sqlite:///{tmp_path / 'hub.sqlite'}", "0013")
    _fill(engine)
    assert _autoindexed(engine) == {
        "fusion_entries",
        "fusion_names",
        "fusion_links",
        "fusion_values",
        "fusion_places",
        "object_refs",
    }

    upgrade(engine)

    assert _rows(engine) == {table: sorted(rows) for table, rows in ROWS.items()}
    assert _autoindexed(engine) == set()
    with engine.connect() as connection:
        indexes = {
            str(row[0])
            for row in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'index'")
            )
        }
        # the lookups' own indexes are made again
        assert {
            "fusion_entries_entry",
            "fusion_links_b",
            "fusion_values_value",
            "fusion_values_range",
            "fusion_places_latitude",
        } <= indexes
        # the range index files IP ranges only
        (ranges,) = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'fusion_values_range'")
        ).one()
        assert ranges.endswith("WHERE lo != ''")
        # a key is still a key: the same row twice is refused
        with pytest.raises(IntegrityError, match="UNIQUE"):
            connection.exec_driver_sql("INSERT INTO object_refs VALUES (?, ?)", ("report--1", 7))

    downgrade(engine, "0013")
    assert _rows(engine) == {table: sorted(rows) for table, rows in ROWS.items()}
    assert len(_autoindexed(engine)) == 6
    engine.dispose()


def test_upgrade_on_either_backend_leaves_values_without_a_range_out_of_the_range_index(
    db_url: str,
) -> None:
    """On PostgreSQL too (no tables rebuilt there), the range index is made partial, and
    downgrading makes it whole again; values are read the same before and after."""
    engine = engine_at(db_url, "0013")
    _fill(engine)
    upgrade(engine)
    assert _rows(engine)["fusion_values"] == sorted(ROWS["fusion_values"])
    with engine.connect() as connection:
        counted = connection.execute(
            text(
                "SELECT count(*) FROM fusion_values WHERE kind = 'ipv4' AND lo != ''"
                " AND lo <= 'c6336407' AND hi >= 'c6336407'"
            )
        ).scalar_one()
        assert counted == 1
    downgrade(engine, "0013")
    assert _rows(engine)["fusion_values"] == sorted(ROWS["fusion_values"])
    engine.dispose()
