"""Fixtures of the unit tests that need a real database (the store's own tests, and the
records whose SQL form they check)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from allyhub.store.engine import make_engine, upgrade


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated database of its own, on SQLite and on PostgreSQL (`db_url`)."""
    made = make_engine(db_url)
    upgrade(made)
    yield made
    made.dispose()
