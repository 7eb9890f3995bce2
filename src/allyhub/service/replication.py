"""Replication between hubs: what a peer may take from us, and what we take from peers.

A peer hub reads through the ordinary TAXII read path as a principal whose view is the
union of what the members it hosts may see; its pages carry each version's provenance
and labels as envelope extensions (`x_allyhub_provenance`, `x_allyhub_view`), which
other TAXII clients ignore, and each version's place in the seal its origin hub signed
(`x_allyhub_seals` holds the signatures). The receiving hub admits every version through
the admission step (service/admission.py): valid, sealed by its origin with the key the
charter pins, from a hub that hosts its author; it stores it with its origin's labels and
a new local date_added, moving its cursor in the same transaction. Versions are
immutable, so replication is a set union: order and repetition do not matter. What is
refused is counted on the cursor, named in the audit and shown by `sync status`.
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

from allyhub.charter import Collection, Feed, Role
from allyhub.errors import InvalidRequest, NotFound, NotPermitted
from allyhub.limits import DEFAULT_LIMITS, JsonLimits, check_parsed, check_size
from allyhub.misp import events_to_stix
from allyhub.records import AuditRow, Cursor, PushCursor, Quarantined
from allyhub.service.admission import Admission, Admitted, Verdict
from allyhub.service.audit import Act, AuditLog
from allyhub.service.coalition import Coalition, find_collection
from allyhub.service.ports import Clock, ObjectStore, PeerStore, UnitOfWork
from allyhub.service.principals import Principal

log = logging.getLogger("allyhub.replication")


@dataclass(frozen=True, slots=True)
class Received:
    added: int
    refused: int


class ReplicationService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        peers: PeerStore,
        clock: Clock,
        audit: AuditLog,
        secret: bytes,
        admission: Admission,
        limits: JsonLimits = DEFAULT_LIMITS,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._peers = peers
        self._clock = clock
        self._audit = audit
        self._admission = admission
        self.limits = limits  # for pushed pages here, and pulled pages (client.py)
        self._seal_key = hashlib.sha256(secret + b"/peer-credentials").digest()

    # -- pulling from a peer or feed ------------------------------------------------

    def pulled_collections(self) -> list[Collection]:
        """What a hub pulls from its peers (see Coalition.replicated_collections), the
        governance collection first: whether a peer's record is stored depends on who is
        a member and which hub hosts it, so a member admitted at a peer must be known here
        before its first shares arrive, or they would be refused and the cursor would
        move past them for good."""
        collections = self._coalition.replicated_collections()
        governance = self._coalition.governance_collection
        return [governance, *(c for c in collections if c.id != governance.id)]

    def collection_aliases(self) -> dict[str, str]:
        """Every collection a cursor or a quarantined record can name, by id: the
        charter's (feeds pull into those) and the hub's own (governance, decisions,
        definitions), so status, metrics and the API never show a bare id."""
        return {c.id: c.alias for c in self._coalition.all_collections()}

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

    def offers_last_only(self, peer: str, collection: str) -> None:
        """The source refused `match[version]=all` and answered `last`: ask it `last`
        from now on, and say so in `sync status` (only the newest version of each object
        arrives; versions it had in between are not offered)."""
        cursor = self._peers.cursor(peer, collection)
        self._peers.save(replace(cursor, versions="last"))
        log.warning("%s refuses match[version]=all; pulling the latest versions only", peer)

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

        def move_cursor(writer: UnitOfWork, page: _PageResult, now: int) -> None:
            old = self._peers.cursor(peer, collection.id)
            writer.save_cursor(
                replace(
                    old,
                    # page with the peer's `next` while it offers one (date_added need not be
                    # unique on other servers); once caught up, continue from the last date
                    added_after=old.added_after if next_token else (last_added or old.added_after),
                    next_token=next_token,
                    view=str(extensions.get("x_allyhub_view", "")) or old.view,
                    pulled=old.pulled + page.added,
                    last_pull=now,
                    caught_up=now if caught_up else old.caught_up,
                    last_error=None,
                    error_at=None,
                    lag=max(page.lags) if page.lags else old.lag,
                    refused=old.refused + len(page.refusals),
                    last_refusal=_last_refusal(page.refusals) or old.last_refusal,
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
        bookkeeping: Callable[[UnitOfWork, _PageResult, int], None] | None,
    ) -> Received:
        """Admit a page from a peer (pulled or pushed) or a feed; `bookkeeping(writer,
        result, now)` runs in the transaction of the last round.

        A page may hold what makes a later record of it valid (the last vote that admits
        an invitee, then the invitee's answer): what is refused is tried again once the
        rest is stored, until a round adds nothing. Only the last round moves the cursor
        and counts the refusals, so nothing refused for its order alone is counted, and
        nothing refused for good is skipped without a trace.
        """
        if feed is None:
            provenance = extensions.get("x_allyhub_provenance")
            if not isinstance(provenance, list) or len(provenance) != len(objects):
                raise InvalidRequest(f"{peer} sent a page without provenance for each object")
            signatures = extensions.get("x_allyhub_seals")
            if not isinstance(signatures, Mapping):
                signatures = {}
        else:
            provenance, signatures = [None] * len(objects), {}
        items = [_Item(obj, origin) for obj, origin in zip(objects, provenance, strict=True)]
        return self._admit_rounds(peer, collection, items, signatures, feed, bookkeeping)

    def _admit_rounds(
        self,
        peer: str,
        collection: Collection,
        items: list[_Item],
        signatures: Mapping[str, Any],
        feed: Feed | None,
        bookkeeping: Callable[[UnitOfWork, _PageResult, int], None] | None,
    ) -> Received:
        remaining = items
        added = 0
        lags: list[int] = []
        settled: list[int] = []  # quarantined entries a retry stored or found held
        while True:
            admitted, last = self._round(
                peer, collection, remaining, signatures, feed, added, lags, bookkeeping, settled
            )
            added += admitted.stored
            settled += [
                q
                for v in admitted.verdicts
                if not v.refused and (q := remaining[v.index].quarantined) is not None
            ]
            if last:
                for verdict in admitted.refusals:
                    log.warning("refused %s from %s: %s", verdict.id, peer, verdict.message)
                return Received(added, len(admitted.refusals))
            remaining = [remaining[v.index] for v in admitted.refusals]

    def _round(
        self,
        peer: str,
        collection: Collection,
        items: Sequence[_Item],
        signatures: Mapping[str, Any],
        feed: Feed | None,
        earlier: int,
        lags: list[int],
        bookkeeping: Callable[[UnitOfWork, _PageResult, int], None] | None,
        settled: list[int],
    ) -> tuple[Admitted, bool]:
        """One round of a page: (what it admitted, whether it is the page's last round).
        The last round quarantines what stays refused, with its reason, and releases
        what a retry settled, in the transaction that stores the rest."""
        last = False

        def then(writer: UnitOfWork, admitted: Admitted) -> None:
            nonlocal last
            refused = admitted.refusals
            last = not refused or not admitted.rows
            for verdict in admitted.verdicts:
                origin = items[verdict.index].origin
                at = origin.get("origin_added") if isinstance(origin, Mapping) else None
                if verdict.stored and admitted.committed and isinstance(at, int) and at > 0:
                    lags.append(admitted.committed - at)
            if not last:
                return
            now = self._clock()
            done = settled + [
                q
                for v in admitted.verdicts
                if not v.refused and (q := items[v.index].quarantined) is not None
            ]
            if done:
                writer.release(done)
            if refused:
                writer.hold(
                    [
                        _held(peer, collection.id, v, items[v.index], signatures, now)
                        for v in refused
                    ]
                )
            page = _PageResult(earlier + admitted.stored, lags, refused)
            if bookkeeping is not None:
                bookkeeping(writer, page, now)
            if page.added or refused:
                self._audit_page(writer, peer, collection, page)

        objects = [item.obj for item in items]
        if feed is None:
            provenance = [item.origin for item in items]
            admitted = self._admission.from_peer(
                peer, collection, objects, provenance, signatures, then
            )
        else:
            admitted = self._admission.from_feed(feed, collection, objects, then)
        return admitted, last

    def _audit_page(
        self, writer: UnitOfWork, peer: str, collection: Collection, page: _PageResult
    ) -> None:
        """One entry under the hub for what a page brought, naming what was refused and
        why (the first few): refusals are seen by the operator, never skipped silently."""
        refused = [{"id": v.id, "reason": v.message[:300]} for v in page.refusals[:20]]
        self._audit.append(
            writer,
            Act(
                f"hub.{peer}",
                "",
                "replicate" if not page.refusals else "replicate.refused",
                subject=collection.id,
                detail={
                    "peer": peer,
                    "added": page.added,
                    "refused": len(page.refusals),
                    "refusals": refused,
                },
            ),
        )

    # -- MISP feeds --------------------------------------------------------------------

    def feed_collection(self, feed: Feed) -> Collection:
        """The charter collection a feed fills."""
        return find_collection(self._coalition.charter.collections, feed.collection)

    def misp_to_stix(self, events: Sequence[Mapping[str, Any]], feed: Feed) -> list[list[Any]]:
        """A MISP feed's events as STIX, converted as a member's import is (misp/): MISP's
        inheritance written out, sharing groups as release lists of the members the
        charter maps their organisations to, the feed's default TLP where MISP says none."""
        state = self._coalition.state()
        organisations = {
            org: identity
            for org, member in self._coalition.charter.misp_organisations
            if (identity := state.identity_of(member))
        }
        return events_to_stix(events, organisations, "", feed.default_marking)

    def misp_taken(self, feed: str, collection: str) -> dict[str, str]:
        """A MISP feed's cursor: event UUID -> the digest of its entry as last taken."""
        return self._peers.misp_taken(feed, collection)

    def misp_took(self, feed: str, collection: str, event: str, digest: str) -> None:
        self._peers.misp_took(feed, collection, event, digest, self._clock())

    def misp_unreadable(self, feed: str, collection: str, problems: Sequence[str]) -> None:
        """Events of a MISP feed that could not be read or converted: counted as refused
        and named on the cursor (`sync status`); they stay untaken, so every pull offers
        them again until the feed mends them."""
        if not problems:
            return
        cursor = self._peers.cursor(feed, collection)
        text = "; ".join(problems[:5]) + (
            f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        )
        self._peers.save(
            replace(
                cursor,
                refused=cursor.refused + len(problems),
                last_refusal=problems[-1][:1000],
                last_error=f"{len(problems)} MISP events not taken: {text}"[:1000],
                error_at=self._clock(),
            )
        )

    # -- what was refused ---------------------------------------------------------------

    def quarantined(self, source: str | None = None, limit: int | None = None) -> list[Quarantined]:
        """Refused versions held with their reasons (of one peer or feed, or all)."""
        return self._peers.quarantined(source, limit)

    def quarantine_counts(self) -> dict[tuple[str, str], int]:
        """Refused versions held, per source and collection id."""
        return self._peers.quarantine_counts()

    def retry(self, source: str | None = None) -> Received:
        """Offer every quarantined version again, as it came, through the same admission
        (after an upgrade or a charter change): what is stored now leaves the quarantine,
        what is still refused stays with its new reason."""
        charter = self._coalition.charter
        feeds = {f.id: f for f in charter.feeds}
        groups: dict[tuple[str, str], list[Quarantined]] = {}
        for entry in self._peers.quarantined(source):
            groups.setdefault((entry.source, entry.collection), []).append(entry)
        added = refused = 0
        for (peer, collection_id), entries in groups.items():
            collection = find_collection(charter.collections, collection_id)
            feed = feeds.get(peer)
            signatures: dict[str, Any] = {}
            items: list[_Item] = []
            for entry in entries:
                origin = orjson.loads(entry.origin) if entry.origin is not None else {}
                signatures.update(origin.get("signatures") or {})
                items.append(_Item(orjson.loads(entry.body), origin.get("provenance"), entry.id))
            received = self._admit_rounds(peer, collection, items, signatures, feed, None)
            added, refused = added + received.added, refused + received.refused
        return Received(added, refused)

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
        """Keep a peer's audit entries, signed with the key the charter pins for it."""
        hub = self._coalition.charter.hub(peer)
        if hub is None or hub.public_key is None:
            raise InvalidRequest(
                f"hub {peer!r} has no public_key in the charter: its audit entries cannot be "
                "checked (pin it with the line `allyhub hub key` prints at that hub)"
            )
        if public_key != hub.public_key:
            raise InvalidRequest(
                f"hub {peer!r} signs its audit trail with another key than the charter pins"
            )
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
        pull cursor moves (our own pull still reads everything, and finds duplicates).
        What is refused is counted on that peer's cursor for the collection, as for a
        pull, so the operator sees it in `sync status` and GET /api/sync."""
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
        peer = principal.peer

        def count_refusals(writer: UnitOfWork, result: _PageResult, _now: int) -> None:
            if result.refusals:
                last = _last_refusal(result.refusals)
                writer.count_refused(peer, collection.id, len(result.refusals), last)

        return self._store_page(peer, collection, page["objects"], page, None, count_refusals)

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


@dataclass(frozen=True, slots=True)
class _Item:
    """One version offered by a peer or feed: the object, the peer's provenance record
    for it (None from a feed), and its quarantine entry when a retry offers it again."""

    obj: Any
    origin: Any
    quarantined: int | None = None


def _held(
    source: str,
    collection: str,
    verdict: Verdict,
    item: _Item,
    signatures: Mapping[str, Any],
    now: int,
) -> Quarantined:
    """The quarantine entry of a refused version: enough to offer it again as it came
    (a peer's record keeps the signature of its seal, to be checked again)."""
    origin = None
    if isinstance(item.origin, Mapping):
        seal = item.origin.get("seal")
        root = seal[0] if isinstance(seal, list) and seal and isinstance(seal[0], str) else None
        signed = {root: signatures[root]} if root is not None and root in signatures else {}
        origin = orjson.dumps({"provenance": item.origin, "signatures": signed})
    return Quarantined(
        source,
        collection,
        verdict.id[:320],
        verdict.version[:64],
        verdict.message[:2000] or "refused",
        orjson.dumps(item.obj),
        origin,
        now,
    )


@dataclass(frozen=True, slots=True)
class _PageResult:
    """What one page brought in all its rounds."""

    added: int
    lags: list[int]
    refusals: list[Verdict]


def _last_refusal(refusals: Sequence[Verdict]) -> str | None:
    if not refusals:
        return None
    last = refusals[-1]
    return f"{last.id}: {last.message}"[:1000]
