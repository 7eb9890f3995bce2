"""Routing: the seed's members scored for a request from their charter capabilities,
declarations and record; regions cover by containment."""

from __future__ import annotations

from allyhub.charter import load_charter
from allyhub.rfi import (
    Declaration,
    Reply,
    capabilities,
    country,
    country_location,
    country_location_id,
    fold,
    region_of,
    split_capabilities,
    suggest,
    term,
)
from tests.conftest import RSII
from tests.unit.rfi.helpers import IDENTITIES, REPORT, RFI_1, RFI_2, T0, Script

CHARTER = load_charter(RSII)
RAQQA = {
    "type": "location",
    "id": "location--44444444-4444-4444-8444-444444444444",
    "name": "Raqqa",
    "country": "sy",
    "administrative_area": "Raqqa",
}


def resolve(ref: str):  # type: ignore[no-untyped-def]
    return region_of(ref, {RAQQA["id"]: RAQQA})


def test_capability_words_fold_synonyms_and_split_into_disciplines_and_domains() -> None:
    assert term("HUMINT") == "human" and term("Open Sources") == "open-sources"
    assert split_capabilities(["air", "imagery", "SIGINT", "liaison"]) == (
        ("imagery", "liaison", "signals"),
        ("air",),
    )


def test_regions_cover_what_they_contain() -> None:
    syria, raqqa, iraq = country("SY"), resolve(RAQQA["id"]), country("IQ")
    assert raqqa.path == ("SY", "raqqa") and raqqa.label == "Raqqa"
    assert syria.covers(raqqa) == 1.0 and raqqa.covers(syria) == 0.5
    assert iraq.covers(raqqa) == 0.0
    unknown = resolve("location--55555555-5555-4555-8555-555555555555")
    assert unknown.path == () and syria.covers(unknown) == 0.0


def test_country_locations_are_the_same_stix_object_everywhere() -> None:
    assert country_location("sy") == country_location("SY")
    assert country_location("SY")["id"] == country_location_id("SY") == country("SY").ref
    assert region_of(country_location_id("IQ"), {}).label == "Iraq (IQ)"


def _ask(**extra) -> Script:  # type: ignore[no-untyped-def]
    script = Script()
    script.ask(RFI_1, "ru", T0, **extra)
    return script


def test_routing_proposes_the_member_with_ground_presence_and_human_sources() -> None:
    script = _ask(disciplines=["human"], domains=["ground"], region_refs=[RAQQA["id"]])
    rfi = fold(script.records, IDENTITIES, T0).rfis[RFI_1]
    caps = capabilities(CHARTER, {}, resolve)
    candidates = {"sy": True, "ir": True, "iq": True, "hz": False}
    routing = suggest(rfi, caps, candidates, resolve)

    by_member = {s.member: s for s in routing.suggestions}
    assert [s.member for s in routing.suggestions][:1] == ["sy"]
    assert by_member["sy"].score == 1.0 and "responsible for Raqqa" in by_member["sy"].reasons
    assert by_member["hz"].score > by_member["iq"].score  # collects in SY, on the ground
    assert not by_member["hz"].may_see and not by_member["hz"].proposed  # not released to it
    assert routing.proposed == ("sy", "ir")
    assert by_member["iq"].score < 0.5


def test_routing_weighs_who_answered_similar_requests() -> None:
    script = _ask(disciplines=["signals"], region_refs=[country_location_id("SY")])
    script.ask(
        RFI_2,
        "ir",
        T0,
        tasked=("iq",),
        disciplines=["signals"],
        region_refs=[country_location_id("SY")],
    )
    script.reply(RFI_2, "iq", T0 + 5, Reply.ANSWERED, (REPORT,))
    state = fold(script.records, IDENTITIES, T0 + 10)
    caps = capabilities(CHARTER, {}, resolve)
    candidates = {"sy": True, "ir": True, "iq": True}
    plain = suggest(state.rfis[RFI_1], caps, candidates, resolve)
    informed = suggest(state.rfis[RFI_1], caps, candidates, resolve, state.rfis.values())
    score = {s.member: s.score for s in plain.suggestions}
    with_history = {s.member: s for s in informed.suggestions}
    assert with_history["iq"].score > score["iq"]
    assert "answered 1 similar request" in with_history["iq"].reasons


def test_routing_uses_a_members_declaration_over_the_charter() -> None:
    script = _ask(domains=["maritime"])
    rfi = fold(script.records, IDENTITIES, T0).rfis[RFI_1]
    declared = {"iq": Declaration("iq", T0, disciplines=("human",), domains=("maritime",))}
    caps = capabilities(CHARTER, declared, resolve)
    assert caps["iq"].declared == T0 and caps["iq"].regions == ()
    routing = suggest(rfi, caps, {"sy": True, "iq": True}, resolve)
    assert routing.proposed == ("iq",) and routing.suggestions[1].score == 0.0


def test_routing_proposes_nobody_already_tasked() -> None:
    script = _ask(tasked=("sy",), disciplines=["human"])
    rfi = fold(script.records, IDENTITIES, T0).rfis[RFI_1]
    routing = suggest(rfi, capabilities(CHARTER, {}, resolve), {"sy": True, "ir": True}, resolve)
    assert routing.proposed == ("ir",)
    assert next(s for s in routing.suggestions if s.member == "sy").tasked
