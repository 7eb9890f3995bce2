"""The throttle's decision, as values with the time passed in, and its tallies with an
injected clock: no server, no sleeping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allyhub.errors import Throttled
from allyhub.service.throttle import (
    SECOND,
    AuthThrottle,
    Tally,
    ThrottlePolicy,
    failed,
    retry_after,
)

POLICY = ThrottlePolicy.of_seconds(per_principal=3, per_address=5, window=60, lockout=300)
T0 = 1_700_000_000 * SECOND


class Clock:
    """A clock the test moves by hand (µs, like the hub's)."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += int(seconds * SECOND)


def _fail_times(count: int, *, start: int = T0, step: int = SECOND, limit: int = 3) -> Tally:
    tally: Tally | None = None
    for i in range(count):
        tally = failed(tally, start + i * step, limit, POLICY).tally
    assert tally is not None
    return tally


def test_failures_below_the_limit_leave_the_key_open() -> None:
    tally = _fail_times(2)
    assert tally.failures == 2 and retry_after(tally, T0 + 2 * SECOND) is None


def test_the_failure_that_reaches_the_limit_locks_the_key_for_the_lockout() -> None:
    two = _fail_times(2)
    outcome = failed(two, T0 + 2 * SECOND, 3, POLICY)
    assert outcome.locked and not outcome.opened
    assert retry_after(outcome.tally, T0 + 2 * SECOND) == 300


def test_retry_after_counts_down_in_whole_seconds_rounded_up() -> None:
    locked = _fail_times(3, step=0)
    assert retry_after(locked, T0 + 1) == 300  # 299.999999 s left: say 300
    assert retry_after(locked, T0 + 299 * SECOND) == 1
    assert retry_after(locked, T0 + 300 * SECOND - 1) == 1
    assert retry_after(locked, T0 + 300 * SECOND) is None


def test_failures_spread_wider_than_the_window_never_lock() -> None:
    tally = _fail_times(20, step=31 * SECOND)  # at most two in any window of 60 s
    assert retry_after(tally, T0 + 20 * 31 * SECOND) is None
    assert tally.failures <= 2


def test_a_new_window_opens_after_the_old_one_and_after_a_lockout() -> None:
    first = failed(None, T0, 3, POLICY)
    assert first.opened
    same = failed(first.tally, T0 + 59 * SECOND, 3, POLICY)
    assert not same.opened and same.tally.failures == 2
    later = failed(same.tally, T0 + 60 * SECOND, 3, POLICY)
    assert later.opened and later.tally.failures == 1
    locked = _fail_times(3, step=0)
    after = failed(locked, T0 + 300 * SECOND, 3, POLICY)
    assert after.opened and after.tally.failures == 1 and not after.locked


def test_a_clock_that_went_back_starts_a_fresh_window() -> None:
    tally = _fail_times(2)
    outcome = failed(tally, T0 - 10 * SECOND, 3, POLICY)
    assert outcome.opened and outcome.tally.failures == 1


def test_a_locked_principal_is_refused_with_retry_after_right_key_or_wrong() -> None:
    clock = Clock()
    throttle = AuthThrottle(POLICY, clock)
    for _ in range(3):
        throttle.check("ru.analyst", "192.0.2.1")
        throttle.fail("ru.analyst", "192.0.2.1")
    with pytest.raises(Throttled) as refused:
        throttle.check("ru.analyst", "192.0.2.9")  # another address: the principal is locked
    assert refused.value.retry_after == 300
    throttle.check("sy.analyst", "192.0.2.1")  # the address has 3 of 5: still open
    clock.advance(120)
    with pytest.raises(Throttled) as later:
        throttle.check("ru.analyst", "192.0.2.1")
    assert later.value.retry_after == 180
    clock.advance(180)
    throttle.check("ru.analyst", "192.0.2.1")


def test_an_address_is_locked_whatever_principal_ids_it_invents() -> None:
    clock = Clock()
    throttle = AuthThrottle(POLICY, clock)
    for i in range(5):
        throttle.fail(f"ru.guess{i}", "192.0.2.66")
    with pytest.raises(Throttled):
        throttle.check(f"ru.guess{99}", "192.0.2.66")
    with pytest.raises(Throttled):
        throttle.check(None, "192.0.2.66")  # Bearer: the address alone
    throttle.check(None, "192.0.2.67")


def test_a_failure_is_worth_recording_only_when_it_opens_a_window_or_locks() -> None:
    clock = Clock()
    throttle = AuthThrottle(POLICY, clock)
    recorded = [throttle.fail("ru.x", "192.0.2.1").worth_recording for _ in range(3)]
    assert recorded == [True, False, True]  # opened, counted, locked the principal
    last = throttle.fail("sy.x", "192.0.2.1")  # a new principal: opens its window
    assert last.opened and last.counts == {"principal": 1, "address": 4}


def test_a_failure_with_nothing_to_count_against_is_always_recorded() -> None:
    throttle = AuthThrottle(POLICY, Clock())
    assert all(throttle.fail(None, "").worth_recording for _ in range(10))


def test_the_tallies_are_bounded_whatever_is_invented() -> None:
    clock = Clock()
    throttle = AuthThrottle(POLICY, clock, capacity=100)
    for i in range(1000):
        throttle.fail(f"ru.{i}", "")
    assert len(throttle) == 100
    clock.advance(61)
    throttle.fail("ru.late", "")
    assert len(throttle) == 1  # the stale ones went as the new failure came


@given(st.lists(st.integers(min_value=0, max_value=400 * SECOND), max_size=60))
def test_a_key_locks_only_after_limit_failures_within_one_window(gaps: list[int]) -> None:
    """Whatever the timing of failures: a lockout starts only at the failure that is the
    limit-th of its window, and at most two failures per window are worth an entry."""
    now, tally = T0, None
    times: list[int] = []
    windows = entries = 0
    for gap in gaps:
        now += gap
        if retry_after(tally, now) is not None:
            continue  # refused before it could fail
        outcome = failed(tally, now, 3, POLICY)
        times.append(now)
        windows += outcome.opened
        entries += outcome.opened or outcome.locked
        if outcome.locked:
            recent = [t for t in times if now - t < POLICY.window and t >= outcome.tally.opened]
            assert len(recent) >= 3
        tally = outcome.tally
    assert entries <= 2 * windows
