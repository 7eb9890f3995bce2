"""Validation throughput: allyhub.stix against stix2 and stix2-patterns, same inputs.

The share budget is 25,000 objects/s through HTTP with full validation (DESIGN.md), so
the validator itself must run well above that on one core. This prints objects/s for a
realistic mix of types and patterns/s for typical indicator patterns; it asserts
nothing.

    .venv/bin/python bench/validate.py [--objects 30000] [--oracle 1500]
"""

from __future__ import annotations

import argparse
import copy
import random
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from allyhub.stix import parse_pattern, validate

Obj = dict[str, Any]


def _timestamp(rng: random.Random) -> str:
    seconds = rng.randrange(1_400_000_000, 1_800_000_000)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{stamp}.{rng.randrange(1000):03d}Z"


def _id(rng: random.Random, type_name: str) -> str:
    return f"{type_name}--{uuid.UUID(int=rng.getrandbits(128), version=4)}"


def _patterns(rng: random.Random) -> str:
    octets = ".".join(str(rng.randrange(256)) for _ in range(4))
    digest = f"{rng.getrandbits(256):064x}"
    host = f"h{rng.randrange(10**6)}.example.com"
    return rng.choice(
        [
            f"[ipv4-addr:value = '{octets}']",
            f"[file:hashes.'SHA-256' = '{digest}']",
            f"[domain-name:value = '{host}']",
            f"[url:value = 'https://{host}/a' OR url:value = 'https://{host}/b']",
            "[file:name = 'setup.exe' AND file:size > 1000] WITHIN 300 SECONDS",
        ]
    )


def generate(count: int, seed: int = 2015) -> list[Obj]:
    """A realistic mix of the objects members share, all valid."""
    rng = random.Random(seed)
    tlp_green = {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
        "created": "2017-01-20T00:00:00.000Z",
        "definition_type": "tlp",
        "name": "TLP:GREEN",
        "definition": {"tlp": "green"},
    }
    marking_refs = [tlp_green["id"]]
    objects: list[Obj] = []
    for i in range(count):
        kind = i % 9
        when = _timestamp(rng)
        sdo = {"spec_version": "2.1", "created": when, "modified": when}
        creator = _id(rng, "identity")
        if kind == 0:
            obj: Obj = {
                "type": "identity",
                "id": creator,
                **sdo,
                "name": f"Member {i}",
                "identity_class": "organization",
                "object_marking_refs": marking_refs,
            }
        elif kind == 1:
            obj = {
                "type": "indicator",
                "id": _id(rng, "indicator"),
                **sdo,
                "created_by_ref": creator,
                "name": "Command and control",
                "indicator_types": ["malicious-activity"],
                "pattern": _patterns(rng),
                "pattern_type": "stix",
                "valid_from": when,
                "object_marking_refs": marking_refs,
            }
        elif kind == 2:
            obj = {
                "type": "relationship",
                "id": _id(rng, "relationship"),
                **sdo,
                "created_by_ref": creator,
                "relationship_type": "indicates",
                "source_ref": _id(rng, "indicator"),
                "target_ref": _id(rng, "malware"),
            }
        elif kind == 3:
            obj = {
                "type": "report",
                "id": _id(rng, "report"),
                **sdo,
                "name": "Weekly summary",
                "published": when,
                "report_types": ["threat-report"],
                "object_refs": [_id(rng, "indicator") for _ in range(rng.randrange(1, 8))],
                "external_references": [{"source_name": "acme", "url": "https://acme.example/r"}],
            }
        elif kind == 4:
            obj = {
                "type": "malware",
                "id": _id(rng, "malware"),
                **sdo,
                "name": "Cryptolocker",
                "is_family": True,
                "malware_types": ["ransomware"],
                "kill_chain_phases": [
                    {
                        "kill_chain_name": "lockheed-martin-cyber-kill-chain",
                        "phase_name": "installation",
                    }
                ],
            }
        elif kind == 5:
            octets = ".".join(str(rng.randrange(256)) for _ in range(4))
            obj = {
                "type": "ipv4-addr",
                "spec_version": "2.1",
                "id": _id(rng, "ipv4-addr"),
                "value": octets,
            }
        elif kind == 6:
            obj = {
                "type": "domain-name",
                "spec_version": "2.1",
                "id": _id(rng, "domain-name"),
                "value": f"h{rng.randrange(10**6)}.example.com",
            }
        elif kind == 7:
            obj = {
                "type": "file",
                "spec_version": "2.1",
                "id": _id(rng, "file"),
                "name": "setup.exe",
                "size": rng.randrange(10**7),
                "hashes": {"SHA-256": f"{rng.getrandbits(256):064x}"},
            }
        else:
            obj = copy.deepcopy(tlp_green)
        objects.append(obj)
    return objects


def rate(function: Callable[[Any], object], inputs: Sequence[Any]) -> float:
    """Calls per CPU second of `function` over `inputs`, best of three passes.

    CPU time rather than wall time, since the machine's two cores are shared and other
    work would otherwise count against us.
    """
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        for item in inputs:
            function(item)
        best = min(best, time.process_time() - start)
    return len(inputs) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=30_000, help="objects for allyhub")
    parser.add_argument("--oracle", type=int, default=1_500, help="objects for the oracles")
    args = parser.parse_args()

    import stix2
    from stix2patterns.validator import run_validator

    objects = generate(args.objects)
    invalid = [obj for obj in objects if validate(obj)]
    print(f"{len(objects)} objects generated, {len(invalid)} invalid")

    def oracle(obj: Obj) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stix2.parse(obj, allow_custom=True, version="2.1")

    ours = rate(validate, objects)
    theirs = rate(oracle, objects[: args.oracle])
    print("(per CPU second, single core)")
    print(f"validate (allyhub.stix):   {ours:>10,.0f} objects/s")
    print(f"stix2.parse (allow_custom): {theirs:>10,.0f} objects/s   ({ours / theirs:,.0f}x)")

    patterns = [obj["pattern"] for obj in objects if obj["type"] == "indicator"]
    ours = rate(parse_pattern, patterns)
    theirs = rate(lambda text: run_validator(text, stix_version="2.1"), patterns[: args.oracle])
    print(f"parse_pattern (allyhub):   {ours:>10,.0f} patterns/s")
    print(f"stix2patterns.run_validator: {theirs:>9,.0f} patterns/s   ({ours / theirs:,.0f}x)")


if __name__ == "__main__":
    main()
