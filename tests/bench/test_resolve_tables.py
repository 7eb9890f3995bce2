"""`bench/resolve.py --without-tables`: the honest columns leave the tables they name out."""

from __future__ import annotations

import pytest

from allyhub.fusion import _gazetteer
from bench import resolve


@pytest.mark.parametrize(("which", "daesh_known"), [("cldr", True), ("all", False)])
def test_without_tables_leaves_out_cldr_or_every_table(
    which: str, daesh_known: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_gazetteer, "_cldr_entries", _gazetteer._cldr_entries)
    monkeypatch.setattr(_gazetteer, "_file_entries", _gazetteer._file_entries)
    try:
        assert _gazetteer.built_in("location").lookup("Anadyr") is not None  # a CLDR city
        resolve.without_tables(which)
        assert _gazetteer.built_in("location").lookup("Anadyr") is None
        known = _gazetteer.built_in("organization").lookup("Daesh")
        assert (known is not None) == daesh_known
        assert _gazetteer.built_in("location").lookup("Syria") is not None  # iso-codes stays
    finally:
        monkeypatch.undo()
        resolve._clear_caches(pairs_only=False)
    assert _gazetteer.built_in("location").lookup("Anadyr") is not None
