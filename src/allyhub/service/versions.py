"""A STIX object made into the version the store keeps, in one place.

Every writer (sharing, replication, governance, RFIs, fusion decisions, the hub's own
definitions) goes through `new_version`, so each stored version indexes what it is about
and its names the same way: the console's responses, fusion's claims and decisions, and
name search read those indexes, and a writer that forgot them would hide its objects.
"""

from __future__ import annotations

from typing import Any

import orjson

from allyhub.records import NewVersion, SealPlace
from allyhub.stix.index import references, search_names, search_text
from allyhub.stix.parse import object_version
from allyhub.timestamps import parse_timestamp


def version_key(obj: dict[str, Any]) -> int:
    """The version's time in microseconds (`modified`, else `created`), 0 when it has none."""
    text = object_version(obj)
    return parse_timestamp(text) if text else 0


def new_version(
    obj: dict[str, Any],
    *,
    collection: str,
    shared_by: str,
    tlp: int,
    origin_hub: str,
    audience: frozenset[str] | None = None,
    excluded: frozenset[str] | None = None,
    origin_added: int | None = None,
    version: int | None = None,
    refs: tuple[str, ...] | None = None,
    sealed: SealPlace | None = None,
) -> NewVersion:
    """The stored form of `obj`; `version` and `refs` when the caller already has them."""
    return NewVersion(
        collection=collection,
        stix_id=obj["id"],
        type=obj["type"],
        version=version_key(obj) if version is None else version,
        spec_version=obj.get("spec_version", "2.1"),
        shared_by=shared_by,
        tlp=tlp,
        audience=audience,
        excluded=excluded,
        body=orjson.dumps(obj),
        origin_hub=origin_hub,
        origin_added=origin_added,
        refs=references(obj) if refs is None else refs,
        names=search_names(obj),
        text=search_text(obj),
        sealed=sealed,
    )
