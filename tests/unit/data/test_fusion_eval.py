"""data/fusion_eval.jsonl.gz: the fusion evaluation set ships with the package and holds
what bench/resolve.py and the blocking test read from each row."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from typing import Any

from allyhub.fusion.keys import KINDS

FIELDS = {"a", "b", "kind", "same", "pairing", "entity_a", "entity_b", "split", "family"}


def _rows() -> list[dict[str, Any]]:
    path = resources.files("allyhub.data").joinpath("fusion_eval.jsonl.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def test_every_row_holds_a_labelled_pair_of_names_of_a_known_kind() -> None:
    rows = _rows()
    assert len(rows) > 1000
    for row in rows:
        assert FIELDS <= row.keys(), row
        assert row["kind"] in KINDS and isinstance(row["same"], bool)
        assert row["a"].strip() and row["b"].strip()
        assert row["same"] is (row["entity_a"] == row["entity_b"]), row
    assert {r["split"] for r in rows} == {"dev", "test"}
    assert {r["same"] for r in rows} == {True, False}
