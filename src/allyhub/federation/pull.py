"""Pull one peer hub (or foreign feed) until caught up, one collection at a time."""

from __future__ import annotations

from dataclasses import dataclass

from allyhub.charter import Collection, Feed
from allyhub.client import TaxiiClient
from allyhub.errors import InvalidRequest
from allyhub.service.replication import ReplicationService

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
    (versions already held are duplicates).
    """
    added = refused = pages = 0
    while True:
        cursor = replication.cursor(peer, collection.id)
        try:
            page = client.page(
                url, added_after=cursor.added_after, next_token=cursor.next_token,
                limit=PAGE, all_versions=True,
            )  # fmt: skip
        except InvalidRequest:
            if not cursor.next_token:
                raise
            replication.forget_next(peer, collection.id)  # an expired `next`: resume by date
            continue
        pages += 1
        view = str(page.extensions.get("x_allyhub_view", ""))
        if replication.restart_if_view_changed(peer, collection.id, view):
            continue
        token = page.next if page.more else None
        received = replication.receive(
            peer, collection.id, page.objects, page.extensions,
            last_added=page.last_added, next_token=token, caught_up=not page.more, feed=feed,
        )  # fmt: skip
        added, refused = added + received.added, refused + received.refused
        if not page.more or not (token or page.last_added):
            return Pulled(added, refused, pages)


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
