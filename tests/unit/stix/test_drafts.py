"""Drafts written in the console become valid STIX 2.1: the responses a member writes
about any object (sightings, relationships, notes, opinions) with labels, and the
refusals that name the field."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest
import stix2

from allyhub.charter import Tlp
from allyhub.errors import InvalidRequest
from allyhub.stix.drafts import Draft, build

AUTHOR = "identity--6b1ca3ba-7d1f-4b11-9f7c-1d2b3c4d5e6f"
IDENTITIES = {"ru": AUTHOR, "sy": "identity--0c2ba3ba-7d1f-4b11-9f7c-1d2b3c4d5e6f"}
NOW = "2015-10-06T12:00:00.000Z"
C2 = "indicator--e9bbc1f8-6495-57f2-91ab-5ddd15bc719b"
ISIL = "intrusion-set--1c2ba3ba-7d1f-4b11-9f7c-1d2b3c4d5e6f"
REPORT = "report--2c2ba3ba-7d1f-4b11-9f7c-1d2b3c4d5e6f"


def _build(draft: Draft) -> list[dict[str, Any]]:
    counter = itertools.count()
    return build(
        draft,
        AUTHOR,
        IDENTITIES,
        NOW,
        lambda kind: f"{kind}--00000000-0000-4000-8000-{next(counter):012d}",
    )


def test_a_sighting_is_seen_by_the_authors_member_with_its_labels() -> None:
    draft = Draft(
        kind="sighting",
        name="",
        text="resolved",
        tlp=Tlp.AMBER,
        about=(C2,),
        count=3,
        first_seen="2015-10-01T08:00:00.000Z",
        labels=("c2", "relay"),
    )
    (sighting,) = _build(draft)
    assert sighting["sighting_of_ref"] == C2 and sighting["where_sighted_refs"] == [AUTHOR]
    assert sighting["count"] == 3 and sighting["labels"] == ["c2", "relay"]
    assert "last_seen" not in sighting
    stix2.parse(sighting, allow_custom=False)  # valid STIX 2.1


def test_a_relationship_goes_from_the_object_to_its_target() -> None:
    draft = Draft(
        kind="relationship",
        name="",
        text="",
        tlp=Tlp.GREEN,
        about=(C2,),
        relationship_type="indicates",
        target=ISIL,
    )
    (relationship,) = _build(draft)
    assert (relationship["source_ref"], relationship["target_ref"]) == (C2, ISIL)
    assert relationship["relationship_type"] == "indicates"
    stix2.parse(relationship, allow_custom=False)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"about": (REPORT,)}, "about", id="sighting-of-a-report"),
        pytest.param({"count": -1}, "count", id="negative-count"),
        pytest.param(
            {"first_seen": "2015-10-02T00:00:00.000Z", "last_seen": "2015-10-01T00:00:00.000Z"},
            "last_seen",
            id="seen-last-before-first",
        ),
        pytest.param(
            {"kind": "relationship", "relationship_type": "Uses It!", "target": ISIL},
            "relationship_type",
            id="malformed-relationship-type",
        ),
        pytest.param(
            {"kind": "relationship", "relationship_type": "uses", "target": "isil"},
            "target",
            id="target-not-an-id",
        ),
        pytest.param(
            {"kind": "relationship", "relationship_type": "uses", "target": C2},
            "target",
            id="relationship-to-itself",
        ),
    ],
)
def test_a_draft_that_cannot_be_valid_names_its_field(change: dict[str, Any], field: str) -> None:
    draft = replace(Draft(kind="sighting", name="", text="", tlp=Tlp.AMBER, about=(C2,)), **change)
    with pytest.raises(InvalidRequest, match=f"^{field}:"):
        _build(draft)
