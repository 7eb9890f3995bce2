"""Seals: what a hub signs about a version, and what a peer checks."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from allyhub.provenance import (
    Provenance,
    leads_to,
    leaf,
    make_seal,
    places,
    sealed_from_wire,
    sealed_to_wire,
    seals_to_wire,
    verify_seal,
)

KEY = Ed25519PrivateKey.generate()
BASE = Provenance(
    stix_id="indicator--11111111-1111-4111-8111-111111111111",
    version=1_700_000_000_000_000,
    collection="c",
    shared_by="ru",
    origin_hub="damascus",
    origin_added=1_700_000_000_000_001,
    tlp=2,
    audience=frozenset({"ru", "ir"}),
    excluded=None,
)
BODY = b'{"type":"indicator"}'


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param({"shared_by": "sy"}, id="author"),
        pytest.param({"origin_hub": "baghdad"}, id="origin-hub"),
        pytest.param({"origin_added": 1}, id="origin-time"),
        pytest.param({"tlp": 0}, id="tlp"),
        pytest.param({"audience": frozenset({"ru", "ir", "sy"})}, id="audience"),
        pytest.param({"excluded": frozenset({"hz"})}, id="excluded"),
        pytest.param({"collection": "d"}, id="collection"),
        pytest.param({"version": 2}, id="version"),
    ],
)
def test_every_provenance_field_is_in_the_leaf(changed: dict[str, object]) -> None:
    from dataclasses import replace

    assert leaf(replace(BASE, **changed), BODY) != leaf(BASE, BODY)  # type: ignore[arg-type]


def test_the_body_is_in_the_leaf() -> None:
    assert leaf(BASE, BODY) != leaf(BASE, BODY + b" ")


def test_a_seal_verifies_with_its_hubs_key_only() -> None:
    leaves = [leaf(BASE, BODY), leaf(BASE, BODY + b"2")]
    seal = make_seal(KEY, "rsii", "damascus", leaves)
    assert verify_seal(KEY.public_key(), "rsii", seal)
    assert not verify_seal(Ed25519PrivateKey.generate().public_key(), "rsii", seal)
    assert not verify_seal(KEY.public_key(), "another-coalition", seal)


def test_a_seal_travels_on_the_wire_and_still_proves_its_leaf() -> None:
    leaves = [leaf(BASE, BODY + bytes([i])) for i in range(7)]
    seal = make_seal(KEY, "rsii", "damascus", leaves)
    for index, sealed in enumerate(places(seal, leaves)):
        back = sealed_from_wire(sealed_to_wire(sealed), seals_to_wire([seal]))
        assert back == sealed
        assert leads_to(back, leaves[index])
        assert not leads_to(back, leaves[(index + 1) % 7])


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(None, id="missing"),
        pytest.param(["x", 0, 1, ""], id="not-base64-root"),
        pytest.param(["AAAA", 0, 1, ""], id="short-root"),
        pytest.param(["A" * 43 + "=", 3, 2, ""], id="index-beyond-size"),
        pytest.param(["A" * 43 + "=", True, 2, ""], id="bool-index"),
    ],
)
def test_malformed_seals_are_refused_with_a_reason(value: object) -> None:
    with pytest.raises(ValueError):
        sealed_from_wire(value, {})


def test_a_root_without_a_signature_on_the_page_is_refused() -> None:
    seal = make_seal(KEY, "rsii", "damascus", [leaf(BASE, BODY)])
    sealed = places(seal, [leaf(BASE, BODY)])[0]
    with pytest.raises(ValueError, match="no signature"):
        sealed_from_wire(sealed_to_wire(sealed), {})
