"""The coalition's charter: members, tiers, hubs, collections and rules (pure, no I/O but
reading the file)."""

from allyhub.charter.load import load_charter, parse_charter, pin_public_keys
from allyhub.charter.model import (
    Band,
    Bands,
    Charter,
    Collection,
    Feed,
    Hub,
    KnownAlias,
    Member,
    Role,
    Rules,
    Tier,
    Tlp,
    Vote,
    VoteRule,
    derived_uuid,
)

__all__ = [
    "Band",
    "Bands",
    "Charter",
    "Collection",
    "Feed",
    "Hub",
    "KnownAlias",
    "Member",
    "Role",
    "Rules",
    "Tier",
    "Tlp",
    "Vote",
    "VoteRule",
    "derived_uuid",
    "load_charter",
    "parse_charter",
    "pin_public_keys",
]
