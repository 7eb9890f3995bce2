"""MISP's feed format, as PyMISP's feed generator (tools/feed-generator) writes it and
MISP's own feed fetcher reads it: `manifest.json` (event UUID → the event's summary),
`hashes.csv` (one `md5,event uuid` line per attribute value) and one `<uuid>.json` per
event (`{"Event": {...}}`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson


@dataclass(frozen=True, slots=True)
class Feed:
    """A whole feed: what MISP fetches, file by file."""

    manifest: dict[str, Any]
    hashes: list[tuple[str, str]]  # (md5 of a value, event uuid)
    events: dict[str, dict[str, Any]]  # event uuid -> {"Event": {...}}

    def hashes_csv(self) -> str:
        return "".join(f"{digest},{event}\n" for digest, event in self.hashes)

    def only(self, uuids: Sequence[str]) -> Feed:
        """The same feed with only these events (manifest, hashes and files alike)."""
        kept = {u.lower() for u in uuids}
        return Feed(
            {u: e for u, e in self.manifest.items() if u.lower() in kept},
            [(d, u) for d, u in self.hashes if u.lower() in kept],
            {u: e for u, e in self.events.items() if u.lower() in kept},
        )

    def write(self, directory: Path) -> list[Path]:
        """Write the feed's files into a directory (made if need be), as MISP reads a
        local feed: `manifest.json`, `hashes.csv`, `<uuid>.json`."""
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for uuid, event in self.events.items():
            path = directory / f"{uuid}.json"
            path.write_bytes(orjson.dumps(event, option=orjson.OPT_INDENT_2))
            written.append(path)
        (directory / "hashes.csv").write_text(self.hashes_csv())
        (directory / "manifest.json").write_bytes(
            orjson.dumps(self.manifest, option=orjson.OPT_INDENT_2)
        )
        return [*written, directory / "hashes.csv", directory / "manifest.json"]


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
