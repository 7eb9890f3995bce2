"""The database schema as SQLAlchemy Core tables. Migrations (migrations/) create it.

Versions are rows that are only ever added: `objects` holds one row per STIX object
version per collection, keyed by the hub's strictly increasing `date_added` (microseconds),
which is also the TAXII sort order and the paging cursor. Visibility is materialized at
share time into `tlp`, `audience` and `excluded` so that the policy's filter is a plain
where-clause over indexed columns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()

# An integer key that is the table's rowid on SQLite (only `INTEGER PRIMARY KEY` is: a
# `BIGINT` key would be a second b-tree beside the table) and a BIGINT on PostgreSQL.
_ROWID = BigInteger().with_variant(Integer(), "sqlite")

# One row (id = 1): the last date_added handed out. Writers lock it, so date_added is
# strictly increasing across every process that shares the database, and commit order
# equals date_added order (a reader paging by date_added never misses a row).
hub_clock = Table(
    "hub_clock",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_added", BigInteger, nullable=False),
)

objects = Table(
    "objects",
    metadata,
    Column(
        "date_added",
        _ROWID,
        primary_key=True,
        autoincrement=False,
    ),
    Column("collection", String(64), nullable=False),
    Column("stix_id", String(300), nullable=False),
    Column("type", String(250), nullable=False),
    # `modified` (or `created`) in microseconds; 0 for objects with neither (SCOs).
    Column("version", BigInteger, nullable=False),
    Column("spec_version", String(8), nullable=False),
    # Provenance: the member that shared this version, and where and when it first landed.
    Column("shared_by", String(64), nullable=False),
    Column("origin_hub", String(64), nullable=False),
    Column("origin_added", BigInteger, nullable=False),
    # Visibility, fixed at share time: TLP level (0 clear .. 4 red), the member set the
    # object is released to (NULL: decided by tier), the member set its originator denied.
    Column("tlp", SmallInteger, nullable=False),
    Column("audience", Integer, nullable=True),
    Column("excluded", Integer, nullable=True),
    Column("deleted", Boolean, nullable=False, default=False),
    # Hints for the version picks: false means no newer (older) version of this object is
    # stored in this collection at all, so 'last' ('first') needs no per-row lookup.
    Column("has_newer", Boolean, nullable=False, default=False),
    Column("has_older", Boolean, nullable=False, default=False),
    # Each member's versions of an id form its own line. True when another member has a
    # line of this id here too (an observable has one id for one value; an id may also
    # be claimed where its first user is hidden): reads then serve only the line that
    # started first among those the reader may see, so a later line never passes for a
    # newer version of an earlier one. A line starts, for a reader, at the origin time of
    # its first version that reader may see (store/objects.py `_version_clause`);
    # `line_start`, the origin time of its first version of all, is kept for operators.
    Column("other_lines", Boolean, nullable=False, default=False),
    Column("line_start", BigInteger, nullable=False),
    Column("body", LargeBinary, nullable=False),
    # TAXII's date_added: the time of the commit that stored the version, the same for
    # every version of one commit, so gaps between served dates count nothing hidden.
    # `date_added` above is the hub's row order and is never served as a number.
    Column("committed", BigInteger, nullable=False),
    # Provenance the origin hub signed: the seal (a Merkle root and its signature), this
    # version's leaf index in it, and its audit path when the seal came from a peer (for
    # seals made here the path is computed from the seal's stored leaves).
    Column("seal", Integer, nullable=True),
    Column("seal_index", Integer, nullable=True),
    Column("proof", LargeBinary, nullable=True),
)
# One version per member who shared it: two members sharing the same observable (one
# deterministic id) each keep their own sharing with their own markings.
Index(
    "objects_identity",
    objects.c.stix_id,
    objects.c.version,
    objects.c.collection,
    objects.c.shared_by,
    unique=True,
)
Index("objects_by_collection", objects.c.collection, objects.c.date_added)
Index("objects_by_type", objects.c.collection, objects.c.type, objects.c.date_added)

# Seals: one per group of versions with the same labels in one commit. `signature` is
# the origin hub's Ed25519 signature of (coalition, hub, size, root); `leaves` are kept
# by the hub that made the seal, to hand each version its audit path when it is served.
seals = Table(
    "seals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hub", String(64), nullable=False),
    Column("root", LargeBinary(32), nullable=False, unique=True),
    Column("size", Integer, nullable=False),
    Column("signature", LargeBinary(64), nullable=False),
    Column("leaves", LargeBinary, nullable=True),
)

# Sets of members, shared by every version released to (or denying) the same members.
member_sets = Table(
    "member_sets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("members", Text, nullable=False, unique=True),  # sorted ids joined by ','
)
member_set_members = Table(
    "member_set_members",
    metadata,
    Column("member", String(64), primary_key=True),
    Column("set_id", Integer, primary_key=True, autoincrement=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("principal", String(128), nullable=False),
    Column("member", String(64), nullable=False),
    Column("role", String(16), nullable=False),
    Column("digest", LargeBinary(32), nullable=False, unique=True),
    Column("created", BigInteger, nullable=False),
    Column("expires", BigInteger, nullable=True),
    Column("revoked", BigInteger, nullable=True),
)
Index("api_keys_principal", api_keys.c.principal)

statuses = Table(
    "statuses",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("principal", String(128), nullable=False),
    Column("member", String(64), nullable=False),
    Column("collection", String(64), nullable=False),
    Column("requested", BigInteger, nullable=False),
    Column("total", Integer, nullable=False),
    Column("success", Integer, nullable=False),
    Column("failure", Integer, nullable=False),
    Column("pending", Integer, nullable=False),
    Column("details", LargeBinary, nullable=False),  # JSON: successes, failures, pendings
)


# The audit trail: a hash chain signed by the hub's Ed25519 key (service/audit.py).
def _entry_columns() -> list[Column[Any]]:
    """An audit entry's fields after its sequence number: the same in this hub's trail
    and in the entries kept from peers (new Column objects for each table)."""
    return [
        Column("at", BigInteger, nullable=False),
        Column("principal", String(128), nullable=False),
        Column("member", String(64), nullable=False),
        Column("act", String(32), nullable=False),
        Column("about", String(64), nullable=False),
        Column("subject", String(300), nullable=False),
        Column("detail", LargeBinary, nullable=False),
        Column("prev", LargeBinary(32), nullable=False),
        Column("hash", LargeBinary(32), nullable=False),
        Column("signature", LargeBinary(64), nullable=False),
    ]


audit = Table(
    "audit",
    metadata,
    Column("seq", _ROWID, primary_key=True, autoincrement=False),
    *_entry_columns(),
)
Index("audit_member", audit.c.member, audit.c.seq)
Index("audit_about", audit.c.about, audit.c.seq)
Index("audit_principal", audit.c.principal, audit.c.act, audit.c.seq)  # a console's last login

# Entries of peer hubs' audit trails about members this hub hosts, as each peer signed
# them (verified on arrival with the key pinned in peer_audit_keys at the first pull).
peer_audit = Table(
    "peer_audit",
    metadata,
    Column("hub", String(64), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    *_entry_columns(),
)
Index("peer_audit_member", peer_audit.c.member, peer_audit.c.at)
Index("peer_audit_about", peer_audit.c.about, peer_audit.c.at)
peer_audit_keys = Table(
    "peer_audit_keys",
    metadata,
    Column("hub", String(64), primary_key=True),
    Column("public_key", LargeBinary(32), nullable=False),
)

# Federation: where each pull from a peer (or foreign feed) stands, per collection. The
# cursor moves in the same transaction as the versions it brought, so a crash never
# skips or loses a page.
peer_cursors = Table(
    "peer_cursors",
    metadata,
    Column("peer", String(64), primary_key=True),
    Column("collection", String(64), primary_key=True),
    Column("added_after", String(40), nullable=True),  # the peer's date_added, as it wrote it
    Column("next_token", Text, nullable=True),  # the peer's `next`, while a session pages
    Column("view", String(64), nullable=False, default=""),  # fingerprint of what we may see
    Column("pulled", BigInteger, nullable=False, default=0),
    Column("last_pull", BigInteger, nullable=True),
    Column("caught_up", BigInteger, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("error_at", BigInteger, nullable=True),
    Column("lag", BigInteger, nullable=True),  # µs from origin share to arrival, last page
    # Versions the peer sent that this hub refused (bad seal, not the origin's member,
    # misplaced, invalid), and why the last one was: shown by `sync status` and the API.
    Column("refused", BigInteger, nullable=False, default=0, server_default="0"),
    Column("last_refusal", Text, nullable=True),
    # What the source offers: `all` versions, or only the `last` (OpenCTI's TAXII server
    # answers 400 to match[version]=all); learnt on the first refusal (migration 0010).
    Column("versions", String(8), nullable=False, default="all", server_default="all"),
)
# What a peer or feed sent and this hub refused, with the reason, until `allyhub sync
# retry` admits it (after an upgrade, a charter change): nothing refused is lost or
# silent, and the pull cursor still moves on (migration 0010). `origin` is a peer's
# provenance record with the signature of its seal, to be checked again on retry.
quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(64), nullable=False),
    Column("collection", String(64), nullable=False),
    Column("stix_id", String(320), nullable=False),
    Column("version", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("origin", LargeBinary, nullable=True),
    Column("received", BigInteger, nullable=False),
    Column("tries", Integer, nullable=False, default=1, server_default="1"),
    Index("quarantine_entry", "source", "collection", "stix_id", "version", unique=True),
)
# What a MISP feed's pull has taken (a charter feed of kind `misp`): per event, the hash
# of its manifest entry as last taken. An event whose entry changed (MISP moves its
# timestamp on every edit) is fetched and imported again; what it holds anew arrives as
# new versions, the rest as duplicates (migration 0011).
misp_feed_events = Table(
    "misp_feed_events",
    metadata,
    Column("source", String(64), primary_key=True),
    Column("collection", String(64), primary_key=True),
    Column("event", String(64), primary_key=True),  # the event's UUID
    Column("digest", String(64), nullable=False),  # sha256 of its manifest entry (or file)
    Column("taken", BigInteger, nullable=False),
)
# What this hub pushed to each peer hub (`allyhub sync push`): our own date_added of the
# last version the peer acknowledged, moved only after the peer has stored the page.
push_cursors = Table(
    "push_cursors",
    metadata,
    Column("peer", String(64), primary_key=True),
    Column("collection", String(64), primary_key=True),
    Column("after", BigInteger, nullable=False, server_default="0"),
    Column("pushed", BigInteger, nullable=False, server_default="0"),
    Column("last_push", BigInteger, nullable=True),
)
peer_credentials = Table(
    "peer_credentials",
    metadata,
    Column("peer", String(64), primary_key=True),
    Column("principal", String(128), nullable=False),
    Column("secret", LargeBinary, nullable=False),  # the key, sealed with the hub secret
)
peer_served = Table(
    "peer_served",
    metadata,
    Column("peer", String(64), primary_key=True),
    Column("served", BigInteger, nullable=False, default=0),
    Column("last_served", BigInteger, nullable=True),
)

# Fusion: derived from the objects by the fusion worker (service/fusion.py), which moves
# `fusion_state.cursor` (a date_added) in the same transaction as what it derived. Every
# row is derived from one stored version (one `objects` row, by its date_added) and never
# changes after, so a reader's entities, links, correlations and search results can be
# made from the versions it may see and nothing else (migration 0009).
fusion_state = Table(
    "fusion_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("cursor", BigInteger, nullable=False),
)
# The charter's [[aliases]] entries (a digest of each) whose reports the worker has
# linked (service/fusion.py `relink_listed`; migration 0013).
fusion_aliases = Table(
    "fusion_aliases",
    metadata,
    Column("digest", String(64), primary_key=True),
)
# A version that names an entity, and its name entry: "<stix_id>@<digest of kind, country
# and names>", so the versions of an object that carry the same names share one entry
# (filed once in the name index, linked once).
fusion_entries = Table(
    "fusion_entries",
    metadata,
    Column("date_added", _ROWID, primary_key=True, autoincrement=False),
    Column("entry", String(320), nullable=False),
)
Index("fusion_entries_entry", fusion_entries.c.entry)
fusion_names = Table(
    "fusion_names",
    metadata,
    Column("entry", String(320), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("kind", String(32), nullable=False),
    sqlite_with_rowid=False,  # stored in its primary key (migration 0014)
)
fusion_links = Table(
    "fusion_links",
    metadata,
    Column("a", String(320), primary_key=True),  # entries, a < b
    Column("b", String(320), primary_key=True),
    Column("score", Float, nullable=False),
    Column("band", String(8), nullable=False),
    Column("why", Text, nullable=False),
    sqlite_with_rowid=False,  # stored in its primary key (migration 0014)
)
Index("fusion_links_b", fusion_links.c.b)
fusion_values = Table(
    "fusion_values",
    metadata,
    Column("date_added", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(40), primary_key=True),
    Column("value", Text, primary_key=True),
    Column("lo", String(32), nullable=False, default=""),
    Column("hi", String(32), nullable=False, default=""),
    sqlite_with_rowid=False,  # stored in its primary key (migration 0014)
)
Index("fusion_values_value", fusion_values.c.kind, fusion_values.c.value)
# Only IP networks have a range: the others are left out (migration 0014), so a range
# query must say `lo != ''` (`HAS_RANGE`) for the database to use this index.
HAS_RANGE = fusion_values.c.lo != ""
Index(
    "fusion_values_range",
    fusion_values.c.kind,
    fusion_values.c.lo,
    sqlite_where=HAS_RANGE,
    postgresql_where=HAS_RANGE,
)
fusion_places = Table(
    "fusion_places",
    metadata,
    Column("date_added", _ROWID, primary_key=True, autoincrement=False),
    Column("latitude", Float, nullable=False),
    Column("longitude", Float, nullable=False),
)
Index("fusion_places_latitude", fusion_places.c.latitude)
# What each version is about (object_refs, source_ref, target_ref, sighting_of_ref, ...),
# one row per referenced id, so the console finds the responses to an object by index.
object_refs = Table(
    "object_refs",
    metadata,
    Column("ref", String(300), primary_key=True),
    Column("date_added", BigInteger, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,  # stored in its primary key (migration 0014)
)
# Each version's names (name, aliases, an observable's value), case-folded, one a line:
# a narrow table for the console's name search, so it never reads the bodies.
object_names = Table(
    "object_names",
    metadata,
    Column(
        "date_added",
        _ROWID,
        primary_key=True,
        autoincrement=False,
    ),
    Column("names", Text, nullable=False),
)


# Each version's searchable words (names, description, pattern, ...), case-folded, one
# property a line: what the search (service/search.py) matches words in, without reading
# the bodies. Written with the version, like object_names (migration 0011).
object_text = Table(
    "object_text",
    metadata,
    Column(
        "date_added",
        _ROWID,
        primary_key=True,
        autoincrement=False,
    ),
    Column("text", Text, nullable=False),
)
