"""Throttling failed authentication, per claimed principal id and per client address.

Keys are 256-bit secrets, so guessing one is hopeless; what a flood of wrong keys can
still do is cost the hub work and fill its audit trail. So each principal id named in
HTTP Basic, and each client address, gets a window of `auth_failure_window` seconds that
opens at its first failure. When the failures in a window reach the limit for that kind
of key (`auth_failures_per_principal`, `auth_failures_per_address`), the key is locked
out for `auth_lockout` seconds: every attempt that names that principal or comes from
that address is then answered 429 with `Retry-After`, before its credentials are looked
at, whether they are right or wrong. A successful authentication costs one dictionary
lookup more than before and is never delayed.

The decision is pure (`retry_after`, `failed`: values in, values out, the time passed
in); `AuthThrottle` keeps the tallies in this process's memory. That is a choice: the
counts are per server process (with `workers` > 1 each process counts on its own, so the
limits hold per process) and a restart forgets them. They never touch the database, so
a flood of failures costs no writes beyond the audit entries below.

Audit: a failure is written to the trail under the hub itself (principal `hub`, no
member), never under a member whose name someone typed, and only when it opens a window
or starts a lockout; the entry that starts a lockout counts the failures that led to it.
A flood therefore writes a few entries per window, not one per attempt.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from allyhub.errors import Throttled

SECOND = 1_000_000  # the hub's clock counts microseconds


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """The limits, from the settings (times in microseconds)."""

    per_principal: int
    per_address: int
    window: int
    lockout: int

    @classmethod
    def of_seconds(
        cls, per_principal: int, per_address: int, window: int, lockout: int
    ) -> ThrottlePolicy:
        return cls(per_principal, per_address, window * SECOND, lockout * SECOND)


@dataclass(frozen=True, slots=True)
class Tally:
    """The failures of one key (a principal id or an address) in its current window."""

    opened: int  # µs: the window's first failure
    failures: int
    locked_until: int = 0  # µs; 0 when not locked


@dataclass(frozen=True, slots=True)
class Outcome:
    """A tally after one more failure, and what the failure did to it."""

    tally: Tally
    opened: bool  # the failure opened a new window
    locked: bool  # the failure reached the limit: the key is locked from now


def retry_after(tally: Tally | None, now: int) -> int | None:
    """Whole seconds until an attempt with this key is heard again; None when the key is
    not locked out."""
    if tally is None or tally.locked_until <= now:
        return None
    return max(1, -(-(tally.locked_until - now) // SECOND))


def failed(tally: Tally | None, now: int, limit: int, policy: ThrottlePolicy) -> Outcome:
    """One more failure for a key. A window that has passed (or a lockout that has ended)
    starts afresh; the failure that brings the window's count to `limit` locks the key for
    `policy.lockout`. Failures while locked are not counted (they are refused before)."""
    fresh = (
        tally is None
        or now - tally.opened >= policy.window
        or 0 < tally.locked_until <= now
        or now < tally.opened  # the clock went back: do not trust the old window
    )
    current = Tally(now, 0) if fresh or tally is None else tally
    failures = current.failures + 1
    locked = failures >= limit and not current.locked_until
    until = now + policy.lockout if locked else current.locked_until
    return Outcome(Tally(current.opened, failures, until), opened=fresh, locked=locked)


def stale(tally: Tally, now: int, policy: ThrottlePolicy) -> bool:
    """A tally that no longer changes any answer: its window and its lockout are over."""
    return now - tally.opened >= policy.window and tally.locked_until <= now


@dataclass(frozen=True, slots=True)
class Failure:
    """What one failed attempt did, for the audit entry (when it opened or locked)."""

    principal: str
    address: str
    counts: dict[str, int]  # "principal"/"address" -> failures in the window
    opened: bool
    locked: tuple[str, ...]  # the kinds of key it locked: "principal", "address"
    lockout: int  # seconds

    @property
    def worth_recording(self) -> bool:
        return self.opened or bool(self.locked)


Key = tuple[str, str]  # ("principal", id) or ("address", host)


class AuthThrottle:
    """The tallies of one server process, behind a lock (authentication runs in threads).

    At most `capacity` keys are held: stale ones are dropped as new failures come, and
    when every held key is still live the least recently failed one goes first, so a
    flood of invented principal ids cannot grow the process without bound.
    """

    def __init__(
        self, policy: ThrottlePolicy, clock: Callable[[], int], capacity: int = 100_000
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._capacity = capacity
        self._tallies: OrderedDict[Key, Tally] = OrderedDict()
        self._lock = threading.Lock()

    def _keys(self, principal: str | None, address: str) -> list[Key]:
        keys: list[Key] = []
        if principal:
            keys.append(("principal", principal))
        if address:
            keys.append(("address", address))
        return keys

    def _limit(self, kind: str) -> int:
        return self.policy.per_principal if kind == "principal" else self.policy.per_address

    def check(self, principal: str | None, address: str) -> None:
        """Throttled when the principal id or the address is locked out now."""
        now = self._clock()
        with self._lock:
            waits = [
                retry_after(self._tallies.get(key), now) for key in self._keys(principal, address)
            ]
        wait = max((w for w in waits if w is not None), default=None)
        if wait is not None:
            raise Throttled(
                f"too many failed authentications from this address or for this principal; "
                f"try again in {wait} s",
                wait,
            )

    def fail(self, principal: str | None, address: str) -> Failure:
        """Count a failed attempt against its principal id and its address."""
        now = self._clock()
        counts: dict[str, int] = {}
        locked: list[str] = []
        keys = self._keys(principal, address)
        opened = not keys  # nothing to count it against (a call from inside): record it
        with self._lock:
            for key in keys:
                outcome = failed(self._tallies.get(key), now, self._limit(key[0]), self.policy)
                self._tallies[key] = outcome.tally
                self._tallies.move_to_end(key)
                counts[key[0]] = outcome.tally.failures
                opened = opened or outcome.opened
                if outcome.locked:
                    locked.append(key[0])
            self._prune(now)
        return Failure(
            principal or "", address, counts, opened, tuple(locked), self.policy.lockout // SECOND
        )

    def _prune(self, now: int) -> None:
        while self._tallies:
            key, tally = next(iter(self._tallies.items()))
            if len(self._tallies) <= self._capacity and not stale(tally, now, self.policy):
                return
            del self._tallies[key]

    def __len__(self) -> int:
        return len(self._tallies)
