"""store/keys.py alone, on both databases: key records in and out, revocation once."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from allyhub.errors import StoreError
from allyhub.records import KeyRecord
from allyhub.store.keys import SqlKeyStore


def record(key_id: str, member: str = "sy", digest: bytes = b"") -> KeyRecord:
    return KeyRecord(
        key_id=key_id,
        principal=f"{member}.analyst",
        member=member,
        role="analyst",
        digest=digest or key_id.encode().ljust(32, b"\0"),
        created=1,
        expires=None,
        revoked=None,
    )


def test_key_record_is_found_by_digest_and_by_id(engine: Engine) -> None:
    keys = SqlKeyStore(engine)
    keys.add(record("a1"))
    keys.add(record("b2", member="ru"))
    assert keys.by_id("a1") == record("a1")
    assert keys.by_digest(record("b2", member="ru").digest) == record("b2", member="ru")
    assert keys.by_id("none") is None and keys.by_digest(b"x" * 32) is None
    assert [r.key_id for r in keys.all("ru")] == ["b2"]
    assert {r.key_id for r in keys.all()} == {"a1", "b2"}


def test_a_key_is_revoked_once(engine: Engine) -> None:
    keys = SqlKeyStore(engine)
    keys.add(record("a1"))
    assert keys.revoke("a1", 5) is True
    assert keys.revoke("a1", 6) is False
    assert keys.revoke("none", 6) is False
    found = keys.by_id("a1")
    assert found is not None and found.revoked == 5


def test_a_second_record_with_the_same_id_is_a_store_error(engine: Engine) -> None:
    keys = SqlKeyStore(engine)
    keys.add(record("a1"))
    with pytest.raises(StoreError):
        keys.add(record("a1", member="ru"))
