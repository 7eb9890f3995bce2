"""What a member (or a peer hub) reads of the audit trail, over real HTTP: only entries it
may know of. A refused read of a hidden object leaves the same entry as one of an id never
used; a deny stays the denier's; a peer hub takes only what its hosted members may read.
The operator's trail (the store, `allyhub audit show`) still holds every entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import orjson
import pytest

from allyhub.charter import Role, Tlp
from allyhub.records import AuditRow
from allyhub.service.audit import member_may_read
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub
from tests.factories import envelope, indicator

MISSING = "indicator--00000000-0000-4000-8000-000000000000"
TAXII = {"Accept": "application/taxii+json;version=2.1"}


def _share(hub: RunningHub, member: str, *objects: dict[str, Any]) -> None:
    principal = hub.services.keys.authenticate(hub.services.keys.create(member, Role.ANALYST)[0])
    status = hub.services.sharing.share(principal, "joint", orjson.dumps(envelope(*objects)))
    assert not status.failures, status.failures


def _red_to_ir(hub: RunningHub) -> dict[str, Any]:
    """ir shares an indicator RED, released to itself only: nobody else may know of it."""
    ir = hub.services.charter.member("ir")
    assert ir is not None
    to_ir = releasability_marking([ir.identity], ir.identity)
    secret = indicator(ir.identity, tlp=Tlp.RED, markings=(to_ir["id"],))
    _share(hub, "ir", to_ir, secret)
    return secret


@contextmanager
def _console(hub: RunningHub, user: str, key: str) -> Iterator[httpx.Client]:
    """A console session signed in through the login form."""
    with httpx.Client(base_url=hub.url, timeout=20) as client:
        token = re.search(r'name="token" value="([^"]+)"', client.get("/login").text)
        assert token
        client.post("/login", data={"principal": user, "key": key, "token": token.group(1)})
        yield client


def _normal(entry: dict[str, Any], stix_id: str) -> dict[str, Any]:
    """An entry with what must differ between two requests taken out."""
    varying = ("seq", "at", "hash", "signature")
    kept = {k: v for k, v in entry.items() if k not in varying}
    return orjson.loads(orjson.dumps(kept).replace(stix_id.encode(), b"ID"))


def test_refused_read_leaves_no_trace_of_the_owner_in_the_audit_view(hub: RunningHub) -> None:
    secret = _red_to_ir(hub)
    sy = hub.key("sy")
    with httpx.Client(auth=sy, headers=TAXII, timeout=20) as taxii:
        for stix_id in (secret["id"], MISSING):
            for tail in ("", "versions/"):
                url = f"{hub.collection_url()}objects/{stix_id}/{tail}"
                assert taxii.get(url).status_code == 404
    with _console(hub, *sy) as console:
        assert console.get(f"/objects/{secret['id']}").status_code == 404
        assert console.get(f"/objects/{MISSING}").status_code == 404
        page = console.get("/audit").text

    entries = httpx.get(f"{hub.url}/api/audit?act=read.refused", auth=sy).json()
    hidden = [_normal(e, secret["id"]) for e in entries if e["subject"] == secret["id"]]
    missing = [_normal(e, MISSING) for e in entries if e["subject"] == MISSING]
    assert len(hidden) == 3 and hidden == missing  # object, versions, console page
    assert all(e["about"] == "" and e["member"] == "sy" for e in entries)
    assert "ir" not in orjson.dumps(entries).decode().replace('"', " ").split()
    assert "Islamic Republic of Iran" not in page
    rows = re.findall(r'<tr><td data-label="When">.*?</tr>', page, re.S)
    refused = [r for r in rows if "asked for an object it may not see" in r]
    as_hidden = [re.sub(r"<time>[^<]*</time>|damascus #\d+", "", r) for r in refused]
    normal = sorted(r.replace(secret["id"], "ID").replace(MISSING, "ID") for r in as_hidden)
    assert len(normal) == 6 and normal[0::2] == normal[1::2]  # pairs of identical rows

    owner = httpx.get(f"{hub.url}/api/audit", auth=hub.key("ir")).json()
    assert not [e for e in owner if e["act"] == "read.refused"]  # the owner is not told
    trail = list(hub.services.audit.entries(act="read.refused"))  # the operator sees all
    assert sorted(e.subject for e in trail) == sorted([secret["id"], MISSING] * 3)


def test_deny_is_private_to_the_denier_in_the_audit_view(hub: RunningHub) -> None:
    """ir denies sy: sy's audit view (API and console) shows nothing of it, ir's does; a
    motion about sy, which sy may read as a record, is in sy's view."""
    ir, sy = hub.key("ir", Role.LIAISON), hub.key("sy", Role.LIAISON)
    assert httpx.put(f"{hub.url}/api/denies/sy", auth=ir).status_code == 204
    motion = {"kind": "suspend", "subject": "sy"}
    proposed = httpx.post(f"{hub.url}/api/motions", json=motion, auth=hub.key("ru", Role.LIAISON))
    assert proposed.status_code == 201, proposed.text

    seen_by_sy = httpx.get(f"{hub.url}/api/audit", auth=sy).json()
    assert not [e for e in seen_by_sy if e["act"] in ("deny", "allow")], seen_by_sy
    assert [e["member"] for e in seen_by_sy if e["act"] == "motion"] == ["ru"]
    with _console(hub, *sy) as console:
        page = console.get("/audit").text
    table = page.split("<tbody>")[1]
    assert "changed its deny list" not in page and "proposed a motion" in table
    seen_by_ir = httpx.get(f"{hub.url}/api/audit?act=deny", auth=ir).json()
    assert [(e["member"], e["about"]) for e in seen_by_ir] == [("ir", "sy")]


@pytest.fixture
def mixed_trail(hub: RunningHub) -> RunningHub:
    """Acts by and about members Baghdad hosts (iq, ir) and does not (sy, ru, hz)."""
    ir, sy = hub.key("ir", Role.LIAISON), hub.key("sy", Role.LIAISON)
    assert httpx.put(f"{hub.url}/api/denies/sy", auth=ir).status_code == 204  # ir's own act
    assert httpx.put(f"{hub.url}/api/denies/ir", auth=sy).status_code == 204  # sy's, about ir
    motion = {"kind": "suspend", "subject": "iq"}
    assert httpx.post(f"{hub.url}/api/motions", json=motion, auth=sy).status_code == 201
    _share(hub, "ru", indicator(tlp=Tlp.GREEN))
    _, record = hub.services.keys.create("iq", Role.ANALYST)
    hub.services.keys.revoke(record.key_id)  # the operator's act, about nobody
    assert httpx.get(f"{hub.url}/api/audit", auth=("iq.someone", "ahk_x_y")).status_code == 401
    return hub


def _wire_row(entry: dict[str, Any]) -> AuditRow:
    named = ("seq", "principal", "member", "act", "about", "subject")
    return AuditRow(
        **{k: entry[k] for k in named}, at=0, detail=b"", prev=b"", hash=b"", signature=b""
    )


def test_peer_key_reads_only_audit_entries_of_hosted_members(mixed_trail: RunningHub) -> None:
    hub = mixed_trail
    key, record = hub.services.keys.create_peer("baghdad")  # baghdad hosts iq and ir
    peer = (record.principal, key)
    viewed = httpx.get(f"{hub.url}/api/audit", auth=peer).json()
    exported = httpx.get(f"{hub.url}/api/replication/audit", auth=peer).json()["entries"]
    trail = list(hub.services.audit.entries())
    for entries in (viewed, exported):
        rows = [_wire_row(e) for e in entries]
        assert rows and all(member_may_read("iq", r) or member_may_read("ir", r) for r in rows)
        got = {(r.member, r.act, r.about) for r in rows}
        assert ("ir", "deny", "sy") in got and ("sy", "motion", "iq") in got
        assert ("sy", "deny", "ir") not in got  # sy's deny list is sy's
        assert not [r for r in rows if r.member in ("ru", "hz")]
        assert all(r.act == "motion" for r in rows if r.member == "sy")
        assert all(r.act == "key.create" for r in rows if r.member == "")  # keys made for them
        assert not [r for r in rows if r.act in ("key.revoke", "auth.refused", "share")]
    readable = [e for e in trail if member_may_read("iq", e) or member_may_read("ir", e)]
    assert sorted(e["seq"] for e in exported) == [e.seq for e in readable]
    assert {("sy", "deny", "ir"), ("", "key.revoke", "")} <= {
        (e.member, e.act, e.about) for e in trail
    }  # the operator's trail still holds them
