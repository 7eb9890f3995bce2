"""allyhub.fusion: cross-script name resolution. Pure: values in, values out, no I/O.

``name_keys`` reduces a name to comparison keys, ``score`` compares two entities' names
with an explanation and a band (``verdict`` without writing the explanation), and
``NameIndex`` finds and scores candidates among many known entities. ``acronym_of`` and
``initials_of`` say how a name reads as an acronym; ``countries`` is the built-in table of
known names (``KnownNames``); ``KnownTables`` adds a coalition's own aliases to the
built-in tables. See docs/fusion.md.

Each name below is imported from its module the first time it is asked for (PEP 562's
module ``__getattr__``), not when the package loads. Why: scoring brings numpy, PyICU,
OpenCC and the lexicon (about 40 MB of a process; 0.3 s or more to import), and every
server process imports fusion's light modules (`entities` for the decision type,
`correlation` for a value search), which runs this file; only a process that scores a
name (the fusion worker, a name search, `allyhub resolve`) should pay for the scoring.
Type checkers read the imports under TYPE_CHECKING, which `_HOMES` repeats
(tests/unit/fusion/test_exported_members.py holds the two together).
"""

import importlib
import typing

from allyhub.charter import Band, Bands

if typing.TYPE_CHECKING:  # the names, for type checkers; `__getattr__` binds them
    from allyhub.fusion._acronyms import acronym_of, initials_of
    from allyhub.fusion._folding import script_labels
    from allyhub.fusion._gazetteer import KnownNames, KnownTables, countries
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

_HOMES = {
    "acronym_of": "allyhub.fusion._acronyms",
    "initials_of": "allyhub.fusion._acronyms",
    "script_labels": "allyhub.fusion._folding",
    "KnownNames": "allyhub.fusion._gazetteer",
    "KnownTables": "allyhub.fusion._gazetteer",
    "countries": "allyhub.fusion._gazetteer",
    "Candidate": "allyhub.fusion.blocking",
    "NameIndex": "allyhub.fusion.blocking",
    "KINDS": "allyhub.fusion.keys",
    "Kind": "allyhub.fusion.keys",
    "NameKeys": "allyhub.fusion.keys",
    "NameToken": "allyhub.fusion.keys",
    "name_keys": "allyhub.fusion.keys",
    "DEFAULT_BANDS": "allyhub.fusion.scoring",
    "EntityNames": "allyhub.fusion.scoring",
    "Match": "allyhub.fusion.scoring",
    "Names": "allyhub.fusion.scoring",
    "NameScore": "allyhub.fusion.scoring",
    "PartMatch": "allyhub.fusion.scoring",
    "Verdict": "allyhub.fusion.scoring",
    "compatible": "allyhub.fusion.scoring",
    "score": "allyhub.fusion.scoring",
    "verdict": "allyhub.fusion.scoring",
}
"""Where each name of the face lives (the TYPE_CHECKING imports above, as data)."""


def __getattr__(name: str) -> object:
    """A name of the face, imported from its module on first use and kept."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "Band",
    "Bands",
    "Candidate",
    "DEFAULT_BANDS",
    "EntityNames",
    "KINDS",
    "Kind",
    "KnownNames",
    "KnownTables",
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
    "script_labels",
    "verdict",
]
