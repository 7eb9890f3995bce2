"""allyhub.fusion: cross-script name resolution. Pure: values in, values out, no I/O.

``name_keys`` reduces a name to comparison keys, ``score`` compares two entities' names
with an explanation and a band, and ``NameIndex`` finds and scores candidates among many
known entities. See docs/fusion.md.
"""

from allyhub.charter import Band, Bands
from allyhub.fusion.blocking import Candidate, NameIndex
from allyhub.fusion.keys import KINDS, Kind, NameKeys, NameToken, name_keys
from allyhub.fusion.scoring import (
    DEFAULT_BANDS,
    EntityNames,
    Match,
    Names,
    NameScore,
    PartMatch,
    compatible,
    score,
)

__all__ = [
    "Band",
    "Bands",
    "Candidate",
    "DEFAULT_BANDS",
    "EntityNames",
    "KINDS",
    "Kind",
    "Match",
    "NameIndex",
    "NameKeys",
    "NameScore",
    "NameToken",
    "Names",
    "PartMatch",
    "compatible",
    "name_keys",
    "score",
]
