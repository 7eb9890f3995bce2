"""The sync loop: one thread per peer hub and feed, with retries, backoff and jitter.

A slow or dead peer only delays its own thread. Errors are recorded on the peer's
cursors (shown by `allyhub sync status`) and retried with exponential backoff up to a
ceiling, with jitter so that hubs restarting together do not retry in step.
"""

from __future__ import annotations

import base64
import logging
import random
import threading
from dataclasses import dataclass

from allyhub.charter import Charter, Feed
from allyhub.client import ApiClient, TaxiiClient
from allyhub.errors import AllyhubError
from allyhub.federation.misp import pull_misp_feed
from allyhub.federation.pull import Pulled, pull_peer
from allyhub.service.audit import from_wire
from allyhub.service.replication import ReplicationService

log = logging.getLogger("allyhub.federation")


@dataclass(frozen=True, slots=True)
class Source:
    """Where to pull from: a peer hub (feed is None) or a foreign feed."""

    id: str
    url: str
    feed: Feed | None = None


def sources(charter: Charter, hub_id: str) -> list[Source]:
    """The peers and feeds the charter tells this hub to pull."""
    hub = charter.hub(hub_id)
    assert hub is not None
    found = [Source(peer, charter.hub(peer).url) for peer in hub.peers]  # type: ignore[union-attr]
    found += [Source(feed.id, feed.url, feed) for feed in charter.feeds if hub_id in feed.hubs]
    return found


def sync_once(replication: ReplicationService, source: Source, timeout: float = 60.0) -> int:
    """Pull one source until caught up; returns the number of versions added."""
    return pull_source(replication, source, timeout).added


def pull_source(replication: ReplicationService, source: Source, timeout: float = 60.0) -> Pulled:
    """Pull one source until caught up: versions added, refused (quarantined), pages."""
    credentials = replication.credentials(source.id)
    if source.feed is not None and source.feed.kind == "misp":  # credentials if it needs any
        return pull_misp_feed(replication, source.feed, credentials, timeout)
    if credentials is None:
        raise AllyhubError(
            f"no credentials for {source.id}: run `allyhub peer credentials {source.id} --key KEY`"
        )
    user, key = credentials
    limits = replication.limits
    # A feed's own discovery URL when the charter names one; else <source url>/taxii2/.
    discovery = (source.feed.discovery or None) if source.feed is not None else None
    with TaxiiClient(
        source.url, user=user, key=key, timeout=timeout, limits=limits, discovery=discovery
    ) as client:
        pulled = pull_peer(client, replication, source.id, source.feed)
    if source.feed is None:  # a peer hub: also the audit entries its members may read
        with ApiClient(source.url, user=user, key=key, timeout=timeout) as api:
            pull_audit(api, replication, source.id)
    return pulled


def pull_audit(api: ApiClient, replication: ReplicationService, peer: str) -> int:
    """Pull a peer hub's audit entries about the members this hub hosts, from the
    highest sequence number held, checking each entry's hash and signature on arrival."""
    received = 0
    while True:
        after = replication.audit_cursor(peer)
        page = api.call("GET", f"/replication/audit?after={after}")
        entries = [from_wire(e) for e in page.get("entries", [])]
        if not entries:
            return received
        public_key = base64.b64decode(str(page.get("public_key", "")))
        received += replication.receive_audit(peer, public_key, entries)


class PeerWorker(threading.Thread):
    """Keeps one source in step until told to stop."""

    def __init__(
        self,
        replication: ReplicationService,
        source: Source,
        stop: threading.Event,
        interval: float,
        max_backoff: float = 30.0,
    ) -> None:
        super().__init__(name=f"sync-{source.id}", daemon=True)
        self.replication = replication
        self.source = source
        self.stop = stop
        self.interval = interval
        self.max_backoff = max_backoff

    def run(self) -> None:
        failures = 0
        while not self.stop.is_set():
            try:
                added = sync_once(self.replication, self.source)
                if added:
                    log.info("pulled %d versions from %s", added, self.source.id)
                failures = 0
                delay = self.interval
            except Exception as exc:  # a peer's failure must never end the loop
                failures += 1
                delay = min(self.max_backoff, self.interval * 2**failures)
                delay *= random.uniform(0.5, 1.0)
                # a peer still starting is normal; say it loudly only when it lasts
                level = logging.WARNING if failures >= 3 else logging.INFO
                log.log(
                    level, "sync with %s failed (retry in %.1fs): %s", self.source.id, delay, exc
                )
            self.stop.wait(delay)


def start_sync(
    replication: ReplicationService, charter: Charter, hub_id: str, interval: float
) -> threading.Event:
    """Start a worker per source; set the returned event to stop them all."""
    stop = threading.Event()
    for source in sources(charter, hub_id):
        PeerWorker(replication, source, stop, interval).start()
    return stop
