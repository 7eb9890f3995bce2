"""Fusion's tables and `object_refs` in fewer b-trees on SQLite.

Revision ID: 0014
Revises: 0013

A SQLite table is a b-tree keyed by its rowid; a primary key that is not the rowid is a
second b-tree holding the same columns again (`sqlite_autoindex_*`), and every row written
goes into both. `BIGINT PRIMARY KEY` is not the rowid (only `INTEGER PRIMARY KEY` is), so
`fusion_entries` and `fusion_places` kept their keys twice; `fusion_names`,
`fusion_links`, `fusion_values` and `object_refs` have composite keys and no use for a
rowid. This rebuilds each on SQLite, rows kept, as a table stored in its primary key: one
b-tree fewer for every row the fusion worker writes (and every reference the share path
indexes). Fusion's tables take a third less room (166 → 116 MB at 1M versions,
`bench/fusion_writes.py`); the CPU of the writes did not change measurably, as each row
still dirties a page of each random-key index. PostgreSQL stores its tables apart from
their keys whatever the declaration: nothing changes there.

On both, the range index of `fusion_values` files only the rows that have a range (IP
addresses and networks: `lo` is empty for every other kind): a domain, hash or URL value
was written into an index no query reads. Range queries say `lo != ''` to use it.
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Only IP networks have a range (`lo`, `hi`); the range index files nothing else.
_RANGES = "CREATE INDEX fusion_values_range ON fusion_values (kind, lo) WHERE lo != ''"
_ALL_RANGES = "CREATE INDEX fusion_values_range ON fusion_values (kind, lo)"

# table -> (columns and key, suffix, indexes): what this revision stores, and what it found.
_NEW = {
    "fusion_entries": (
        "date_added INTEGER NOT NULL PRIMARY KEY, entry VARCHAR(320) NOT NULL",
        "",
        ["CREATE INDEX fusion_entries_entry ON fusion_entries (entry)"],
    ),
    "fusion_names": (
        "entry VARCHAR(320) NOT NULL, name TEXT NOT NULL, kind VARCHAR(32) NOT NULL,"
        " PRIMARY KEY (entry, name)",
        " WITHOUT ROWID",
        [],
    ),
    "fusion_links": (
        "a VARCHAR(320) NOT NULL, b VARCHAR(320) NOT NULL, score FLOAT NOT NULL,"
        " band VARCHAR(8) NOT NULL, why TEXT NOT NULL, PRIMARY KEY (a, b)",
        " WITHOUT ROWID",
        ["CREATE INDEX fusion_links_b ON fusion_links (b)"],
    ),
    "fusion_values": (
        "date_added BIGINT NOT NULL, kind VARCHAR(40) NOT NULL, value TEXT NOT NULL,"
        " lo VARCHAR(32) DEFAULT '' NOT NULL, hi VARCHAR(32) DEFAULT '' NOT NULL,"
        " PRIMARY KEY (date_added, kind, value)",
        " WITHOUT ROWID",
        [
            "CREATE INDEX fusion_values_value ON fusion_values (kind, value)",
            _RANGES,
        ],
    ),
    "fusion_places": (
        "date_added INTEGER NOT NULL PRIMARY KEY, latitude FLOAT NOT NULL,"
        " longitude FLOAT NOT NULL",
        "",
        ["CREATE INDEX fusion_places_latitude ON fusion_places (latitude)"],
    ),
    "object_refs": (
        "ref VARCHAR(300) NOT NULL, date_added BIGINT NOT NULL, PRIMARY KEY (ref, date_added)",
        " WITHOUT ROWID",
        [],
    ),
}
_OLD = {
    "fusion_entries": (
        "date_added BIGINT NOT NULL, entry VARCHAR(320) NOT NULL, PRIMARY KEY (date_added)",
        "",
        _NEW["fusion_entries"][2],
    ),
    "fusion_names": (_NEW["fusion_names"][0], "", []),
    "fusion_links": (_NEW["fusion_links"][0], "", _NEW["fusion_links"][2]),
    "fusion_values": (
        _NEW["fusion_values"][0],
        "",
        ["CREATE INDEX fusion_values_value ON fusion_values (kind, value)", _ALL_RANGES],
    ),
    "fusion_places": (
        "date_added BIGINT NOT NULL, latitude FLOAT NOT NULL,"
        " longitude FLOAT NOT NULL, PRIMARY KEY (date_added)",
        "",
        _NEW["fusion_places"][2],
    ),
    "object_refs": (_NEW["object_refs"][0], "", []),
}


def _rebuild(shapes: dict[str, tuple[str, str, list[str]]]) -> None:
    """Each table made again in its new shape, its rows copied in key order."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table, (columns, suffix, indexes) in shapes.items():
        names = ", ".join(row[1] for row in bind.exec_driver_sql(f"PRAGMA table_info({table})"))
        op.execute(f"CREATE TABLE {table}_rebuilt ({columns}){suffix}")
        op.execute(f"INSERT INTO {table}_rebuilt ({names}) SELECT {names} FROM {table}")
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
        for index in indexes:
            op.execute(index)


def _ranges(index: str) -> None:
    """PostgreSQL: the range index made again (SQLite's is, with its table)."""
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP INDEX fusion_values_range")
        op.execute(index)


def upgrade() -> None:
    _rebuild(_NEW)
    _ranges(_RANGES)


def downgrade() -> None:
    _rebuild(_OLD)
    _ranges(_ALL_RANGES)
