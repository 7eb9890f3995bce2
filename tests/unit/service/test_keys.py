"""KeyService over fakes: keys issued, checked, expired, revoked, throttled, audited."""

from __future__ import annotations

import pytest

from allyhub.charter import Role
from allyhub.errors import InvalidRequest, NotAuthenticated, NotFound, Throttled
from tests.unit.service.hub import FakeHub

SECOND = 1_000_000


def test_key_authenticates_as_its_principal_and_is_stored_only_as_a_digest() -> None:
    hub = FakeHub()
    key, record = hub.keys.create("sy", Role.ANALYST)
    principal = hub.keys.authenticate(key)
    assert (principal.id, principal.member, principal.role) == ("sy.analyst", "sy", Role.ANALYST)
    assert key.encode() not in record.digest and len(record.digest) == 32
    assert [e.act for e in hub.tables.audit] == ["key.create"]


def test_key_for_a_non_member_is_refused_naming_the_members() -> None:
    with pytest.raises(InvalidRequest, match="not a member.*members: ru, sy"):
        FakeHub().keys.create("isil", Role.ANALYST)


def test_basic_user_name_must_be_the_keys_principal() -> None:
    hub = FakeHub()
    key, _ = hub.keys.create("sy", Role.ANALYST)
    with pytest.raises(NotAuthenticated, match="does not match"):
        hub.keys.authenticate(key, "ru.analyst")


def test_expired_key_is_refused_once_its_time_has_passed() -> None:
    hub = FakeHub()
    key, _ = hub.keys.create("sy", Role.ANALYST, expires=hub.clock.now + 10 * SECOND)
    assert hub.keys.authenticate(key).member == "sy"
    hub.clock.advance(10 * SECOND)
    with pytest.raises(NotAuthenticated, match="expired"):
        hub.keys.authenticate(key)


def test_revoked_key_is_refused_and_revoking_twice_is_not_found() -> None:
    hub = FakeHub()
    key, record = hub.keys.create("sy", Role.ANALYST)
    hub.keys.revoke(record.key_id)
    with pytest.raises(NotAuthenticated, match="revoked"):
        hub.keys.authenticate(key)
    with pytest.raises(NotFound):
        hub.keys.revoke(record.key_id)
    assert [e.act for e in hub.tables.audit][:2] == ["key.create", "key.revoke"]


def test_repeated_failures_lock_the_principal_out_and_are_audited_once() -> None:
    hub = FakeHub()
    key, _ = hub.keys.create("sy", Role.ANALYST)
    wrong = key[:-4] + "AAAA"
    for _ in range(3):
        with pytest.raises(NotAuthenticated):
            hub.keys.authenticate(wrong, "sy.analyst")
    with pytest.raises(Throttled) as throttled:
        hub.keys.authenticate(key, "sy.analyst")  # even the right key, while locked
    assert throttled.value.retry_after > 0
    refusals = [e for e in hub.tables.audit if e.act == "auth.refused"]
    assert 1 <= len(refusals) < 3


def test_peer_key_does_not_sign_in_to_the_console() -> None:
    charter_hubs = FakeHub().charter.hubs
    assert len(charter_hubs) >= 2, "the one-room charter names two hubs"
    hub = FakeHub()
    other = next(h.id for h in charter_hubs if h.id != hub.hub)
    key, record = hub.keys.create_peer(other)
    assert hub.keys.authenticate(key).peer == other
    with pytest.raises(NotAuthenticated, match="peer hub"):
        hub.keys.login(key, record.principal)


def test_login_returns_the_previous_login_time() -> None:
    hub = FakeHub()
    key, _ = hub.keys.create("sy", Role.ANALYST)
    first = hub.keys.login(key, "sy.analyst")
    assert first.previous is None
    hub.clock.advance(SECOND)
    second = hub.keys.login(key, "sy.analyst")
    assert second.previous == first_login_time(hub)


def first_login_time(hub: FakeHub) -> int:
    return next(e.at for e in hub.tables.audit if e.act == "login")
