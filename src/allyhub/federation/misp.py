"""Pull a MISP feed (a charter feed of kind `misp`) into a collection, like a TAXII feed.

A MISP feed is what MISP's own feed generator (and allyhub's `/api/misp/.../feed`,
`allyhub export misp`) writes: `manifest.json` (event UUID -> the event's summary, with
its `timestamp`), `hashes.csv` and one `<uuid>.json` per event. It is read from a URL or
a local directory. Its cursor is per event: the digest of the event's manifest entry as
last taken (store: `misp_feed_events`). MISP moves an event's timestamp on every edit,
so an event whose entry changed is fetched and imported again: what it holds anew
(misp-stix dates each object by its attribute's timestamp) arrives as new versions, the
rest as duplicates. Each event is converted as a member's import is (misp/: inheritance,
sharing groups as release lists) and stored through the feed's admission, one event a
page; what is refused is quarantined with its reason and counted on the cursor, as for
a TAXII feed. An event file that cannot be read or converted stays untaken, is counted
as refused and named in `sync status`, and is offered again by every pull.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self
from urllib.parse import unquote, urlparse

import httpx
import orjson

from allyhub.charter import Feed
from allyhub.client import tls_context
from allyhub.errors import (
    AllyhubError,
    InvalidRequest,
    NotAuthenticated,
    NotFound,
    PeerUnavailable,
)
from allyhub.federation.pull import Pulled
from allyhub.limits import JsonLimits, parse_json
from allyhub.misp import read_events
from allyhub.service import ReplicationService
from allyhub.timestamps import format_timestamp

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class MispFeedFiles:
    """The files of one MISP feed, from a URL (with the feed's credentials, if any) or a
    local directory (a path or a file: URL)."""

    def __init__(
        self,
        url: str,
        credentials: tuple[str | None, str] | None,
        limits: JsonLimits,
        timeout: float = 60.0,
    ) -> None:
        self.url = url.rstrip("/")
        self.limits = limits
        self._http: httpx.Client | None = None
        self._dir: Path | None = None
        if self.url.startswith(("http://", "https://")):
            auth: httpx.Auth | None = None
            headers = {"Accept": "application/json", "User-Agent": "allyhub"}
            if credentials is not None:
                user, key = credentials
                if user:
                    auth = httpx.BasicAuth(user, key)
                else:
                    headers["Authorization"] = f"Bearer {key}"
            self._http = httpx.Client(
                auth=auth, headers=headers, timeout=timeout, verify=tls_context()
            )
        else:
            path = unquote(urlparse(self.url).path) if self.url.startswith("file:") else self.url
            self._dir = Path(path)
            if not self._dir.is_dir():
                raise NotFound(f"{self.url}: the MISP feed directory does not exist")

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, name: str) -> bytes | None:
        """One file of the feed, or None when the feed has no such file."""
        if self._dir is not None:
            path = self._dir / name
            if not path.is_file():
                return None
            if path.stat().st_size > self.limits.size:
                raise InvalidRequest(f"{path}: over {self.limits.size} bytes (max_content_length)")
            return path.read_bytes()
        assert self._http is not None
        url = f"{self.url}/{name}"
        try:
            response = self._http.get(url)
        except httpx.HTTPError as exc:
            raise PeerUnavailable(f"GET {url}: {exc.__class__.__name__}: {exc}") from exc
        if response.status_code == 404:
            return None
        if response.status_code in (401, 403):
            raise NotAuthenticated(f"GET {url}: HTTP {response.status_code}: {response.text[:300]}")
        if response.status_code >= 400:
            raise PeerUnavailable(f"GET {url}: HTTP {response.status_code}: {response.text[:300]}")
        if len(response.content) > self.limits.size:
            raise InvalidRequest(f"GET {url}: over {self.limits.size} bytes (max_content_length)")
        return response.content

    def manifest(self) -> dict[str, str]:
        """Event UUID -> the digest that names its current state: of its manifest entry,
        or, for a directory of event files without a manifest, of the file itself."""
        raw = self.read("manifest.json")
        if raw is None:
            if self._dir is None:
                raise NotFound(f"{self.url}/manifest.json: the feed has no manifest")
            found = {}
            for path in sorted(self._dir.glob("*.json")):
                found[path.stem.lower()] = hashlib.sha256(path.read_bytes()).hexdigest()
            return found
        manifest = parse_json(raw, self.limits, f"{self.url}/manifest.json")
        if not isinstance(manifest, Mapping):
            raise InvalidRequest(f"{self.url}/manifest.json: not a MISP manifest (an object)")
        entries = sorted(
            manifest.items(),
            key=lambda item: (_timestamp(item[1]), str(item[0])),
        )
        return {
            str(uuid).lower(): hashlib.sha256(
                orjson.dumps(entry, option=orjson.OPT_SORT_KEYS)
            ).hexdigest()
            for uuid, entry in entries
        }


def _timestamp(entry: Any) -> int:
    try:
        return int(entry.get("timestamp", 0)) if isinstance(entry, Mapping) else 0
    except (TypeError, ValueError):
        return 0


def pull_misp_feed(
    replication: ReplicationService,
    feed: Feed,
    credentials: tuple[str | None, str] | None,
    timeout: float = 60.0,
) -> Pulled:
    """Take every event of the feed that is new or changed since it was last taken. A feed
    that cannot be reached or read at all is an error on its cursor (`sync status`)."""
    collection = replication.feed_collection(feed)
    try:
        return _pull(replication, feed, collection.id, credentials, timeout)
    except AllyhubError as exc:
        replication.record_error(feed.id, collection.id, f"{exc.__class__.__name__}: {exc}")
        raise


def _pull(
    replication: ReplicationService,
    feed: Feed,
    collection: str,
    credentials: tuple[str | None, str] | None,
    timeout: float,
) -> Pulled:
    added = refused = pages = 0
    problems: list[str] = []
    with MispFeedFiles(feed.url, credentials, replication.limits, timeout) as files:
        manifest = files.manifest()
        taken = replication.misp_taken(feed.id, collection)
        wanted = [(uuid, digest) for uuid, digest in manifest.items() if taken.get(uuid) != digest]
        newest: str | None = None
        for uuid, digest in wanted:
            try:
                if not _UUID.fullmatch(uuid):  # a file name: never a path out of the feed
                    raise InvalidRequest("the manifest names an event that is not a UUID")
                raw = files.read(f"{uuid}.json")
                if raw is None:
                    raise NotFound(f"{uuid}.json: listed in the manifest but not in the feed")
                events = read_events(parse_json(raw, replication.limits, f"{uuid}.json"))
                objects = [o for one in replication.misp_to_stix(events, feed) for o in one]
                newest = _newest(events, newest)
            except (PeerUnavailable, NotAuthenticated):
                raise
            except Exception as exc:  # unreadable, or misp-stix could not convert it
                problems.append(f"{uuid[:80]}: {exc.__class__.__name__}: {exc}")
                continue
            received = replication.receive(
                feed.id,
                collection,
                objects,
                {},
                last_added=newest,
                next_token=None,
                caught_up=False,
                feed=feed,
            )
            replication.misp_took(feed.id, collection, uuid, digest)
            added, refused, pages = added + received.added, refused + received.refused, pages + 1
    # caught up: the pull's time on the cursor (and its error cleared), then what was not
    # taken, named
    replication.receive(
        feed.id, collection, [], {}, last_added=None, next_token=None, caught_up=True, feed=feed
    )
    replication.misp_unreadable(feed.id, collection, problems)
    return Pulled(added, refused + len(problems), pages)


def _newest(events: list[dict[str, Any]], newest: str | None) -> str | None:
    """The date of the newest event taken, shown as the cursor in `sync status`."""
    for event in events:
        try:
            stamp = format_timestamp(int(event.get("timestamp", 0)) * 1_000_000)
        except (TypeError, ValueError):
            continue
        if int(event.get("timestamp", 0) or 0) > 0 and (newest is None or stamp > newest):
            newest = stamp
    return newest
