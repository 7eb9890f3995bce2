"""The policy's SQL filter says exactly what its Python rule says, on both databases.

Random coalitions (tiers, standings, suspension times, deny lists) and random versions
(TLP, release lists, originators): for every member, the versions the store returns
through `visible_clause` are exactly those `visible` allows, and the per-object 'last
version' a member gets is the newest version it may see (no version, count or header
reveals an invisible one).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from allyhub.charter import Tier, Tlp
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import Labels, visible
from allyhub.records import NewVersion, ObjectQuery, VersionMatch, VersionPick, Visibility
from allyhub.store.engine import make_engine, upgrade
from allyhub.store.objects import SqlObjectStore

MEMBERS = ("m0", "m1", "m2", "m3", "m4", "m5")
COLLECTION = "c"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('prop') / 'p.sqlite'}"
        built = make_engine(url)
        upgrade(built)
        yield built
        built.dispose()
        return
    from tests.conftest import POSTGRES, _admin_url  # noqa: PLC0415

    if not POSTGRES:
        pytest.skip("PostgreSQL tests need ALLYHUB_TEST_POSTGRES")
    import secrets  # noqa: PLC0415

    import psycopg  # noqa: PLC0415

    name = f"allyhub_p_{secrets.token_hex(5)}"
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    built = make_engine(f"{_admin_url().rsplit('/', 1)[0]}/{name}")
    upgrade(built)
    yield built
    built.dispose()
    with psycopg.connect(_admin_url(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


member_sets = st.frozensets(st.sampled_from(MEMBERS), max_size=4)


@st.composite
def states(draw: st.DrawFn) -> dict[str, MemberState]:
    result = {}
    for member in MEMBERS:
        tier = draw(st.sampled_from(list(Tier)))
        standing = draw(st.sampled_from(list(Standing)))
        since = draw(st.integers(0, 40)) if standing is not Standing.ACTIVE else None
        result[member] = MemberState(member, tier, standing, since)
    return result


@st.composite
def versions(draw: st.DrawFn) -> list[tuple[str, int, Labels]]:
    count = draw(st.integers(1, 25))
    rows = []
    for index in range(count):
        tlp = draw(st.sampled_from(list(Tlp)))
        audience = draw(st.none() | member_sets)
        if tlp in (Tlp.AMBER_STRICT, Tlp.RED) and audience is None:
            audience = draw(member_sets)
        if tlp is Tlp.CLEAR:
            audience = None
        labels = Labels(
            tlp=tlp,
            audience=audience,
            excluded=None if tlp is Tlp.CLEAR else draw(st.none() | member_sets),
            shared_by=draw(st.sampled_from(MEMBERS)),
            origin_added=draw(st.integers(0, 50)),
        )
        stix_id = f"indicator--00000000-0000-4000-8000-{draw(st.integers(0, 5)):012d}"
        rows.append((stix_id, index, labels))
    return rows


def _store(engine: Engine, rows: list[tuple[str, int, Labels]]) -> SqlObjectStore:
    with engine.begin() as connection:
        for table in ("objects", "member_set_members", "member_sets"):
            connection.execute(text(f"DELETE FROM {table}"))
    store = SqlObjectStore(engine, "hub")
    with store.writing() as writer:
        for stix_id, version, labels in rows:
            writer.add(
                [
                    NewVersion(
                        collection=COLLECTION,
                        stix_id=stix_id,
                        type="indicator",
                        version=version,
                        spec_version="2.1",
                        shared_by=labels.shared_by,
                        tlp=int(labels.tlp),
                        audience=labels.audience,
                        excluded=labels.excluded,
                        body=b"{}",
                        origin_hub="hub",
                        origin_added=labels.origin_added,
                    )
                ],
                writer.take_commit(1, 1),
                versioned={k.stix_id for k in writer.known([stix_id])},
                twinned={stix_id},  # the hint is recomputed from what is stored
            )
    return store


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(state=states(), rows=versions())
def test_sql_filter_matches_the_python_rule(
    engine: Engine, state: dict[str, MemberState], rows: list[tuple[str, int, Labels]]
) -> None:
    store = _store(engine, rows)
    everything = VersionMatch(frozenset({VersionPick.ALL}))
    # Each member's versions of an id are its line, which starts, for a reader, at the
    # origin time of its first version that reader may see; a reader gets the line that
    # started first among those it may see.
    for member, viewer in state.items():
        seen = [(sid, v, labels) for sid, v, labels in rows if visible(viewer, labels)]
        starts: dict[tuple[str, str], int] = {}
        for sid, _v, labels in seen:
            key = (sid, labels.shared_by)
            starts[key] = min(labels.origin_added, starts.get(key, labels.origin_added))
        first = {
            sid: min((starts[(s, lab.shared_by)], lab.shared_by) for s, _, lab in seen if s == sid)[
                1
            ]
            for sid, _, _ in seen
        }
        expected = {(sid, v) for sid, v, labels in seen if labels.shared_by == first[sid]}
        page = store.page(
            ObjectQuery(COLLECTION, limit=1000, versions=everything),
            Visibility((viewer,)),
            with_body=False,
        )
        got = {(r.stix_id, r.version) for r in page.rows}
        assert got == expected, member
        assert store.count(COLLECTION, Visibility((viewer,))) == len(expected)

        latest = store.page(
            ObjectQuery(COLLECTION, limit=1000),
            Visibility((viewer,)),
            with_body=False,
        )
        newest: dict[str, int] = {}
        for sid, v in expected:
            newest[sid] = max(v, newest.get(sid, -1))
        assert {(r.stix_id, r.version) for r in latest.rows} == set(newest.items())
