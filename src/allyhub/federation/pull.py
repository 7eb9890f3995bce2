"""Pull one peer hub (or foreign feed) until caught up, one collection at a time."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

from allyhub.charter import Collection, Feed
from allyhub.client import ObjectsPage, TaxiiClient
from allyhub.errors import InvalidRequest
from allyhub.service import ReplicationService

PAGE = 1000


@dataclass(frozen=True, slots=True)
class Pulled:
    added: int
    refused: int
    pages: int


def pull_collection(
    client: TaxiiClient,
    replication: ReplicationService,
    peer: str,
    collection: Collection,
    url: str,
    feed: Feed | None = None,
) -> Pulled:
    """Follow the durable cursor from where it stands to the end of the peer's pages.

    The cursor is the peer's own date_added of the last version received, so nothing is
    missed (the peer assigns date_added in commit order) and a repeated page is harmless
    (versions already held are duplicates). The next page is fetched while this one is
    stored; it is used only if the cursor then asks for exactly it.

    Foreign servers differ, and each difference is met here: one that refuses
    `match[version]=all` (OpenCTI's answers 400) is asked `last` from then on, and the
    cursor says so (`sync status`); `next` is followed whatever its form; pages are asked
    no larger than the server gives (OpenCTI caps them at 500); and a server whose
    X-TAXII-Date-Added-Last is not a date is resumed from its last `next` instead.
    """
    added = refused = pages = 0
    limit = PAGE
    ahead: tuple[_Ask, Future[ObjectsPage]] | None = None
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"prefetch-{peer}") as prefetch:
        while True:
            cursor = replication.cursor(peer, collection.id)
            wanted = _Ask(cursor.added_after, cursor.next_token, cursor.versions, limit)
            try:
                if ahead is not None and ahead[0] == wanted:
                    page = ahead[1].result()  # fetched while the last page was being stored
                else:
                    page = _fetch(client, url, wanted)
            except InvalidRequest:
                ahead = None
                if cursor.next_token:
                    replication.forget_next(peer, collection.id)  # an expired `next`: by date
                    continue
                if cursor.versions != "all":
                    raise
                page = _fetch(client, url, replace(wanted, versions="last"))  # or raise
                replication.offers_last_only(peer, collection.id)
            pages += 1
            view = str(page.extensions.get("x_allyhub_view", ""))
            if replication.restart_if_view_changed(peer, collection.id, view):
                ahead = None
                continue
            if page.more and 0 < len(page.objects) < limit:
                limit = len(page.objects)  # the server's page size is smaller than ours
            token = page.next if page.more else None
            if not page.more and page.last_added is None and page.next:
                token = page.next  # resume after the last object: the date is unusable
            following = _Ask(
                cursor.added_after if token else page.last_added or cursor.added_after,
                token,
                replication.cursor(peer, collection.id).versions,
                limit,
            )
            ahead = (
                (following, prefetch.submit(_fetch, client, url, following)) if page.more else None
            )
            received = replication.receive(
                peer,
                collection.id,
                page.objects,
                page.extensions,
                last_added=page.last_added,
                next_token=token,
                caught_up=not page.more,
                feed=feed,
            )
            added, refused = added + received.added, refused + received.refused
            if not page.more or not (token or page.last_added):
                return Pulled(added, refused, pages)


@dataclass(frozen=True, slots=True)
class _Ask:
    """One page request: where from, and what the server is asked for."""

    added_after: str | None
    next_token: str | None
    versions: str
    limit: int


def _fetch(client: TaxiiClient, url: str, ask: _Ask) -> ObjectsPage:
    return client.page(
        url,
        added_after=ask.added_after,
        next_token=ask.next_token,
        limit=ask.limit,
        versions=ask.versions,
    )


def pull_peer(
    client: TaxiiClient, replication: ReplicationService, peer: str, feed: Feed | None = None
) -> Pulled:
    """Pull every collection we replicate from a peer hub, or the one a feed fills."""
    root = client.api_root()
    total = Pulled(0, 0, 0)
    collections: list[tuple[Collection, str]] = []
    for collection in replication.pulled_collections():
        if feed is None:
            collections.append((collection, f"{root}collections/{collection.id}/"))
        elif collection.alias == feed.collection:
            collections.append((collection, client.collection_url(root, feed.remote_collection)))
    for collection, url in collections:
        try:
            pulled = pull_collection(client, replication, peer, collection, url, feed)
        except Exception as exc:
            replication.record_error(peer, collection.id, f"{exc.__class__.__name__}: {exc}")
            raise
        total = Pulled(
            total.added + pulled.added, total.refused + pulled.refused, total.pages + pulled.pages
        )
    return total
