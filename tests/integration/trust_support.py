"""What the trust tests share: the coalition's governance driven over the HTTP API, an
attacker's sealing tools, and what an operator reads about refusals.

The attacker works from the outside: it holds a peer hub's API key (and, for a
compromised hub, that hub's own signing key), reads pages as a peer would, and builds
pages of its own with the real sealing code and whatever key it has. It never touches
the victim hub's database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import httpx
import orjson
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from allyhub.charter import Role, Tlp
from allyhub.cli.main import app as cli
from allyhub.provenance import Provenance, leaf, make_seal, places, sealed_to_wire, seals_to_wire
from allyhub.service.coalition import find_collection
from allyhub.service.versions import version_key
from allyhub.stix.markings import GOVERNANCE_EXTENSION, TLP2_ID, releasability_marking
from allyhub.timestamps import format_timestamp, now_micros
from tests.conftest import RunningHub

TAXII = "application/taxii+json;version=2.1"
FULL = ("ru", "sy", "ir", "iq")


# -- members acting over HTTP -------------------------------------------------------------


class Members:
    """Each member's keys at one hub, and governance carried out through /api."""

    def __init__(self, hub: RunningHub) -> None:
        self.hub = hub
        self._clients: dict[tuple[str, Role], httpx.Client] = {}
        self.keys: dict[tuple[str, Role], tuple[str, str]] = {}  # (principal id, key)

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    def client(self, member: str, role: Role = Role.LIAISON) -> httpx.Client:
        """A client for a key of this member (made once, while the member may have keys)."""
        found = self._clients.get((member, role))
        if found is None:
            user, key = self.hub.key(member, role)
            self.keys[(member, role)] = (user, key)
            found = httpx.Client(
                base_url=self.hub.url,
                auth=(user, key),
                headers={"Accept": TAXII, "Content-Type": TAXII},
                timeout=60,
            )
            self._clients[(member, role)] = found
        return found

    def api(
        self,
        member: str,
        method: str,
        path: str,
        body: Any = None,
        role: Role = Role.LIAISON,
    ) -> httpx.Response:
        content = orjson.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        return self.client(member, role).request(
            method, "/api" + path, content=content, headers=headers
        )

    def identity(self, member: str) -> str:
        found = self.hub.services.coalition.state().identity_of(member)
        assert found is not None, member
        return found

    def standing(self, member: str) -> tuple[str, str]:
        state = self.hub.services.coalition.state().member(member)
        assert state is not None, member
        return str(state.tier), str(state.standing)

    def carry(self, kind: str, subject: str, **extra: str) -> dict[str, Any]:
        """Propose a motion and have every eligible member vote yes until it passes."""
        state = self.hub.services.coalition.state()
        voters = sorted(
            m.member
            for m in state.members.values()
            if str(m.tier) == "full" and str(m.standing) == "active" and m.member != subject
        )
        made = self.api(voters[0], "POST", "/motions", {"kind": kind, "subject": subject, **extra})
        assert made.status_code == 201, made.text
        motion = made.json()
        for voter in voters:
            if motion["status"] != "open":
                break
            voted = self.api(voter, "POST", f"/motions/{motion['id']}/votes", {"vote": "yes"})
            assert voted.status_code == 200, voted.text
            motion = voted.json()
        assert motion["status"] == "passed", motion
        return motion

    def admit(self, member: str, tier: str, answer: str | None = "accept") -> None:
        """Invite a new member at a tier; it accepts, declines, or (None) has not answered."""
        motion = self.carry("admit", member, name=member.upper(), tier=tier)
        self.client(member)  # its liaison key, made while it is an invitee
        if answer is not None:
            answered = self.api(
                member, "POST", f"/motions/{motion['id']}/response", {"response": answer}
            )
            assert answered.status_code == 200, answered.text


def share(client: httpx.Client, hub: RunningHub, *objects: dict[str, Any]) -> dict[str, Any]:
    """POST an envelope over TAXII; the status body."""
    answer = client.post(
        hub.collection_url() + "objects/", content=orjson.dumps({"objects": list(objects)})
    )
    assert answer.status_code == 202, answer.text
    status: dict[str, Any] = answer.json()
    return status


def red_to(members: Members, owner: str, *readers: str) -> tuple[dict[str, Any], list[str]]:
    """A releasability marking from `owner` naming `readers`, and RED refs using it."""
    marking = releasability_marking([members.identity(m) for m in readers], members.identity(owner))
    return marking, [TLP2_ID[Tlp.RED], marking["id"]]


# -- an attacker's pages ------------------------------------------------------------------


def collection_id(hub: RunningHub, alias: str) -> str:
    """The id of a collection hubs replicate (the charter's, governance, decisions)."""
    return find_collection(hub.services.coalition.replicated_collections(), alias).id


def peer_page(hub: RunningHub, peer: str, collection: str) -> dict[str, Any]:
    """Every version a peer hub may pull from `hub` in a collection, as it is served."""
    key, record = hub.services.keys.create_peer(peer)
    ident = collection_id(hub, collection)
    answer = httpx.get(
        f"{hub.root}collections/{ident}/objects/",
        params={"match[version]": "all", "limit": "1000"},
        auth=(record.principal, key),
        headers={"Accept": TAXII},
        timeout=60,
    )
    assert answer.status_code == 200, answer.text
    page: dict[str, Any] = answer.json()
    return page


def provenance(
    shared_by: str,
    origin_hub: str,
    tlp: Tlp,
    audience: Iterable[str] | None = None,
    origin_added: int | None = None,
) -> dict[str, Any]:
    """What a page claims about one version's origin (its seal is added by `sealed`)."""
    return {
        "shared_by": shared_by,
        "origin_hub": origin_hub,
        "origin_added": origin_added or now_micros(),
        "tlp": int(tlp),
        "audience": sorted(audience) if audience is not None else None,
        "excluded": None,
    }


def sealed(
    objects: Sequence[dict[str, Any]],
    claims: Sequence[Mapping[str, Any]],
    *,
    collection: str,
    key: Ed25519PrivateKey | None,
    seal_hub: str,
    coalition: str = "rsii",
) -> dict[str, Any]:
    """A page of these objects with these claims, sealed with `key` in the name of
    `seal_hub` exactly as a hub seals (no seal at all when `key` is None)."""
    records = []
    leaves = []
    for obj, claim in zip(objects, claims, strict=True):
        audience, excluded = claim["audience"], claim["excluded"]
        origin = Provenance(
            stix_id=obj["id"],
            version=version_key(obj),
            collection=collection,
            shared_by=claim["shared_by"],
            origin_hub=claim["origin_hub"],
            origin_added=claim["origin_added"],
            tlp=claim["tlp"],
            audience=frozenset(audience) if audience is not None else None,
            excluded=frozenset(excluded) if excluded is not None else None,
        )
        leaves.append(leaf(origin, orjson.dumps(obj)))
        records.append({"id": obj["id"], "version": version_key(obj), **claim})
    page: dict[str, Any] = {"objects": list(objects), "x_allyhub_provenance": records}
    if key is not None:
        seal = make_seal(key, coalition, seal_hub, leaves)
        for record, place in zip(records, places(seal, leaves), strict=True):
            record["seal"] = sealed_to_wire(place)
        page["x_allyhub_seals"] = seals_to_wire([seal])
    return page


def governance_record(
    kind: str, author: str, props: dict[str, Any], audience: Sequence[str]
) -> dict[str, Any]:
    """A governance record as GovernanceService makes one: `author` is an identity,
    `audience` the identities it is released to."""
    now = format_timestamp(now_micros())
    marking = releasability_marking(audience, author)
    return {
        "type": kind,
        "spec_version": "2.1",
        "id": f"{kind}--{uuid.uuid4()}",
        "created": now,
        "modified": now,
        "created_by_ref": author,
        **props,
        "extensions": {GOVERNANCE_EXTENSION: {"extension_type": "new-sdo"}},
        "object_marking_refs": [TLP2_ID[Tlp.AMBER], marking["id"]],
    }


# -- what the operator reads --------------------------------------------------------------


def sync_rows(client: httpx.Client, peer: str) -> dict[str, dict[str, Any]]:
    """GET /api/sync: this peer's rows, by collection alias."""
    answer = client.get("/api/sync")
    assert answer.status_code == 200, answer.text
    return {row["collection"]: row for row in answer.json() if row["peer"] == peer}


def sync_status(hub: RunningHub) -> str:
    """`allyhub sync status` of this hub, as its operator runs it."""
    s = hub.services.settings
    flags = ["--charter", s.charter, "--hub", s.hub, "--db", s.db, "--data-dir", s.data_dir]
    env = {"ALLYHUB_SECRET_KEY": s.secret_key, "COLUMNS": "400"}
    result = CliRunner().invoke(cli, ["sync", "status", *flags], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def status_row(text: str, peer: str, collection: str) -> list[str]:
    """The cells of one row of `sync status`'s table (peer, collection, cursor, pulled,
    refused, ...)."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("│┃|").split("│")]
        if len(cells) > 4 and cells[0] == peer and cells[1] == collection:
            return cells
    raise AssertionError(f"no row for {peer}/{collection} in:\n{text}")


def refusals_audited(hub: RunningHub, peer: str) -> list[dict[str, Any]]:
    """The `replicate.refused` entries of the hub's own trail for a peer: their details."""
    return [
        orjson.loads(entry.detail)
        for entry in hub.services.audit.entries(act="replicate.refused")
        if entry.principal == f"hub.{peer}"
    ]


def stored_ids(hub: RunningHub, ids: Iterable[str]) -> set[str]:
    """Which of these ids the hub's database holds at all, for anyone."""
    statement = sa.text("SELECT DISTINCT stix_id FROM objects WHERE stix_id IN :ids")
    statement = statement.bindparams(sa.bindparam("ids", expanding=True))
    with hub.services.engine.connect() as connection:
        rows = connection.execute(statement, {"ids": sorted(set(ids))})
        return {r[0] for r in rows}
