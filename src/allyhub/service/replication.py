"""Replication between hubs: what a peer may take from us, and what we take from peers.

A peer hub reads through the ordinary TAXII read path as a principal whose view is the
union of what the members it hosts may see; its pages carry each version's provenance
and labels as envelope extensions (`x_allyhub_provenance`, `x_allyhub_view`), which
other TAXII clients ignore. The receiving hub validates every object again, checks the
provenance against the charter, and stores the versions with their origin's labels and a
new local date_added, moving its cursor in the same transaction. Versions are immutable,
so replication is a set union: order and repetition do not matter.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from allyhub.charter import Collection, Feed, Role, Tlp
from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.fusion.entities import DECISION
from allyhub.policy.governance import RECORD_TYPES
from allyhub.policy.publishing import Publisher, Refused, check_definition, labels_for, unowned
from allyhub.policy.standing import CoalitionState
from allyhub.rfi import RECORD_TYPES as RFI_TYPES
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition, find_collection
from allyhub.service.ports import Clock, ObjectStore
from allyhub.service.principals import Principal
from allyhub.service.sharing import SYSTEM
from allyhub.service.versions import new_version
from allyhub.stix.limits import JsonLimits, check_parsed, check_size
from allyhub.stix.markings import TLP_MARKINGS
from allyhub.stix.parse import DEFAULT_LIMITS
from allyhub.stix.validate import validate
from allyhub.store.audit import AuditRow
from allyhub.store.objects import NewVersion
from allyhub.store.peers import Cursor, PushCursor, SqlPeerStore

log = logging.getLogger("allyhub.replication")


@dataclass(frozen=True, slots=True)
class Received:
    added: int
    refused: int


@dataclass(frozen=True, slots=True)
class _Candidate:
    version: NewVersion
    unowned: bool


class ReplicationService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        peers: SqlPeerStore,
        clock: Clock,
        audit: AuditLog,
        secret: bytes,
        limits: JsonLimits = DEFAULT_LIMITS,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._peers = peers
        self._clock = clock
        self._audit = audit
        self.limits = limits  # for pushed pages here, and pulled pages (client.py)
        self._seal_key = hashlib.sha256(secret + b"/peer-credentials").digest()

    # -- pulling from a peer or feed ------------------------------------------------

    def pulled_collections(self) -> list[Collection]:
        """What a hub pulls from its peers (see Coalition.replicated_collections)."""
        return self._coalition.replicated_collections()

    def cursor(self, peer: str, collection: str) -> Cursor:
        return self._peers.cursor(peer, collection)

    def cursors(self, peer: str | None = None) -> list[Cursor]:
        return self._peers.cursors(peer)

    def served(self) -> dict[str, tuple[int, int | None]]:
        return self._peers.served()

    def record_error(self, peer: str, collection: str, message: str) -> None:
        cursor = self._peers.cursor(peer, collection)
        self._peers.save(replace(cursor, last_error=message[:1000], error_at=self._clock()))

    def forget_next(self, peer: str, collection: str) -> None:
        """The peer no longer honours our `next` token: resume from the last date."""
        self._peers.save(replace(self._peers.cursor(peer, collection), next_token=None))

    def restart_if_view_changed(self, peer: str, collection: str, view: str) -> bool:
        """When a peer shows us a different view (a hosted member's standing changed),
        start that collection again from the beginning: what was hidden may be visible now,
        and what we hold already is skipped as a duplicate."""
        old = self._peers.cursor(peer, collection)
        if old.view and view and old.view != view:
            self._peers.save(replace(old, added_after=None, next_token=None, view=view))
            return True
        return False

    def receive(
        self,
        peer: str,
        collection_key: str,
        objects: Sequence[Any],
        extensions: Mapping[str, Any],
        *,
        last_added: str | None,
        next_token: str | None,
        caught_up: bool,
        feed: Feed | None = None,
    ) -> Received:
        """Store one page pulled from a peer (or a feed) and move the cursor past it."""
        if feed is None:
            collection = find_collection(self.pulled_collections(), collection_key)
        else:
            collection = find_collection(self._coalition.charter.collections, feed.collection)

        def move_cursor(writer: Any, added: int, now: int, lags: list[int]) -> None:
            old = self._peers.cursor(peer, collection.id)
            writer.save_cursor(
                replace(
                    old,
                    # page with the peer's `next` while it offers one (date_added need not be
                    # unique on other servers); once caught up, continue from the last date
                    added_after=old.added_after if next_token else (last_added or old.added_after),
                    next_token=next_token,
                    view=str(extensions.get("x_allyhub_view", "")) or old.view,
                    pulled=old.pulled + added,
                    last_pull=now,
                    caught_up=now if caught_up else old.caught_up,
                    last_error=None,
                    error_at=None,
                    lag=max(lags) if lags else old.lag,
                )
            )

        return self._store_page(peer, collection, objects, extensions, feed, move_cursor)

    def _store_page(
        self,
        peer: str,
        collection: Collection,
        objects: Sequence[Any],
        extensions: Mapping[str, Any],
        feed: Feed | None,
        bookkeeping: Callable[[Any, int, int, list[int]], None] | None,
    ) -> Received:
        """Validate a page from a peer (pulled or pushed) or a feed and store what is new;
        `bookkeeping(writer, added, now, lags)` runs in the transaction of the last round."""
        if feed is None:
            provenance = extensions.get("x_allyhub_provenance")
            if not isinstance(provenance, list) or len(provenance) != len(objects):
                raise InvalidRequest(f"{peer} sent a page without provenance for each object")
        else:
            provenance = [None] * len(objects)
        # A page may hold what makes a later record of it valid (the last vote that
        # admits an invitee, then the invitee's answer): what the state refuses is tried
        # again once the rest is stored, until a round adds nothing. Only the last round
        # moves the cursor, so nothing refused for its order alone is skipped for good.
        remaining = list(zip(objects, provenance, strict=True))
        added = 0
        while True:
            state = self._coalition.state()
            candidates: list[_Candidate] = []
            refusals: list[tuple[Any, Any, Refused]] = []
            for obj, origin in remaining:
                try:
                    candidates.append(self._candidate(obj, origin, collection, state, feed, peer))
                except Refused as refusal:
                    refusals.append((obj, origin, refusal))
            last = not candidates or not refusals
            new, refused = self._write(
                peer, collection, candidates, len(refusals), bookkeeping if last else None, added
            )
            added += new
            if last:
                for obj, _origin, why in refusals:
                    log.warning("refused %s from %s: %s", _id_of(obj), peer, why)
                return Received(added, refused)
            remaining = [(obj, origin) for obj, origin, _exc in refusals]

    def _write(
        self,
        peer: str,
        collection: Collection,
        candidates: list[_Candidate],
        refused: int,
        bookkeeping: Callable[[Any, int, int, list[int]], None] | None,
        earlier: int = 0,
    ) -> tuple[int, int]:
        """Store the new versions among the candidates in one transaction; (added,
        refused) with the refusals of ownership added to those given. `bookkeeping` is
        told what this page added in all, `earlier` rounds included."""
        with self._store.writing() as writer:
            now = self._clock()
            known = writer.known(c.version.stix_id for c in candidates)
            present = {(k.stix_id, k.version, k.collection) for k in known}
            owners = {k.stix_id: k.shared_by for k in known}
            new: list[NewVersion] = []
            for candidate in candidates:
                version = candidate.version
                key = (version.stix_id, version.version, version.collection)
                if key in present:
                    continue  # a duplicate: replication is a union
                owner = owners.get(version.stix_id)
                if owner is not None and owner != version.shared_by and not candidate.unowned:
                    refused += 1
                    log.warning(
                        "refused %s from %s: it belongs to %s", version.stix_id, peer, owner
                    )
                    continue
                present.add(key)
                owners.setdefault(version.stix_id, version.shared_by)
                new.append(version)
            dates = writer.add(new, now, versioned={k.stix_id for k in known})
            lags = [d - v.origin_added for d, v in zip(dates, new, strict=True) if v.origin_added]
            if bookkeeping is not None:
                bookkeeping(writer, earlier + len(new), now, lags)
            if new:
                self._audit.append(
                    writer,
                    Act(f"hub.{peer}", "", "replicate", subject=collection.id,
                        detail={"peer": peer, "added": len(new), "refused": refused,
                                "first_added": dates[0], "last_added": dates[-1]}),
                )  # fmt: skip
        return len(new), refused

    # -- audit entries -----------------------------------------------------------------

    def audit_for_peer(
        self, principal: Principal, after: int, limit: int = 1000
    ) -> tuple[bytes, list[AuditRow]]:
        """This hub's public key and its audit entries made by or about the members the
        peer hub hosts (the entries those members may read), after a sequence number."""
        if not principal.peer:
            raise NotPermitted(f"{principal.id} is not a peer hub")
        hub = self._coalition.charter.hub(principal.peer)
        if hub is None:
            raise NotPermitted(f"{principal.peer!r} is not a hub of the coalition")
        raw = self._audit.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return raw, self._audit.for_members(hub.hosts, after, min(limit, 1000))

    def audit_cursor(self, peer: str) -> int:
        return self._audit.peer_last(peer)

    def receive_audit(self, peer: str, public_key: bytes, entries: Sequence[AuditRow]) -> int:
        return self._audit.receive(peer, public_key, entries)

    # -- pushing to a peer hub, and taking a peer's push ------------------------------

    def peer_principal(self, peer: str) -> Principal:
        """Who we read as when we push to a peer: the peer hub itself, so a push carries
        exactly what the peer would get by pulling (the export filter is the read path)."""
        if peer not in self._coalition.hub.peers:
            raise NotFound(f"{peer!r} is not a peer hub of {self._coalition.hub.id}")
        return Principal(id=f"hub.{peer}", member="", role=Role.PEER, key_id="push", peer=peer)

    def push_cursor(self, peer: str, collection: str) -> PushCursor:
        return self._peers.push_cursor(peer, collection)

    def pushed(self, peer: str, collection: str, through: int, count: int) -> None:
        """The peer stored a pushed page: move the push cursor past it."""
        old = self._peers.push_cursor(peer, collection)
        self._peers.save_push(
            replace(old, after=through, pushed=old.pushed + count, last_push=self._clock())
        )

    def accept_push(self, principal: Principal, collection_key: str, body: bytes) -> Received:
        """Store a page a peer hub pushed to us: the same checks as a page we pull, but no
        pull cursor moves (our own pull still reads everything, and finds duplicates)."""
        if not principal.peer:
            raise NotPermitted(f"{principal.id} is not a peer hub; members share over TAXII")
        if principal.peer not in self._coalition.hub.peers:
            raise NotPermitted(
                f"hub {principal.peer!r} is not a peer of {self._coalition.hub.id} in the charter"
            )
        check_size(body, self.limits, "the pushed page")
        try:
            page = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise InvalidRequest(f"the pushed page is not JSON: {exc}") from exc
        if not isinstance(page, dict) or not isinstance(page.get("objects"), list):
            raise InvalidRequest('a pushed page is an envelope: {"objects": [...], ...}')
        check_parsed(body, page, self.limits, "the pushed page")
        collection = find_collection(self.pulled_collections(), collection_key)
        return self._store_page(principal.peer, collection, page["objects"], page, None, None)

    def _candidate(
        self,
        obj: Any,
        origin: Any,
        collection: Collection,
        state: CoalitionState,
        feed: Feed | None,
        peer: str,
    ) -> _Candidate:
        problems = validate(obj)
        if problems:
            raise Refused("; ".join(str(p) for p in problems[:3]))
        kind = obj["type"]
        if (kind in RECORD_TYPES) != (collection is self._coalition.governance_collection):
            raise Refused("governance records belong in the governance collection only")
        if (kind == DECISION) != (collection is self._coalition.decisions_collection):
            raise Refused("fusion decisions belong in the decisions collection only")
        if kind in RFI_TYPES and collection.alias != "rfi":
            raise Refused("requests for information belong in the rfi collection only")
        check_definition(obj)
        if feed is not None:
            publisher = Publisher(feed.id, "", {}, feed.default_marking, None)
            labels = labels_for(_tlp_only(obj), publisher, {}, 0)
            version = _new(obj, collection, feed.id, int(labels.tlp), None, None, feed.id, None)
            return _Candidate(version, unowned(obj))
        if not isinstance(origin, Mapping) or origin.get("id") != obj["id"]:
            raise Refused("its provenance does not match the object")
        shared_by = str(origin.get("shared_by", ""))
        if shared_by != SYSTEM and state.member(shared_by) is None:
            raise Refused(f"shared_by {shared_by!r} is not a member")
        creator = obj.get("created_by_ref")
        author = state.identities.get(creator) if isinstance(creator, str) else None
        if author is not None and author != shared_by:
            raise Refused(
                f"created_by_ref names {author!r}, but it came as shared by {shared_by!r}"
            )
        try:
            tlp = Tlp(int(origin["tlp"]))
        except (KeyError, ValueError, TypeError):
            raise Refused("its provenance has no valid TLP level") from None
        audience, excluded = _members(origin.get("audience")), _members(origin.get("excluded"))
        if tlp in (Tlp.AMBER_STRICT, Tlp.RED) and audience is None:
            raise Refused("AMBER+STRICT and RED need a release list")
        origin_added = origin.get("origin_added")
        version = _new(
            obj, collection, shared_by, int(tlp), audience, excluded,
            str(origin.get("origin_hub") or peer),
            origin_added if isinstance(origin_added, int) and origin_added > 0 else None,
        )  # fmt: skip
        return _Candidate(version, unowned(obj))

    # -- credentials for pulling ----------------------------------------------------

    def set_credentials(self, peer: str, key: str, principal: str | None = None) -> None:
        """Keep the key this hub presents to a peer hub (principal hub.<this hub>) or to a
        feed (any principal), sealed with the hub secret."""
        charter = self._coalition.charter
        hubs = {h.id for h in charter.hubs} - {self._coalition.hub.id}
        feeds = {f.id for f in charter.feeds}
        if peer not in hubs | feeds:
            raise NotFound(f"{peer!r} is not a peer hub or a feed of the charter")
        if principal is None and peer in hubs:
            principal = f"hub.{self._coalition.hub.id}"
        nonce = os.urandom(12)
        sealed = nonce + AESGCM(self._seal_key).encrypt(nonce, key.encode(), peer.encode())
        self._peers.set_credentials(peer, principal or "", sealed)

    def credentials(self, peer: str) -> tuple[str | None, str] | None:
        """(principal or None for Bearer, key) to present to a peer, if configured."""
        found = self._peers.credentials(peer)
        if found is None:
            return None
        principal, sealed = found
        try:
            key = AESGCM(self._seal_key).decrypt(sealed[:12], sealed[12:], peer.encode()).decode()
        except InvalidTag:
            raise InvalidRequest(
                f"the stored key for {peer} was sealed with another hub secret; set it again"
            ) from None
        return principal or None, key


def _members(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
        raise Refused("provenance lists must be lists of member ids")
    return frozenset(value)


def _tlp_only(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A feed's other markings name identities we do not know: keep only its TLP."""
    refs = [r for r in obj.get("object_marking_refs", ()) if r in TLP_MARKINGS]
    kept = {k: v for k, v in obj.items() if k not in ("object_marking_refs", "granular_markings")}
    if refs:
        kept["object_marking_refs"] = refs
    return kept


def _new(
    obj: dict[str, Any],
    collection: Collection,
    shared_by: str,
    tlp: int,
    audience: frozenset[str] | None,
    excluded: frozenset[str] | None,
    origin_hub: str,
    origin_added: int | None,
) -> NewVersion:
    return new_version(
        obj, collection=collection.id, shared_by=shared_by, tlp=tlp, audience=audience,
        excluded=excluded, origin_hub=origin_hub, origin_added=origin_added,
    )  # fmt: skip


def _id_of(obj: Any) -> str:
    return str(obj.get("id")) if isinstance(obj, dict) else "(not an object)"
