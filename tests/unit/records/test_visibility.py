"""records.Visibility: one reader's view in the policy's two forms, which must agree: the
SQL where-clause the store runs and `sees`, which the fakes ask. Here on a real store (both
databases), over versions of every label, for a member, a peer hub's hosted members, a
collection narrowing and the hub's own `EVERYTHING`."""

from __future__ import annotations

from itertools import product

from sqlalchemy import Engine

from allyhub.charter import Tier, Tlp
from allyhub.policy.standing import MemberState, Standing
from allyhub.policy.visibility import Labels, visible_to_any
from allyhub.records import EVERYTHING, NewVersion, SealPlace, SealRecord, Visibility
from allyhub.store.objects import SqlObjectStore

RU = MemberState("ru", Tier.FULL)
HZ = MemberState("hz", Tier.ASSOCIATE)
IQ = MemberState("iq", Tier.FULL, Standing.SUSPENDED, since=150)
SEAL = SealPlace(SealRecord("damascus", b"r" * 32, 1, b"s" * 64, b"l" * 32), 0)


def _versions() -> list[NewVersion]:
    """A version of every TLP, list and deny, sharer, collection, age and seal."""
    made = []
    labels = product(
        Tlp,
        (None, frozenset({"hz"})),
        (None, frozenset({"ru"})),
        ("sy", "hz"),
        ("joint", "rfi"),
        (100, 200),
        (True, False),
    )
    for n, (tlp, audience, excluded, by, collection, added, sealed) in enumerate(labels):
        if tlp in (Tlp.AMBER_STRICT, Tlp.RED) and audience is None:
            continue  # never stored without a list
        made.append(
            NewVersion(
                collection=collection,
                stix_id=f"indicator--{n:08d}-0000-4000-8000-000000000000",
                type="indicator",
                version=1,
                spec_version="2.1",
                shared_by=by,
                tlp=int(tlp),
                audience=audience,
                excluded=excluded,
                body=b"{}",
                origin_hub="damascus",
                origin_added=added,
                sealed=SEAL if sealed else None,
            )
        )
    return made


VIEWS = {
    "one member": Visibility((RU,)),
    "an associate": Visibility((HZ,)),
    "a suspended member": Visibility((IQ,)),
    "a peer's hosted members, sealed only": Visibility((RU, HZ), sealed_only=True),
    "within joint": Visibility((HZ,)).within(["joint"]),
    "within joint, then rfi": Visibility((HZ,)).within(["joint"]).within(["rfi"]),
    "nobody": Visibility(()),
    "everything": EVERYTHING,
}


def test_both_forms_of_a_visibility_agree_on_every_version(engine: Engine) -> None:
    store = SqlObjectStore(engine, "damascus")
    versions = _versions()
    with store.writing() as unit:
        commit = unit.take_commit(len(versions), 1_000)
        unit.add(versions, commit)
    ids = [v.stix_id for v in versions]
    for name, view in VIEWS.items():
        in_python = {
            v.stix_id
            for v in versions
            if view.sees(
                v.collection,
                Labels(Tlp(v.tlp), v.audience, v.excluded, v.shared_by, v.origin_added or 0),
                sealed=v.sealed is not None,
            )
        }
        assert store.visible_ids(ids, view) == in_python, name


def test_sees_is_the_policys_rule_narrowed() -> None:
    for v in _versions():
        labels = Labels(Tlp(v.tlp), v.audience, v.excluded, v.shared_by, v.origin_added or 0)
        rule = visible_to_any((RU, HZ), labels)
        assert Visibility((RU, HZ)).sees(v.collection, labels, sealed=False) is rule
        peer = Visibility((RU, HZ), sealed_only=True)
        assert peer.sees(v.collection, labels, sealed=False) is False
        assert peer.sees(v.collection, labels, sealed=True) is rule
        joint = Visibility((RU, HZ)).within(["joint"])
        assert joint.sees(v.collection, labels, sealed=False) is (rule and v.collection == "joint")
        assert EVERYTHING.sees(v.collection, labels, sealed=False)
    assert Visibility((HZ,)).within(["joint"]).within(["rfi"]).collections == frozenset()
