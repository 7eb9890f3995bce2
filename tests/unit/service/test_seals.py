"""Sealer, SealedPaths and SealCheck: one seal per group of equal labels, audit paths that
lead each version to its seal, and the check a peer's version must pass to be stored."""

from __future__ import annotations

from dataclasses import replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from allyhub.charter import Tlp, load_charter
from allyhub.records import NewVersion
from allyhub.service.seals import SealCheck, SealedPaths, Sealer
from allyhub.service.versions import new_version
from tests.conftest import RSII
from tests.factories import indicator

COMMITTED = 1_800_000_000_000_000


def _versions() -> list[NewVersion]:
    made = [
        (indicator(), Tlp.GREEN),
        (indicator(value="203.0.113.1"), Tlp.GREEN),
        (indicator(tlp=Tlp.AMBER), Tlp.AMBER),
    ]
    return [
        new_version(o, collection="c", shared_by="sy", tlp=int(t), origin_hub="baghdad")
        for o, t in made
    ]


def test_versions_of_equal_labels_share_one_seal() -> None:
    places = Sealer(Ed25519PrivateKey.generate(), "rsii", "baghdad").seal(_versions(), COMMITTED)
    assert places[0].seal == places[1].seal != places[2].seal
    assert [p.index for p in places] == [0, 1, 0]
    assert (places[0].seal.size, places[2].seal.size) == (2, 1)


def test_a_sealed_version_passes_and_an_altered_or_forged_one_is_named() -> None:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    charter = load_charter(RSII)
    pinned = replace(
        charter,
        hubs=tuple(replace(h, public_key=raw) if h.id == "baghdad" else h for h in charter.hubs),
    )
    check = SealCheck(pinned, ("damascus", Ed25519PrivateKey.generate().public_key()))
    versions = _versions()
    places = Sealer(key, charter.id, "baghdad").seal(versions, COMMITTED)
    paths = SealedPaths()
    arrived = [replace(v, origin_added=COMMITTED) for v in versions]
    assert [check.problem(v, paths.sealed(p)) for v, p in zip(arrived, places, strict=True)] == [
        None,
        None,
        None,
    ]
    altered = replace(arrived[0], body=arrived[0].body.replace(b"198.51", b"192.0"))
    assert "altered" in (check.problem(altered, paths.sealed(places[0])) or "")
    elsewhere = replace(arrived[0], origin_hub="damascus")
    assert "says it comes from" in (check.problem(elsewhere, paths.sealed(places[0])) or "")
    forger = Sealer(Ed25519PrivateKey.generate(), charter.id, "baghdad")
    forged = forger.seal(versions, COMMITTED)
    # a fresh SealedPaths: one remembers a seal's paths by its root, which a forgery of
    # the same leaves shares (only the serving hub uses it, for seals it made)
    assert "forged" in (check.problem(arrived[0], SealedPaths().sealed(forged[0])) or "")
