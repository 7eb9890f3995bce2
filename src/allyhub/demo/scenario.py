"""The seed's public facts as STIX 2.1 objects, each shared by the member placed to know it.

Pure data: ids are derived from names so that every run (and every hub) builds the same
objects. References are the seed article's own sources (external_references).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from allyhub.charter import Charter, Tlp
from allyhub.stix.markings import TLP2_ID, releasability_marking

_NAMESPACE = uuid.UUID("6f1e0c2a-3b4d-5e6f-8a9b-0c1d2e3f4a5b")


def _id(kind: str, name: str) -> str:
    return f"{kind}--{uuid.uuid5(_NAMESPACE, kind + ':' + name)}"


def _ref(source: str, description: str, url: str = "") -> dict[str, str]:
    ref = {"source_name": source, "description": description}
    if url:
        ref["url"] = url
    return ref


REUTERS_MOSCOW = _ref(
    "Reuters",
    "How Iranian general plotted out Syrian assault in Moscow, 2015-10-06",
    "https://www.reuters.com/article/us-mideast-crisis-syria-soleimani-insigh-idUSKCN0S02BV20151006",
)
SVOBODA_DENIAL = _ref(
    "Radio Svoboda",
    "МИД России: иранский генерал Сулеймани в Москве не был, 2015-08",
)
CNN_AGREEMENT = _ref(
    "CNN", "Iraq agrees to share intelligence with Russia, Iran and Syria, 2015-09-27"
)
NYT_HAMADAN = _ref(
    "The New York Times",
    "Iran Revokes Russia's Use of Air Base, Saying Moscow 'Betrayed Trust', 2016-08-22",
)


@dataclass(frozen=True, slots=True)
class Share:
    """Objects one member shares in one envelope."""

    member: str
    objects: list[dict[str, Any]]


def build(charter: Charter) -> list[Share]:
    """The scenario's shares, in the order they happen."""
    ident = {m.id: m.identity for m in charter.members}
    t = "2015-10-06T12:00:00.000Z"

    def sdo(kind: str, key: str, member: str, tlp: Tlp, **props: Any) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "type": kind,
            "spec_version": "2.1",
            "id": _id(kind, key),
            "created": props.pop("created", t),
            "modified": props.pop("modified", t),
            "created_by_ref": ident[member],
            "object_marking_refs": [TLP2_ID[tlp], *props.pop("markings", [])],
        }
        obj.update(props)
        return obj

    identities = [
        Share(
            m.id,
            [
                {
                    "type": "identity",
                    "spec_version": "2.1",
                    "id": m.identity,
                    "created": "2015-10-01T00:00:00.000Z",
                    "modified": "2015-10-01T00:00:00.000Z",
                    "name": m.name,
                    "identity_class": "organization",
                    "object_marking_refs": [TLP2_ID[Tlp.GREEN]],
                }
            ],
        )
        for m in charter.members
    ]
    ir_to_ru = releasability_marking([ident["ir"], ident["ru"]], ident["ir"])
    isil = sdo(
        "intrusion-set", "ISIL", "iq", Tlp.GREEN,
        name="Islamic State of Iraq and the Levant",
        aliases=[
            "ISIL", "ISIS", "Daesh", "الدولة الإسلامية", "极端组织伊斯兰国", "Исламское государство"
        ],
        description="The common adversary the coalition was formed against (2015).",
        external_references=[CNN_AGREEMENT],
    )  # fmt: skip
    soleimani_ir = sdo(
        "threat-actor", "soleimani-ir", "ir", Tlp.AMBER,
        name="قاسم سلیمانی", aliases=["Qasem Soleimani"], threat_actor_types=["nation-state"],
        markings=[ir_to_ru["id"]],
    )  # fmt: skip
    soleimani_ru = sdo(
        "threat-actor", "soleimani-ru", "ru", Tlp.GREEN,
        name="Касем Сулеймани", threat_actor_types=["nation-state"],
    )  # fmt: skip
    soleimani_sy = sdo(
        "threat-actor", "soleimani-sy", "sy", Tlp.GREEN,
        name="卡西姆·蘇雷曼尼", aliases=["卡西姆·索萊馬尼"], threat_actor_types=["nation-state"],
        description="Written two ways in the same Chinese-language article.",
    )  # fmt: skip
    visit = sdo(
        "report", "moscow-visit", "ir", Tlp.AMBER,
        name="Soleimani visited Moscow in July 2015 to plan the Syria campaign",
        published="2015-10-06T00:00:00Z", report_types=["threat-actor"],
        object_refs=[soleimani_ir["id"]], external_references=[REUTERS_MOSCOW],
        markings=[ir_to_ru["id"]],
    )  # fmt: skip
    # Russia answers inside the same release (an opinion marked more broadly would reveal
    # the report to readers who may not see it, and is refused).
    denial = sdo(
        "opinion", "moscow-visit-denial", "ru", Tlp.AMBER, markings=[ir_to_ru["id"]],
        opinion="strongly-disagree", object_refs=[visit["id"]],
        explanation="The Russian foreign ministry denies the general was in Moscow.",
        external_references=[SVOBODA_DENIAL],
    )  # fmt: skip
    hamadan = sdo(
        "location", "hamadan", "ir", Tlp.GREEN,
        name="Hamadan air base", latitude=35.2117, longitude=48.6534, country="IR",
    )  # fmt: skip
    strikes = sdo(
        "report", "hamadan-refuel", "ru", Tlp.AMBER,
        name="Long-range aviation refuels at Hamadan for strikes in Syria",
        published="2016-08-16T00:00:00Z", report_types=["attack-pattern"],
        object_refs=[hamadan["id"]], external_references=[NYT_HAMADAN],
    )  # fmt: skip
    c2 = sdo(
        "indicator", "isil-c2", "iq", Tlp.AMBER,
        name="ISIL propaganda relay", pattern="[domain-name:value = 'relay.example.org']",
        pattern_type="stix", valid_from=t, indicator_types=["malicious-activity"],
    )  # fmt: skip
    soleimani_iq = sdo(
        "threat-actor", "soleimani-iq", "iq", Tlp.GREEN,
        name="قاسم سليماني", threat_actor_types=["nation-state"],
        description="Commander of the Quds Force, liaison to the Iraqi militias.",
    )  # fmt: skip
    soleimani_hz = sdo(
        "threat-actor", "soleimani-hz", "hz", Tlp.GREEN,
        name="Qassem Suleimani", threat_actor_types=["nation-state"],
    )  # fmt: skip
    # Syria sees ISIL's relay from Damascus: the same domain as Iraq's indicator (the two
    # correlate) and the address it resolved to, inside the pattern (a search finds it).
    relay_sy = sdo(
        "indicator",
        "relay-sy",
        "sy",
        Tlp.GREEN,
        name="Relay contacted from Damascus",
        description="ISIL's propaganda relay, resolved from Damascus to a hosting range.",
        pattern="[domain-name:value = 'relay.example.org'] OR [ipv4-addr:value = '198.51.100.7']",
        pattern_type="stix",
        valid_from=t,
        indicator_types=["malicious-activity"],
    )
    return [
        *identities,
        Share("iq", [isil, c2, soleimani_iq]),
        Share("ir", [ir_to_ru, soleimani_ir, hamadan, visit]),
        Share("ru", [soleimani_ru, strikes]),
        Share("sy", [soleimani_sy, relay_sy]),
        Share("hz", [soleimani_hz]),
        Share("ru", [denial]),
    ]


def after_the_revocation(charter: Charter) -> Share:
    """What Iran shares once it has denied Russia (August 2016): Russia must not see it."""
    ident = {m.id: m.identity for m in charter.members}
    return Share(
        "ir",
        [
            {
                "type": "note",
                "spec_version": "2.1",
                "id": _id("note", "hamadan-revoked"),
                "created": "2016-08-22T12:00:00.000Z",
                "modified": "2016-08-22T12:00:00.000Z",
                "created_by_ref": ident["ir"],
                "abstract": "Use of Hamadan air base withdrawn",
                "content": "Access for foreign aircraft ends; coordination continues by liaison.",
                "object_refs": [_id("location", "hamadan")],
                "object_marking_refs": [TLP2_ID[Tlp.GREEN]],
                "external_references": [NYT_HAMADAN],
            }
        ],
    )
