"""MISP's feed format, as PyMISP's feed generator (tools/feed-generator) writes it and
MISP's own feed fetcher reads it: `manifest.json` (event UUID → the event's summary),
`hashes.csv` (one `md5,event uuid` line per attribute value) and one `<uuid>.json` per
event (`{"Event": {...}}`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Feed:
    """A whole feed: what MISP fetches, file by file."""

    manifest: dict[str, Any]
    hashes: list[tuple[str, str]]  # (md5 of a value, event uuid)
    events: dict[str, dict[str, Any]]  # event uuid -> {"Event": {...}}

    def hashes_csv(self) -> str:
        return "".join(f"{digest},{event}\n" for digest, event in self.hashes)


def feed_files(events: Sequence[Any]) -> Feed:
    """The feed of PyMISP MISPEvents (each needs `info` and `Orgc`), every distribution
    kept: the feed is one principal's view already."""
    manifest: dict[str, Any] = {}
    hashes: list[tuple[str, str]] = []
    files: dict[str, dict[str, Any]] = {}
    for event in events:
        feed = event.to_feed(valid_distributions=[0, 1, 2, 3, 4, 5], with_meta=True)
        body = feed["Event"]
        uuid = str(body["uuid"])
        hashes += [(digest, uuid) for digest in body.pop("_hashes", [])]
        manifest.update(body.pop("_manifest", {}))
        files[uuid] = feed
    return Feed(manifest, hashes, files)


def manifest_entry(manifest: dict[str, Any], uuid: str) -> dict[str, Any] | None:
    """One event's line of a manifest, if the feed lists it."""
    entry = manifest.get(uuid)
    return entry if isinstance(entry, dict) else None
