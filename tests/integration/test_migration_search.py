"""Migration 0012 indexes the versions stored before it for the search, exactly as the
share path indexes new ones (on SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from allyhub.app import Services
from allyhub.store.engine import _alembic_config, upgrade
from tests.conftest import share_seed


def _rows(services: Services) -> list[tuple[int, str]]:
    with services.engine.connect() as connection:
        found = connection.execute(text("SELECT date_added, text FROM object_text ORDER BY 1"))
        return [(int(d), str(t)) for d, t in found]


def test_upgrade_indexes_what_was_stored_before_it_as_the_share_path_does(
    services: Services,
) -> None:
    share_seed(services)
    written = _rows(services)
    assert any("198.51.100.7" in t and "relay contacted from damascus" in t for _, t in written)
    assert any("hamadan air base" in t for _, t in written)

    config = _alembic_config()
    with services.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")
    upgrade(services.engine)

    assert _rows(services) == written
