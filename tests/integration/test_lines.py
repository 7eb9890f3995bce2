"""Each member's versions of an id are its own line. Readers get one object per id: the
newest visible version of the line that started first among those they may see, so an
id claimed where its first user is hidden never passes for a newer version of it."""

from __future__ import annotations

import orjson

from allyhub.charter import Role, Tlp
from allyhub.service import Filters, Principal
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub
from tests.factories import envelope, indicator, ipv4


def _who(hub: RunningHub, member: str) -> Principal:
    keys = hub.services.keys
    return keys.authenticate(keys.create(member, Role.ANALYST)[0])


def _share(hub: RunningHub, member: str, *objects: dict) -> None:  # type: ignore[type-arg]
    status = hub.services.sharing.share(
        _who(hub, member), "joint", orjson.dumps(envelope(*objects))
    )
    assert not status.failures, status.failures


def _read(hub: RunningHub, member: str, stix_id: str) -> list[dict]:  # type: ignore[type-arg]
    page = hub.services.reading.objects(_who(hub, member), "joint", Filters(ids=(stix_id,)))
    return [orjson.loads(row.body or b"{}") for row in page.rows]


def _identity(hub: RunningHub, member: str) -> str:
    found = hub.services.charter.member(member)
    assert found is not None
    return found.identity


def test_a_later_line_never_passes_for_a_newer_version(hub: RunningHub) -> None:
    ir, sy = _identity(hub, "ir"), _identity(hub, "sy")
    to_ir = releasability_marking([ir], ir)
    first = indicator(ir, tlp=Tlp.RED, markings=(to_ir["id"],), name="ir's, hidden")
    _share(hub, "ir", to_ir, first)
    claim = indicator(
        sy, tlp=Tlp.GREEN, ident=first["id"], name="sy's claim", modified="2030-01-01T00:00:00.000Z"
    )
    _share(hub, "sy", claim)  # sy cannot see ir's line: its claim is a new id to it
    assert [o["name"] for o in _read(hub, "sy", first["id"])] == ["sy's claim"]
    # ir may go on with its own line although sy's claim is visible to it
    mine = indicator(
        ir,
        tlp=Tlp.GREEN,
        ident=first["id"],
        name="ir's, released",
        modified="2020-01-01T00:00:00.000Z",
    )
    _share(hub, "ir", mine)
    # ir's line started first: ir gets its own newest, not sy's "newer" one
    assert [o["name"] for o in _read(hub, "ir", first["id"])] == ["ir's, released"]
    # ru sees both lines, but not ir's first version: for ru, sy's line started first
    assert [o["name"] for o in _read(hub, "ru", first["id"])] == ["sy's claim"]


def test_a_line_starts_for_a_reader_at_the_first_version_it_may_see(hub: RunningHub) -> None:
    """Which line a reader gets depends only on versions it may see: ir's hidden first
    version does not make ir's line win for ru over sy's line, which ru saw first. A
    hub without that version would serve ru the same object (the noninterference test,
    tests/properties/test_noninterference.py, found this)."""
    ir, sy = _identity(hub, "ir"), _identity(hub, "sy")
    to_ir = releasability_marking([ir], ir)
    hidden = indicator(ir, tlp=Tlp.RED, markings=(to_ir["id"],), name="ir's, hidden")
    _share(hub, "ir", to_ir, hidden)
    _share(hub, "sy", indicator(sy, tlp=Tlp.GREEN, ident=hidden["id"], name="sy's"))
    later = indicator(
        ir,
        tlp=Tlp.GREEN,
        ident=hidden["id"],
        name="ir's, later",
        modified="2020-01-01T00:00:00.000Z",
    )
    _share(hub, "ir", later)
    assert [o["name"] for o in _read(hub, "ru", hidden["id"])] == ["sy's"]
    fused = hub.services.reading._store.latest_visible(  # noqa: SLF001 - fusion's read
        [hidden["id"]], hub.services.coalition.reader(_who(hub, "ru")).visibility
    )
    assert orjson.loads(fused[hidden["id"]][1])["name"] == "sy's"


def test_two_sharings_of_one_value_are_one_object_to_a_reader(hub: RunningHub) -> None:
    ir = _identity(hub, "ir")
    to_ir = releasability_marking([ir], ir)
    hidden = {
        **ipv4("203.0.113.77"),
        "object_marking_refs": [*indicator(tlp=Tlp.RED)["object_marking_refs"], to_ir["id"]],
    }
    _share(hub, "ir", to_ir, hidden)
    _share(
        hub,
        "sy",
        {
            **ipv4("203.0.113.77"),
            "object_marking_refs": indicator(tlp=Tlp.GREEN)["object_marking_refs"],
        },
    )
    assert len(_read(hub, "sy", hidden["id"])) == 1  # its own
    assert len(_read(hub, "ru", hidden["id"])) == 1  # sy's, the only one it sees
    assert len(_read(hub, "ir", hidden["id"])) == 1  # its own line started first
    assert _read(hub, "ir", hidden["id"])[0]["object_marking_refs"][1] == to_ir["id"]
