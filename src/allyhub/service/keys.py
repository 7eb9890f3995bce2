"""API keys: issue, list, revoke, and turn a presented key into a Principal.

Keys are 256-bit random secrets, so a keyed SHA-256 (HMAC with the hub's secret) is as
strong as a password hash here and costs microseconds instead of tens of milliseconds on
every request. Only the digest is stored; lookup is by digest, and the final comparison is
constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from allyhub.charter import Role
from allyhub.errors import InvalidRequest, NotAuthenticated, NotFound, NotPermitted
from allyhub.policy.permissions import Action, Decision
from allyhub.records import KeyRecord
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition
from allyhub.service.ports import Clock, KeyStore
from allyhub.service.principals import Principal
from allyhub.service.throttle import AuthThrottle, Failure


@dataclass(frozen=True, slots=True)
class Login:
    """A console sign-in: who, and when that principal last signed in (µs), if ever."""

    principal: Principal
    previous: int | None


_KEY = re.compile(r"ahk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}\Z")
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}\Z")
_LONGEST = 200


HUB = "hub"
"""The principal the hub's own audit entries are made under (refused authentications:
whoever failed is not known, so no member's trail gets them)."""


class KeyService:
    def __init__(
        self,
        keys: KeyStore,
        coalition: Coalition,
        secret: bytes,
        clock: Clock,
        audit: AuditLog,
        throttle: AuthThrottle,
    ) -> None:
        self._keys = keys
        self._coalition = coalition
        self._secret = secret
        self._clock = clock
        self._audit = audit
        self._throttle = throttle

    def _digest(self, key: str) -> bytes:
        return hmac.new(self._secret, key.encode(), hashlib.sha256).digest()

    def create(
        self, member: str, role: Role, name: str | None = None, expires: int | None = None
    ) -> tuple[str, KeyRecord]:
        """Issue a key; the secret is returned once and never stored."""
        state = self._coalition.state().member(member)
        if state is None or state.sees_nothing:
            known = ", ".join(
                m.member for m in self._coalition.state().members.values() if not m.sees_nothing
            )
            raise InvalidRequest(f"{member!r} is not a member of the coalition (members: {known})")
        if role is Role.PEER:
            raise InvalidRequest("keys for peer hubs are made with --peer HUB")
        name = name or role.value
        if not _NAME.match(name):
            raise InvalidRequest(f"name {name!r}: use lowercase letters, digits, '-' and '_'")
        return self._issue(f"{member}.{name}", member, role, expires)

    def _issue(
        self, principal: str, member: str, role: Role, expires: int | None
    ) -> tuple[str, KeyRecord]:
        now = self._clock()
        if expires is not None and expires <= now:
            raise InvalidRequest("the expiry must be in the future")
        key_id = secrets.token_hex(6)
        key = f"ahk_{key_id}_{secrets.token_urlsafe(32)}"
        record = KeyRecord(
            key_id=key_id,
            principal=principal,
            member=member,
            role=role.value,
            digest=self._digest(key),
            created=now,
            expires=expires,
            revoked=None,
        )
        self._keys.add(record)
        self._audit.record(
            Act(
                "operator",
                "",
                "key.create",
                about=member or principal,
                subject=key_id,
                detail={"principal": record.principal, "role": record.role, "expires": expires},
            )
        )
        return key, record

    def create_peer(self, hub: str, expires: int | None = None) -> tuple[str, KeyRecord]:
        """Issue the key another hub of the coalition uses to pull from this one."""
        if self._coalition.charter.hub(hub) is None or hub == self._coalition.hub.id:
            others = ", ".join(
                h.id for h in self._coalition.charter.hubs if h.id != self._coalition.hub.id
            )
            raise InvalidRequest(f"{hub!r} is not another hub of the charter (hubs: {others})")
        return self._issue(f"hub.{hub}", "", Role.PEER, expires)

    def allowed(self, principal: Principal) -> Decision:
        """May this principal issue and revoke its member's keys here? (A liaison of a
        member in good standing that this hub hosts: policy/permissions.py.) The console
        offers its key forms only when this says yes; the two acts below enforce it."""
        return self._coalition.allowed(principal, Action.KEYS)

    def _liaison(self, principal: Principal) -> None:
        decision = self.allowed(principal)
        if not decision:
            reason = {"reason": decision.reason}
            who = (principal.id, principal.member)
            self._audit.record(Act(*who, "keys.refused", about=principal.member, detail=reason))
            raise NotPermitted(decision.reason)

    def member_keys(self, principal: Principal) -> list[KeyRecord]:
        """Its member's keys (never a digest's use: the record only), for its liaison."""
        self._liaison(principal)
        return [k for k in self._keys.all(principal.member) if k.role != Role.PEER.value]

    def issue(
        self, principal: Principal, role: Role, name: str = "", expires: int | None = None
    ) -> tuple[str, KeyRecord]:
        """A liaison issues a key for its own member; the secret is shown once."""
        self._liaison(principal)
        if role is Role.PEER:
            raise InvalidRequest("role: analyst, liaison or reader")
        key, record = self.create(principal.member, role, name or None, expires)
        detail = {"principal": record.principal, "role": role.value}
        who = (principal.id, principal.member)
        self._audit.record(
            Act(*who, "key.issue", about=principal.member, subject=record.key_id, detail=detail)
        )
        return key, record

    def withdraw(self, principal: Principal, key_id: str) -> None:
        """A liaison revokes one of its member's keys; another member's key is the same
        NotFound as one never issued."""
        self._liaison(principal)
        record = self._keys.by_id(key_id)
        if record is None or record.member != principal.member or record.role == Role.PEER.value:
            raise NotFound(f"no active key {key_id!r}")
        self.revoke(key_id)
        who = (principal.id, principal.member)
        self._audit.record(Act(*who, "key.withdraw", about=principal.member, subject=key_id))

    def list(self, member: str | None = None) -> list[KeyRecord]:
        return self._keys.all(member)

    def revoke(self, key_id: str) -> None:
        if not self._keys.revoke(key_id, self._clock()):
            raise NotFound(f"no active key {key_id!r}")
        self._audit.record(Act("operator", "", "key.revoke", subject=key_id))

    def authenticate(
        self, key: str, principal_id: str | None = None, address: str = ""
    ) -> Principal:
        """The principal a key belongs to; NotAuthenticated with the reason otherwise.

        With HTTP Basic the user name must be the key's principal id. A principal id or
        client `address` with too many recent failures is Throttled before the key is
        looked at (service/throttle.py). Failures are audited under the hub, a few per
        window rather than one per attempt: nobody is known to have failed, and a name
        someone typed must not put entries into that member's trail.
        """
        if principal_id is not None:
            principal_id = principal_id[:_LONGEST]  # no principal id is longer
        self._throttle.check(principal_id, address)
        try:
            return self._authenticate(key, principal_id)
        except NotAuthenticated as exc:
            failure = self._throttle.fail(principal_id, address)
            if failure.worth_recording:
                self._audit.record(_refusal(failure, str(exc), _key_id(key)))
            raise

    def login(self, key: str, principal_id: str, address: str = "") -> Login:
        """Sign a person in to the console with a principal id and its key.

        The key is checked as for any request (a refusal is audited there); peer hubs'
        keys do not sign in. The login itself is audited too, and the previous one's time
        tells the console what is new since then.
        """
        principal = self.authenticate(key, principal_id, address)
        if principal.peer:
            self._audit.record(
                Act(
                    principal.id,
                    "",
                    "auth.refused",
                    detail={
                        "reason": "a peer hub's key cannot sign in",
                        "key_id": principal.key_id,
                    },
                )
            )
            raise NotAuthenticated("a peer hub's key cannot sign in to the console")
        last = next(
            self._audit.entries(principal=principal.id, act="login", newest_first=True, limit=1),
            None,
        )
        self._audit.record(
            Act(
                principal.id,
                principal.member,
                "login",
                about=principal.member,
                subject=principal.key_id,
            )
        )
        return Login(principal, last.at if last is not None else None)

    def logout(self, principal: Principal) -> None:
        self._audit.record(
            Act(
                principal.id,
                principal.member,
                "logout",
                about=principal.member,
                subject=principal.key_id,
            )
        )

    def principal_for(self, key_id: str, principal_id: str) -> Principal:
        """The principal of a console session, checked against its key's record now, so
        that revoking or expiry of the key ends every session made with it at once."""
        record = self._keys.by_id(key_id)
        try:
            if record is None or record.principal != principal_id or record.role == Role.PEER:
                raise NotAuthenticated("the session's key is not known")
            return self._principal(record)
        except NotAuthenticated as exc:
            self._audit.record(
                Act(
                    principal_id,
                    principal_id.split(".", 1)[0],
                    "session.refused",
                    detail={"reason": str(exc), "key_id": key_id},
                )
            )
            raise

    def _authenticate(self, key: str, principal_id: str | None) -> Principal:
        if not _KEY.match(key):
            raise NotAuthenticated("the API key is malformed: expected ahk_<id>_<secret>")
        digest = self._digest(key)
        record = self._keys.by_digest(digest)
        if record is None or not hmac.compare_digest(record.digest, digest):
            raise NotAuthenticated("the API key is not valid")
        if principal_id is not None and principal_id != record.principal:
            raise NotAuthenticated("the user name does not match the API key")
        return self._principal(record)

    def _principal(self, record: KeyRecord) -> Principal:
        """The principal of a key record that still holds (not revoked, not expired)."""
        if record.revoked is not None:
            raise NotAuthenticated("the API key was revoked")
        if record.expires is not None and record.expires <= self._clock():
            raise NotAuthenticated("the API key has expired")
        role = Role(record.role)
        peer = record.principal.removeprefix("hub.") if role is Role.PEER else ""
        return Principal(
            id=record.principal, member=record.member, role=role, key_id=record.key_id, peer=peer
        )


def _refusal(failure: Failure, reason: str, key_id: str) -> Act:
    """The hub's audit entry for a failure that opened a window or started a lockout."""
    detail: dict[str, object] = {
        "reason": reason,
        "claimed": failure.principal,
        "address": failure.address,
        "key_id": key_id,
        "failures": failure.counts,
    }
    if failure.locked:
        detail["locked"] = list(failure.locked)
        detail["lockout_seconds"] = failure.lockout
    act = "auth.locked" if failure.locked else "auth.refused"
    return Act(HUB, "", act, detail=detail)


def _key_id(key: str) -> str:
    match = _KEY.match(key)
    return match.group(1) if match else ""
