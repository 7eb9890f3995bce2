"""Push to a peer hub (`allyhub sync push`): what the peer would pull, sent to it now.

Pulling is how hubs converge; pushing only shortens the wait, e.g. before a partition
or after a burst of shares. The pages are read through the ordinary read path as the
peer hub's principal, so the export filter is the same as for a pull, and the peer stores
them through the same checks. The push cursor moves only after the peer has stored a
page; a page sent twice is a no-op there.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from allyhub.client import ApiClient
from allyhub.errors import AllyhubError
from allyhub.records import VersionMatch, VersionPick
from allyhub.service import Filters, ReadingService, ReplicationService

PAGE = 1000
_ALL_VERSIONS = VersionMatch(frozenset({VersionPick.ALL}))


@dataclass(frozen=True, slots=True)
class Pushed:
    sent: int  # versions sent
    added: int  # versions the peer did not hold yet
    refused: int


def push_peer(
    reading: ReadingService,
    replication: ReplicationService,
    peer: str,
    url: str,
    timeout: float = 60.0,
) -> Pushed:
    """Push every replicated collection to one peer hub, from the push cursor to the end."""
    principal = replication.peer_principal(peer)
    credentials = replication.credentials(peer)
    if credentials is None:
        raise AllyhubError(
            f"no credentials for {peer}: run `allyhub peer credentials {peer} --key KEY`"
        )
    user, key = credentials
    sent = added = refused = 0
    with ApiClient(url, user=user, key=key, timeout=timeout) as client:
        for collection in replication.pulled_collections():
            while True:
                cursor = replication.push_cursor(peer, collection.id)
                filters = Filters(added_after=cursor.after, limit=PAGE, versions=_ALL_VERSIONS)
                page = reading.objects(principal, collection.id, filters)
                if not page.rows:
                    break
                objects = [orjson.loads(row.body or b"{}") for row in page.rows]
                body = {"objects": objects, **page.extensions}
                answer = client.call("POST", f"/replication/{collection.id}", body)
                replication.pushed(peer, collection.id, page.rows[-1].date_added, len(page.rows))
                sent += len(page.rows)
                added += int(answer.get("added", 0))
                refused += int(answer.get("refused", 0))
                if not page.more:
                    break
    return Pushed(sent, added, refused)
