"""No principal receives an object, version, count, header or error text it may not see,
through any read path, whatever the coalition's governance did in between.

Random scenarios on the seed coalition: members share objects (and new versions) with
random TLP markings and releasability lists, deny and re-allow each other, and are
suspended, reinstated, expelled or withdraw through real governance acts. Then, for every
member, each read path (objects with every version pick, paging, one object, versions,
manifest, date headers, error text) is compared with the policy's pure rule applied to
the labels the test expects from what was shared.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from allyhub.app import Services, build_services
from allyhub.charter import Role, Tlp
from allyhub.errors import AllyhubError, NotFound
from allyhub.policy.governance import MotionKind
from allyhub.policy.visibility import Labels, visible
from allyhub.records import EVERYTHING, ObjectQuery, VersionMatch, VersionPick
from allyhub.service import Filters, Principal, ReadPage
from allyhub.service.browsing import FeedFilter
from allyhub.service.listing import Order
from allyhub.settings import Settings
from allyhub.stix.markings import releasability_marking
from tests.conftest import POSTGRES, RSII, _admin_url
from tests.factories import indicator

MEMBERS = ("ru", "sy", "ir", "iq", "hz")
FULL = ("ru", "sy", "ir", "iq")
TABLES = ("objects", "member_set_members", "member_sets", "api_keys", "statuses", "audit")
MISSING = "indicator--00000000-0000-4000-8000-000000000000"
ALL = VersionMatch(frozenset({VersionPick.ALL}))
INDICATOR = ("indicator",)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hub_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    base = tmp_path_factory.mktemp("paths")
    if request.param == "sqlite":
        db = f"sqlite:///{base / 'hub.sqlite'}"
        yield Settings(
            charter=str(RSII),
            hub="damascus",
            data_dir=str(base),
            db=db,
            secret_key="s",
            sqlite_synchronous="normal",
        )
        return
    if not POSTGRES:
        pytest.skip("PostgreSQL tests need ALLYHUB_TEST_POSTGRES")
    name = f"allyhub_r_{secrets.token_hex(5)}"
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    db = f"{_admin_url().rsplit('/', 1)[0]}/{name}"
    yield Settings(charter=str(RSII), hub="damascus", data_dir=str(base), db=db, secret_key="s")
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Expected:
    """A version the test shared, with the labels the rules say it must carry."""

    stix_id: str
    version: int  # modified, microseconds
    tlp: Tlp
    audience: frozenset[str] | None
    excluded: frozenset[str] | None
    shared_by: str


shares = st.tuples(
    st.just("share"),
    st.sampled_from(MEMBERS),
    st.sampled_from(list(Tlp)),
    st.none() | st.frozensets(st.sampled_from(MEMBERS), min_size=1, max_size=3),
    st.booleans(),  # a new version of this member's previous object
)
denies = st.tuples(
    st.just("deny"), st.sampled_from(MEMBERS), st.sampled_from(MEMBERS), st.booleans()
)
motions = st.tuples(
    st.just("motion"),
    st.sampled_from([MotionKind.SUSPEND, MotionKind.REINSTATE, MotionKind.EXPEL]),
    st.sampled_from(MEMBERS),
)
withdrawals = st.tuples(st.just("withdraw"), st.sampled_from(MEMBERS))
scenarios = st.lists(
    st.one_of(shares, shares, denies, motions, withdrawals), min_size=3, max_size=14
)


def _fresh(hub_settings: Settings) -> Services:
    """Services over emptied tables (the governance cache starts empty with them)."""
    services = build_services(hub_settings)
    with services.engine.begin() as connection:
        for table in TABLES:
            connection.execute(text(f"DELETE FROM {table}"))
        connection.execute(text("UPDATE hub_clock SET last_added = 0"))
    return services


def _play(
    services: Services, scenario: list[tuple[Any, ...]]
) -> tuple[dict[str, Principal], list[Expected]]:
    def key(member: str, role: Role) -> Principal:
        return services.keys.authenticate(services.keys.create(member, role)[0])

    analysts = {m: key(m, Role.ANALYST) for m in MEMBERS}
    liaisons = {m: key(m, Role.LIAISON) for m in MEMBERS}
    identity = {m: services.coalition.state().identity_of(m) or "" for m in MEMBERS}
    expected: list[Expected] = []
    previous: dict[str, str] = {}
    for step, op in enumerate(scenario, start=1):
        try:
            if op[0] == "share":
                _, member, tlp, listed, again = op
                if tlp in (Tlp.AMBER_STRICT, Tlp.RED) and not listed:
                    listed = frozenset({member})
                objects: list[dict[str, Any]] = []
                markings: tuple[str, ...] = ()
                if listed and tlp is not Tlp.CLEAR:
                    marking = releasability_marking([identity[m] for m in listed], identity[member])
                    objects.append(marking)
                    markings = (marking["id"],)
                else:
                    listed = None
                modified = f"2016-01-01T00:00:{step:02d}.000Z"
                obj = indicator(
                    identity[member],
                    tlp=tlp,
                    markings=markings,
                    modified=modified,
                    ident=previous.get(member) if again else None,
                )
                objects.append(obj)
                denied = services.coalition.state().denied_by(member)
                status = services.sharing.share(
                    analysts[member], "joint", orjson.dumps({"objects": objects})
                )
                if obj["id"] not in {d.id for d in status.successes}:
                    continue
                previous[member] = obj["id"]
                expected.append(
                    Expected(
                        obj["id"],
                        1451606400000000 + step * 1_000_000,
                        tlp,
                        listed,
                        denied if tlp is not Tlp.CLEAR else None,
                        member,
                    )
                )
            elif op[0] == "deny":
                services.governance.deny(liaisons[op[1]], op[2], op[3])
            elif op[0] == "motion":
                _, kind, subject = op
                proposer = next(m for m in FULL if m != subject)
                motion = services.governance.propose(liaisons[proposer], kind, subject)
                for voter in FULL:
                    if voter != subject and motion.status.value == "open":
                        motion = services.governance.vote(liaisons[voter], motion.id, True)
            else:
                services.governance.withdraw(liaisons[op[1]])
        except AllyhubError:
            continue  # a refused act (a suspended member sharing, a motion about the expelled)
    return analysts, expected


def _ids(page: ReadPage) -> set[tuple[str, int]]:
    return {(row.stix_id, row.version) for row in page.rows}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios)
@example(scenario=[("deny", "ir", "ru", True), ("share", "ir", Tlp.GREEN, None, False)])
@example(
    scenario=[
        ("share", "ru", Tlp.GREEN, None, False),
        ("motion", MotionKind.SUSPEND, "hz"),
        ("share", "ru", Tlp.GREEN, None, True),
        ("motion", MotionKind.REINSTATE, "hz"),
    ]
)
@example(scenario=[("motion", MotionKind.EXPEL, "hz"), ("share", "ru", Tlp.CLEAR, None, False)])
@example(
    scenario=[
        ("share", "ir", Tlp.AMBER, frozenset({"ru"}), False),
        ("share", "ir", Tlp.AMBER, None, True),
        ("share", "sy", Tlp.RED, frozenset({"hz", "iq"}), False),
        ("withdraw", "iq"),
    ]
)
def test_every_read_path_returns_exactly_what_the_policy_allows(
    hub_settings: Settings, scenario: list[tuple[Any, ...]]
) -> None:
    services = _fresh(hub_settings)
    try:
        analysts, expected = _play(services, scenario)
        joint = services.charter.collection("joint")
        assert joint is not None
        stored = services.reading._store.page(  # noqa: SLF001 - the oracle needs share times
            ObjectQuery(joint.id, limit=10_000, types=INDICATOR, versions=ALL),
            EVERYTHING,
            with_body=False,
        ).rows
        added = {(row.stix_id, row.version): row.origin_added for row in stored}
        assert set(added) == {(e.stix_id, e.version) for e in expected}
        state = services.coalition.state()
        reading = services.reading
        for member, principal in analysts.items():
            viewer = state.member(member)
            assert viewer is not None
            allowed = {
                (e.stix_id, e.version)
                for e in expected
                if visible(
                    viewer,
                    Labels(
                        e.tlp, e.audience, e.excluded, e.shared_by, added[(e.stix_id, e.version)]
                    ),
                )
            }
            if viewer.sees_nothing:
                with pytest.raises(NotFound):
                    reading.objects(principal, "joint", Filters())
                continue
            everything_seen = reading.objects(
                principal, "joint", Filters(types=INDICATOR, versions=ALL)
            )
            assert _ids(everything_seen) == allowed, member
            newest: dict[str, int] = {}
            oldest: dict[str, int] = {}
            for stix_id, version in allowed:
                newest[stix_id] = max(version, newest.get(stix_id, version))
                oldest[stix_id] = min(version, oldest.get(stix_id, version))
            assert _ids(reading.objects(principal, "joint", Filters(types=INDICATOR))) == set(
                newest.items()
            )
            # the console's lists: totals, pages both ways, exports (service/listing.py)
            latest = set(newest.items())
            only = FeedFilter(types=INDICATOR, collection="joint")
            assert services.listing.total(principal, only) == len(latest), member
            walked: list[tuple[str, int]] = []
            cursor = None
            while True:
                listed = services.listing.page(principal, only, Order.NEWEST, cursor, limit=2)
                assert listed.total == len(latest)
                walked += [(i.stix_id, i.version) for i in listed.items]
                if listed.following is None:
                    break
                cursor = listed.following
            assert sorted(walked) == sorted(latest), member
            exported = services.listing.export(principal, only)
            assert {(i.stix_id, i.version) for i in exported} == latest
            first = VersionMatch(frozenset({VersionPick.FIRST}))
            assert _ids(
                reading.objects(principal, "joint", Filters(types=INDICATOR, versions=first))
            ) == set(oldest.items())

            manifest = reading.manifest(principal, "joint", Filters(types=INDICATOR, versions=ALL))
            assert _ids(manifest) == allowed
            if allowed:
                dates = sorted(added[k] for k in allowed)
                assert (manifest.first_added, manifest.last_added) == (dates[0], dates[-1])

            paged: list[tuple[str, int]] = []
            token = None
            while True:
                page = reading.objects(
                    principal, "joint", Filters(types=INDICATOR, versions=ALL, limit=2, next=token)
                )
                paged += [(r.stix_id, r.version) for r in page.rows]
                if not page.more:
                    break
                token = page.next
            assert sorted(paged) == sorted(allowed)

            missing_text = ""
            try:
                reading.object(principal, "joint", MISSING, Filters())
            except NotFound as exc:
                missing_text = str(exc).replace(MISSING, "?")
            for stix_id in {e.stix_id for e in expected}:
                mine = {v for s, v in allowed if s == stix_id}
                if mine:
                    versions = reading.versions(principal, "joint", stix_id, Filters())
                    assert {r.version for r in versions.rows} == mine
                    assert _ids(reading.object(principal, "joint", stix_id, Filters())) == {
                        (stix_id, max(mine))
                    }
                else:
                    with pytest.raises(NotFound) as hidden:
                        reading.object(principal, "joint", stix_id, Filters())
                    assert str(hidden.value).replace(stix_id, "?") == missing_text
                    with pytest.raises(NotFound):
                        reading.versions(principal, "joint", stix_id, Filters())
    finally:
        services.engine.dispose()
