"""MISP in and out for members: import events, and each principal's view as a MISP feed.

An import takes MISP events (allyhub/misp: inheritance written out, misp-stix converts)
and shares each event's STIX through the ordinary share path (service/sharing.py), so
every object gets its verdict, repairs are said, and the audit records the share. The
feed is what the principal may read of a collection, read through the ordinary read
path (service/reading.py) and converted back to MISP events by misp-stix, in MISP's
feed format; it is cached per reader and per state of the collection and governance.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import orjson

from allyhub.charter import derived_uuid
from allyhub.errors import NotFound
from allyhub.misp import Feed, events_to_stix, feed_files, read_events, stix_to_events
from allyhub.service.coalition import Coalition
from allyhub.service.ports import ObjectStore
from allyhub.service.principals import Principal
from allyhub.service.reading import Filters, ReadingService
from allyhub.service.sharing import SharingService, Status

_CACHED = 8


class MispService:
    def __init__(
        self,
        coalition: Coalition,
        store: ObjectStore,
        sharing: SharingService,
        reading: ReadingService,
    ) -> None:
        self._coalition = coalition
        self._store = store
        self._sharing = sharing
        self._reading = reading
        self._feeds: OrderedDict[tuple[Any, ...], Feed] = OrderedDict()
        self._lock = threading.Lock()

    def import_events(
        self, principal: Principal, collection: str, document: Any
    ) -> list[tuple[str, Status]]:
        """Share each MISP event of a document whole: (event uuid, its TAXII status)."""
        events = read_events(document)
        viewer = self._coalition.viewer(principal)
        state = self._coalition.state()
        author = state.identity_of(viewer.member) or ""
        organisations = {
            org: identity
            for org, member in self._coalition.charter.misp_organisations
            if (identity := state.identity_of(member))
        }
        default = self._coalition.charter.rules.default_marking
        converted = events_to_stix(events, organisations, author, default)
        done = []
        for event, objects in zip(events, converted, strict=True):
            body = orjson.dumps({"objects": objects})
            done.append(
                (str(event.get("uuid", "")), self._sharing.share(principal, collection, body))
            )
        return done

    def objects(self, principal: Principal, collection: str) -> list[dict[str, Any]]:
        """The newest version of every object the principal may read in a collection."""
        found: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            page = self._reading.objects(principal, collection, Filters(next=token))
            found += [orjson.loads(row.body or b"{}") for row in page.rows]
            if not page.more or page.next is None:
                return found
            token = page.next

    def feed(self, principal: Principal, collection: str) -> Feed:
        """The principal's view of a collection as a MISP feed."""
        viewer = self._coalition.viewer(principal)
        chosen = self._coalition.collection(viewer, collection)
        governance = self._coalition.governance_collection.id
        key = (
            principal.id,
            chosen.id,
            self._store.last_added(chosen.id),
            self._store.last_added(governance),
        )
        with self._lock:
            cached = self._feeds.get(key)
        if cached is not None:
            return cached
        charter = self._coalition.charter
        orgc = {"name": charter.name, "uuid": derived_uuid(charter.id, "misp-organisation")}
        made = feed_files(stix_to_events(self.objects(principal, chosen.id), orgc))
        with self._lock:
            self._feeds[key] = made
            while len(self._feeds) > _CACHED:
                self._feeds.popitem(last=False)
        return made

    def event(self, principal: Principal, collection: str, uuid: str) -> dict[str, Any]:
        """One event file of the principal's feed; NotFound as for an event never shared."""
        found = self.feed(principal, collection).events.get(uuid.lower())
        if found is None:
            raise NotFound(f"no event {uuid} in this feed")
        return found
