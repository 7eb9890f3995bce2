"""allyhub.fusion: cross-script name resolution. Pure: values in, values out, no I/O.

``name_keys`` reduces a name to comparison keys, ``score`` compares two entities' names
with an explanation and a band (``verdict`` without writing the explanation), and
``NameIndex`` finds and scores candidates among many known entities. ``acronym_of`` and
``initials_of`` say how a name reads as an acronym; ``countries`` is the built-in table of
known names (``KnownNames``). See docs/fusion.md.
"""

from allyhub.charter import Band, Bands
from allyhub.fusion._acronyms import acronym_of, initials_of
from allyhub.fusion._gazetteer import KnownNames, countries
from allyhub.fusion.blocking import Candidate, NameIndex
from allyhub.fusion.keys import KINDS, Kind, NameKeys, NameToken, name_keys
from allyhub.fusion.scoring import (
    DEFAULT_BANDS,
    EntityNames,
    Match,
    Names,
    NameScore,
    PartMatch,
    Verdict,
    compatible,
    score,
    verdict,
)

__all__ = [
    "Band",
    "Bands",
    "Candidate",
    "DEFAULT_BANDS",
    "EntityNames",
    "KINDS",
    "Kind",
    "KnownNames",
    "Match",
    "NameIndex",
    "NameKeys",
    "NameScore",
    "NameToken",
    "Names",
    "PartMatch",
    "Verdict",
    "acronym_of",
    "compatible",
    "countries",
    "initials_of",
    "name_keys",
    "score",
    "verdict",
]
