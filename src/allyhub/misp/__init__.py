"""MISP in and out, with misp-stix doing every conversion (no hand-written mapping).

- `read_events`: MISP events as MISP exports them (`{"Event": {...}}`, a list of those,
  or `{"response": [...]}`) and as PyMISP writes them (the event dict alone).
- `events_to_stix`: MISP's inheritance applied first (attributes and objects without a
  TLP tag take the event's; sharing groups become release lists through the charter's
  table of MISP organisation UUIDs), then misp-stix's MISP → STIX 2.1 parser, then the
  STIX it made marked as MISP meant (its SCOs and relationships take the marking of what
  they belong to; the event's container is marked as narrowly as what it holds).
- `stix_to_events`: STIX 2.1 → MISP events with misp-stix (its internal parser for what
  misp-stix made, the external one for the rest).
- `feed_files`: MISP's feed format from events, as PyMISP's feed generator writes it
  (`manifest.json`, `hashes.csv`, `<uuid>.json`).
"""

from allyhub.misp._convert import events_to_stix, read_events, stix_to_events
from allyhub.misp._feed import Feed, feed_files, manifest_entry

__all__ = [
    "Feed",
    "events_to_stix",
    "feed_files",
    "manifest_entry",
    "read_events",
    "stix_to_events",
]
