"""The words of collection coordination: record types, states, priorities, capabilities.

Record types are STIX 2.1 objects defined by the hub's extension definition
(`stix.markings.RFI_EXTENSION`, published in the `definitions` collection). Disciplines
and domains are open vocabularies: known synonyms fold to one term (humint → human) so
that a request and a capability meet, and any other lowercase word is kept as written.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

RFI = "allyhub-rfi"
RESPONSE = "allyhub-rfi-response"
CAPABILITY = "allyhub-capability"
REQUIREMENT = "allyhub-requirement"
RECORD_TYPES = frozenset({RFI, RESPONSE, CAPABILITY, REQUIREMENT})
"""The types kept in the charter's `rfi` collection and made only through the RFI API."""

ANSWER_TYPES = frozenset({"report", "sighting", "note"})
"""What an answer links to: the answering member's own shared reports, sightings, notes."""


class Priority(enum.StrEnum):
    """How urgent a request or a standing requirement is, most urgent first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for critical ... 3 for low: sorts the most urgent first."""
        return list(Priority).index(self)


DAY = 86_400_000_000
DEFAULT_WINDOW = {Priority.CRITICAL: DAY, Priority.HIGH: 3 * DAY, Priority.MEDIUM: 7 * DAY}
"""Time to answer when a request names no deadline (low priority: 30 days)."""


def default_deadline(priority: Priority, now: int) -> int:
    return now + DEFAULT_WINDOW.get(priority, 30 * DAY)


class Written(enum.StrEnum):
    """The status a requester writes in a version of its request."""

    OPEN = "open"  # asked, nobody tasked yet
    ROUTED = "routed"  # members tasked (the list only grows)
    SATISFIED = "satisfied"  # the answers were what was needed
    CLOSED = "closed"  # ended without being satisfied (withdrawn, overtaken, expired)


TERMINAL = frozenset({Written.SATISFIED, Written.CLOSED})


class RfiStatus(enum.StrEnum):
    """Where a request stands, folded from its versions, its responses and the clock."""

    OPEN = "open"
    ROUTED = "routed"
    ACCEPTED = "accepted"  # a tasked member accepted; no answer yet
    ANSWERED = "answered"  # at least one tasked member answered
    SATISFIED = "satisfied"
    CLOSED = "closed"
    EXPIRED = "expired"  # the deadline passed without an answer (computed, never written)

    @property
    def pending(self) -> bool:
        """Still waiting for collection: open, routed or accepted."""
        return self in (RfiStatus.OPEN, RfiStatus.ROUTED, RfiStatus.ACCEPTED)


class Reply(enum.StrEnum):
    """What a tasked member writes in a version of its response."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    ANSWERED = "answered"


class Assignment(enum.StrEnum):
    """Where one tasked member stands on one request."""

    TASKED = "tasked"  # asked to collect, has not replied
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ANSWERED = "answered"


DISCIPLINES = {
    "open-sources": ("osint", "open-source", "open sources"),
    "human": ("humint", "human-sources", "human sources"),
    "signals": ("sigint", "comint", "elint"),
    "imagery": ("imint", "geoint", "geospatial"),
    "measurement": ("masint",),
    "liaison": ("liaison-services",),
}
DOMAINS = {
    "air": ("aerial",),
    "ground": ("land",),
    "maritime": ("sea", "naval"),
    "cyber": ("cyberspace",),
    "space": (),
}
_SYNONYMS = {
    alias: term
    for table in (DISCIPLINES, DOMAINS)
    for term, aliases in table.items()
    for alias in (term, *aliases)
}
_TERM = re.compile(r"[a-z][a-z0-9-]{0,62}\Z")


def term(word: str) -> str:
    """One capability word, folded: `HUMINT` → human, `Sea` → maritime.

    Raises ValueError for words that are not lowercase letters, digits and hyphens.
    """
    folded = " ".join(word.strip().lower().replace("_", "-").split())
    folded = _SYNONYMS.get(folded, folded).replace(" ", "-")
    if not _TERM.match(folded):
        raise ValueError(f"{word!r} is not a capability word (letters, digits and '-')")
    return folded


def terms(words: Iterable[str]) -> tuple[str, ...]:
    """Folded, deduplicated and sorted."""
    return tuple(sorted({term(w) for w in words}))


def split_capabilities(words: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A charter's `capabilities` list as (disciplines, domains): known domains
    (air, ground, maritime, cyber, space) are domains, every other word a discipline."""
    folded = terms(words)
    return (
        tuple(w for w in folded if w not in DOMAINS),
        tuple(w for w in folded if w in DOMAINS),
    )
