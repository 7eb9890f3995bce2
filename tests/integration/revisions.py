"""A database at an older revision of the schema, for the tests of a migration: filled
the way that revision's code filled it, then upgraded (or downgraded) to see what the
migration makes of it."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine

from allyhub.store.engine import _alembic_config, make_engine, upgrade


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to `revision`."""
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def engine_at(url: str, revision: str) -> Engine:
    """An engine on the database at `url`, migrated up to `revision` (not to the head)."""
    engine = make_engine(url)
    upgrade(engine, revision)
    return engine
