"""The charter as values: who the members are, which hubs exist, what the rules say.

Frozen dataclasses only. The charter file is loaded once at start-up (load.py) and the
result is passed down; standing that changes at run time (suspension, withdrawal, new
members) lives in the database as governance records, not here.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Literal


class Tier(enum.StrEnum):
    """A member's place in the coalition. Invitees come through governance, not the file."""

    FULL = "full"
    ASSOCIATE = "associate"
    OBSERVER = "observer"
    INVITEE = "invitee"


class Role(enum.StrEnum):
    """What a member's principal may do on its behalf."""

    ANALYST = "analyst"  # read and share
    LIAISON = "liaison"  # analyst, plus governance acts for the member
    READER = "reader"  # read only
    PEER = "peer"  # another hub of the coalition, replicating what its members may see


class Tlp(enum.IntEnum):
    """TLP 2.0 levels, ordered from most to least shareable."""

    CLEAR = 0
    GREEN = 1
    AMBER = 2
    AMBER_STRICT = 3
    RED = 4

    @property
    def label(self) -> str:
        return _TLP_LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> Tlp:
        for level, text in _TLP_LABELS.items():
            if text == label.strip().lower():
                return level
        raise ValueError(
            f"unknown TLP level {label!r}; use one of {', '.join(_TLP_LABELS.values())}"
        )


_TLP_LABELS = {
    Tlp.CLEAR: "clear",
    Tlp.GREEN: "green",
    Tlp.AMBER: "amber",
    Tlp.AMBER_STRICT: "amber+strict",
    Tlp.RED: "red",
}


class VoteRule(enum.StrEnum):
    UNANIMITY = "unanimity"
    MAJORITY = "majority"
    FRACTION = "fraction"


@dataclass(frozen=True, slots=True)
class Vote:
    """How many full members in good standing must say yes."""

    rule: VoteRule = VoteRule.UNANIMITY
    fraction: float = 1.0  # used when rule is FRACTION: e.g. 2/3

    def needed(self, voters: int) -> int:
        """Yes votes needed out of `voters` eligible full members."""
        if voters <= 0:
            return 0
        if self.rule is VoteRule.UNANIMITY:
            return voters
        if self.rule is VoteRule.MAJORITY:
            return voters // 2 + 1
        needed = self.fraction * voters
        whole = int(needed)
        return whole if whole == needed else whole + 1


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    name: str
    tier: Tier
    identity: str  # the member's STIX identity id, identity--<uuid>
    country: str = ""
    description: str = ""
    capabilities: tuple[str, ...] = ()  # what it can collect: disciplines and domains
    regions: tuple[str, ...] = ()  # where it can collect: ISO 3166 country codes
    areas: tuple[str, ...] = ()  # its areas of responsibility: ISO 3166 country codes


@dataclass(frozen=True, slots=True)
class Hub:
    id: str
    name: str
    place: str
    url: str
    operator: str  # member id that runs the hub
    hosts: tuple[str, ...]  # member ids whose analysts work on this hub
    peers: tuple[str, ...] = ()  # hub ids this hub pulls from
    # The hub's Ed25519 public key (32 raw bytes), pinned here so that its peers check
    # what it originates without trusting anyone on first use. `allyhub hub key` prints it.
    public_key: bytes | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """A foreign source pulled into a collection: a TAXII 2.1 server (any server can be
    a pull-only peer: OpenCTI's, medallion...) or a MISP feed (its manifest.json, one
    JSON file per event; a URL or a directory).

    Its objects are stored as shared by the feed (`id`), marked `default_marking` unless
    they carry a TLP marking of their own, into the charter collection `collection`.
    """

    id: str
    name: str
    url: str  # TAXII: the server's base URL; MISP: the feed's URL or directory
    remote_collection: str  # TAXII: the feed's collection id or alias ("" for MISP)
    collection: str  # our collection alias to store into
    default_marking: Tlp
    hubs: tuple[str, ...]  # the hubs that pull it
    kind: Literal["taxii", "misp"] = "taxii"
    discovery: str = ""  # TAXII: the discovery URL, when it is not <url>/taxii2/


@dataclass(frozen=True, slots=True)
class Collection:
    """A TAXII collection; `read` and `write` list the tiers allowed."""

    id: str  # TAXII identifier (a UUID)
    alias: str
    title: str
    description: str
    read: frozenset[Tier]
    write: frozenset[Tier]


Band = Literal["link", "review", "reject"]


@dataclass(frozen=True, slots=True)
class Bands:
    """Fusion score thresholds: ``score >= link`` links, ``score >= review`` goes to an
    analyst, anything lower is rejected.

    The defaults were chosen on the development half of fusion's evaluation set
    (docs/fusion.md); a charter may set its own under [rules.fusion].
    """

    link: float = 0.75
    review: float = 0.50

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.link <= 1.0:
            raise ValueError(
                f"fusion bands need 0 <= review <= link <= 1, got review={self.review} "
                f"link={self.link}"
            )

    def band(self, score: float) -> Band:
        """The band a score falls in."""
        if score >= self.link:
            return "link"
        if score >= self.review:
            return "review"
        return "reject"


@dataclass(frozen=True, slots=True)
class KnownAlias:
    """Names a coalition knows to denote one person, organisation (or group) or place,
    with where it knows it from: fusion links them whatever they sound like
    (docs/fusion.md, "A coalition's own aliases")."""

    id: str
    kind: Literal["person", "organization", "location"]
    names: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Rules:
    admission: Vote = field(default_factory=Vote)
    suspension: Vote = field(default_factory=lambda: Vote(VoteRule.MAJORITY))
    expulsion: Vote = field(default_factory=Vote)
    default_marking: Tlp = Tlp.AMBER
    public_clear_feed: bool = False
    bands: Bands = field(default_factory=Bands)
    # What the hubs do with STIX that breaks a rule of STIX 2.1 in a way real producers
    # do (stix/repairs.py): `repair` mends it and says so in the object's status,
    # `strict` refuses it. Coalition-wide, so every hub stores the same versions.
    stix_intake: Literal["repair", "strict"] = "repair"


@dataclass(frozen=True, slots=True)
class Charter:
    id: str
    name: str
    description: str
    members: tuple[Member, ...]
    hubs: tuple[Hub, ...]
    collections: tuple[Collection, ...]
    rules: Rules
    feeds: tuple[Feed, ...] = ()
    source: str = ""  # the file it was read from, for messages
    # [misp] organisations: a MISP organisation UUID (lower case) -> the member it is, so
    # MISP sharing groups become release lists of members (allyhub/misp)
    misp_organisations: tuple[tuple[str, str], ...] = ()
    # [[aliases]], and those of the file [rules.fusion] aliases_file names: known names
    # fusion scores with besides its built-in tables
    aliases: tuple[KnownAlias, ...] = ()

    def member(self, member_id: str) -> Member | None:
        for member in self.members:
            if member.id == member_id:
                return member
        return None

    def hub(self, hub_id: str) -> Hub | None:
        for hub in self.hubs:
            if hub.id == hub_id:
                return hub
        return None

    def collection(self, key: str) -> Collection | None:
        """Find a collection by its TAXII id or by its alias."""
        for collection in self.collections:
            if key in (collection.id, collection.alias):
                return collection
        return None


def derived_uuid(*parts: str) -> str:
    """A stable UUID (version 4 layout) derived from names.

    TAXII identifiers must look like version 4 UUIDs; deriving them from the coalition and
    the name gives every hub of a coalition the same ids without coordination.
    """
    digest = bytearray(hashlib.sha256("\x1f".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x40
    digest[8] = (digest[8] & 0x3F) | 0x80
    return str(uuid.UUID(bytes=bytes(digest)))
