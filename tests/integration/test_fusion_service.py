"""Fusion through the service and the HTTP API: Soleimani in four scripts by three members,
each member's entity built only from what it may see; decisions; correlation; the seed's
reported visit and its denial as contradiction."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from allyhub.app import Services, build_services
from allyhub.charter import Role, Tlp
from allyhub.errors import NotFound
from allyhub.service import Principal
from allyhub.settings import Settings
from allyhub.stix.markings import releasability_marking
from tests.conftest import HubProcess, RunningHub
from tests.factories import T0, envelope, indicator, ipv4, marked, sid


def _principal(services: Services, member: str, role: Role = Role.ANALYST) -> Principal:
    return services.keys.authenticate(services.keys.create(member, role)[0])


def _actor(
    creator: str, name: str, tlp: Tlp, *markings: str, aliases: list[str] | None = None
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "type": "threat-actor",
        "spec_version": "2.1",
        "id": sid("threat-actor"),
        "created": T0,
        "modified": T0,
        "name": name,
        "created_by_ref": creator,
        "threat_actor_types": ["nation-state"],
    }
    if aliases:
        obj["aliases"] = aliases
    return marked(obj, tlp, *markings)


@pytest.fixture
def soleimani(services: Services) -> dict[str, dict[str, Any]]:
    ident = {m.id: m.identity for m in services.charter.members}
    to_ir_ru = releasability_marking([ident["ir"], ident["ru"]], ident["ir"])
    shared = {
        "ru": _actor(ident["ru"], "Касем Сулеймани", Tlp.GREEN),
        "sy": _actor(ident["sy"], "卡西姆·蘇雷曼尼", Tlp.GREEN, aliases=["卡西姆·索萊馬尼"]),
        "ir": _actor(
            ident["ir"], "قاسم سلیمانی", Tlp.AMBER, to_ir_ru["id"], aliases=["Qasem Soleimani"]
        ),
        "iq": _actor(ident["iq"], "Hafez al-Assad", Tlp.GREEN),
    }
    for member, obj in shared.items():
        extra = [to_ir_ru] if member == "ir" else []
        status = services.sharing.share(
            _principal(services, member), "joint", orjson.dumps(envelope(*extra, obj))
        )
        assert not status.failures, status.failures
    services.fusion.catch_up()
    return shared


def test_each_member_sees_a_fused_entity_made_of_what_it_may_see(
    services: Services, soleimani: dict[str, dict[str, Any]]
) -> None:
    ru, sy = _principal(services, "ru"), _principal(services, "sy")
    ids = {m: o["id"] for m, o in soleimani.items()}
    for_ru = services.fusion.entity(ru, ids["ru"])
    assert set(for_ru.objects) == {ids["ru"], ids["sy"], ids["ir"]}
    scripts = {form.script for form in for_ru.names}
    assert {"Cyrillic", "Hant", "Persian", "Latin"} <= scripts
    assert for_ru.members == ["ir", "ru", "sy"]

    for_sy = services.fusion.entity(sy, ids["sy"])
    assert set(for_sy.objects) == {ids["ru"], ids["sy"]}  # Iran's report is not released to sy
    assert all(ids["ir"] not in (link.a, link.b) for link in for_sy.links)
    assert "قاسم" not in " ".join(form.text for form in for_sy.names)
    assert ids["iq"] not in for_sy.objects  # Hafez al-Assad is someone else
    with pytest.raises(NotFound):
        services.fusion.entity(sy, ids["ir"])


def test_search_finds_the_entity_across_scripts(
    services: Services, soleimani: dict[str, dict[str, Any]]
) -> None:
    ru = _principal(services, "ru")
    found = services.fusion.entities(ru, "Qassem Suleimani")
    assert found and soleimani["sy"]["id"] in found[0].objects


def test_a_rejection_blocks_the_link_for_good(
    services: Services, soleimani: dict[str, dict[str, Any]]
) -> None:
    sy = _principal(services, "sy")  # sy does not see Iran's report, so only the direct link joins
    a, b = soleimani["ru"]["id"], soleimani["sy"]["id"]
    assert b in services.fusion.entity(sy, a).objects
    assert services.fusion.decide(sy, a, b, same=False).decided is False
    assert services.fusion.entity(sy, a).objects == [a]
    services.fusion.decide(
        _principal(services, "ru"), a, b, same=True
    )  # a later yes does not undo it
    view = services.fusion.entity(sy, a)
    assert view.objects == [a]
    assert [link.decided for link in view.links if {link.a, link.b} == {a, b}] == [False]


def test_correlation_by_ip_containment_respects_visibility(services: Services) -> None:
    ident = {m.id: m.identity for m in services.charter.members}
    ru, hz = _principal(services, "ru"), _principal(services, "hz")
    seen_by_all = indicator(ident["ru"], value="198.51.100.7", tlp=Tlp.GREEN)
    network = marked(dict(ipv4("198.51.100.0"), value="198.51.100.0/24"), Tlp.GREEN)
    full_only = indicator(ident["ir"], value="198.51.100.7", tlp=Tlp.AMBER)
    services.sharing.share(ru, "joint", orjson.dumps(envelope(seen_by_all, network)))
    services.sharing.share(_principal(services, "ir"), "joint", orjson.dumps(envelope(full_only)))
    services.fusion.catch_up()
    for_ru = services.fusion.correlations(ru, seen_by_all["id"])
    assert {o for c in for_ru for o in c.objects} == {network["id"], full_only["id"]}
    for_hz = services.fusion.correlations(hz, seen_by_all["id"])
    assert {o for c in for_hz for o in c.objects} == {network["id"]}  # AMBER is for full members


def test_the_reported_visit_and_its_denial_are_a_contradiction(services: Services) -> None:
    ident = {m.id: m.identity for m in services.charter.members}
    visit = marked(
        {
            "type": "report",
            "spec_version": "2.1",
            "id": sid("report"),
            "created": T0,
            "modified": T0,
            "name": "Soleimani visited Moscow in July 2015",
            "published": T0,
            "report_types": ["threat-actor"],
            "object_refs": [sid("threat-actor")],
            "created_by_ref": ident["ir"],
        },
        Tlp.GREEN,
    )
    denial = marked(
        {
            "type": "opinion",
            "spec_version": "2.1",
            "id": sid("opinion"),
            "created": T0,
            "modified": T0,
            "opinion": "strongly-disagree",
            "object_refs": [visit["id"]],
            "created_by_ref": ident["ru"],
        },
        Tlp.GREEN,
    )
    agree = dict(denial, id=sid("opinion"), opinion="agree", created_by_ref=ident["sy"])
    services.sharing.share(_principal(services, "ir"), "joint", orjson.dumps(envelope(visit)))
    services.sharing.share(_principal(services, "ru"), "joint", orjson.dumps(envelope(denial)))
    services.sharing.share(_principal(services, "sy"), "joint", orjson.dumps(envelope(agree)))
    services.fusion.catch_up()
    claim = services.fusion.corroboration(_principal(services, "iq"), visit["id"])
    assert claim.supporting == ["ir", "sy"] and claim.opposing == ["ru"]


def test_fusion_over_http(hub: RunningHub) -> None:
    services = hub.services
    ident = {m.id: m.identity for m in services.charter.members}
    a = _actor(ident["ru"], "Касем Сулеймани", Tlp.GREEN)
    b = _actor(ident["sy"], "卡西姆·蘇雷曼尼", Tlp.GREEN)
    services.sharing.share(_principal(services, "ru"), "joint", orjson.dumps(envelope(a)))
    services.sharing.share(_principal(services, "sy"), "joint", orjson.dumps(envelope(b)))
    services.fusion.catch_up()
    user, key = hub.key("iq")
    with httpx.Client(base_url=hub.url, auth=(user, key)) as client:
        entity = client.get(f"/api/entities/{a['id']}").json()
        assert b["id"] in entity["objects"]
        assert client.get("/api/entities", params={"q": "Qasem Soleimani"}).json()[0]["id"]
        decided = client.post("/api/links", json={"a": a["id"], "b": b["id"], "decision": "same"})
        assert decided.status_code == 200 and decided.json()["decided"] is True
        assert (
            client.get("/api/entities/indicator--00000000-0000-4000-8000-000000000000").status_code
            == 404
        )


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait_for(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds:.0f} s")
        time.sleep(0.1)


def test_a_served_hub_fuses_in_a_process_of_its_own(
    hub_process: tuple[HubProcess, RunningHub],
) -> None:
    """No catch_up here: the server's fusion process links the two spellings, and the name
    search of the server's process follows what that other process filed."""
    process, hub = hub_process
    services = hub.services
    ident = {m.id: m.identity for m in services.charter.members}
    a = _actor(ident["ru"], "Касем Сулеймани", Tlp.GREEN)
    b = _actor(ident["sy"], "卡西姆·蘇雷曼尼", Tlp.GREEN)
    user, key = hub.key("iq")
    with httpx.Client(base_url=hub.url, auth=(user, key)) as client:
        assert client.get("/api/entities", params={"q": "Qasem Soleimani"}).json() == []
        services.sharing.share(_principal(services, "ru"), "joint", orjson.dumps(envelope(a)))
        services.sharing.share(_principal(services, "sy"), "joint", orjson.dumps(envelope(b)))

        def fused() -> bool:
            return b["id"] in client.get(f"/api/entities/{a['id']}").json()["objects"]

        _wait_for(fused, "the fusion process links the two spellings")
        found = client.get("/api/entities", params={"q": "Qasem Soleimani"}).json()
        assert found and {a["id"], b["id"]} <= set(found[0]["objects"])

    assert process.process is not None
    workers = _children(process.process.pid)
    assert workers, "the server runs its fusion worker as a child process"
    commands = [Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in workers]
    # one child, the worker: no resource tracker beside it (12 MB of the memory budget)
    assert [c[1:4] for c in commands] == [[b"-P", b"-m", b"allyhub.worker"]], commands
    process.kill()  # SIGKILL: the worker must notice it is orphaned and end by itself
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in workers), "worker ends")


def test_a_name_search_follows_names_another_process_filed(
    settings: Settings, services: Services
) -> None:
    ru = _principal(services, "ru")
    assert services.fusion.entities(ru, "Qasem Soleimani") == []  # the index is built now
    ident = {m.id: m.identity for m in services.charter.members}
    actor = _actor(ident["sy"], "卡西姆·蘇雷曼尼", Tlp.GREEN)
    services.sharing.share(_principal(services, "sy"), "joint", orjson.dumps(envelope(actor)))
    other = build_services(settings, migrate=False)  # as `allyhub serve`'s fusion process
    try:
        assert other.fusion.catch_up() > 0
    finally:
        other.engine.dispose()
    found = services.fusion.entities(ru, "Qasem Soleimani")
    assert found and actor["id"] in found[0].objects


def test_a_link_written_again_replaces_the_one_stored(services: Services) -> None:
    """The fusion store's bulk writes, on both backends: a link between two entries written
    a second time replaces the first instead of failing on its key."""
    from sqlalchemy import text

    from allyhub.records import Derived, LinkRow
    from allyhub.store.fusion import SqlFusionStore

    store = SqlFusionStore(services.engine)
    for score in (0.8, 0.9):
        derived = Derived()
        derived.link(LinkRow("b@1", "a@2", score, "link", f"score {score}"))
        with store.writing() as writer:
            writer.apply(derived)
    with services.engine.connect() as connection:
        rows = connection.execute(text("SELECT a, b, score, why FROM fusion_links")).all()
    assert [tuple(row) for row in rows] == [("a@2", "b@1", 0.9, "score 0.9")]


def _person(creator: str, name: str) -> dict[str, Any]:
    return marked(
        {
            "type": "identity",
            "spec_version": "2.1",
            "id": sid("identity"),
            "created": T0,
            "modified": T0,
            "name": name,
            "identity_class": "individual",
            "created_by_ref": creator,
        },
        Tlp.GREEN,
    )


def test_the_charters_aliases_link_names_nothing_else_could(settings: Settings) -> None:
    """The coalition lists al-Baghdadi's birth name beside his nom de guerre, with its
    source: a report under each name, in two scripts, is one person, and the link says
    where that is known from. Before the charter listed them (the same hub, restarted
    with the listing since) the two reports stayed apart; the worker links them when it
    starts with the new charter."""
    text = Path(settings.charter).read_text()
    assert "[[aliases]]" in text  # the seed's charter lists al-Baghdadi
    unlisted = Path(settings.data_dir).parent / "unlisted.toml"
    unlisted.write_text(text[: text.index("[[aliases]]")])
    source = "https://en.wikipedia.org/wiki/Abu_Bakr_al-Baghdadi"

    def report(services: Services) -> tuple[str, str]:
        ident = {m.id: m.identity for m in services.charter.members}
        badri = _person(ident["iq"], "Ibrahim Awad Ibrahim al-Badri")
        baghdadi = _person(ident["ru"], "Абу Бакр аль-Багдади")
        for member, obj in (("iq", badri), ("ru", baghdadi)):
            status = services.sharing.share(
                _principal(services, member), "joint", orjson.dumps(envelope(obj))
            )
            assert not status.failures, status.failures
        services.fusion.catch_up()
        return badri["id"], baghdadi["id"]

    def link(services: Services, pair: tuple[str, str]) -> Any:
        view = services.fusion.entity(_principal(services, "sy"), pair[0])
        found = [k for k in view.links if {k.a, k.b} == set(pair)]
        return found[0] if found else None

    before = build_services(dataclasses.replace(settings, charter=str(unlisted)))
    try:
        old = report(before)
        assert link(before, old) is None
        assert before.fusion.relink_listed() == 0  # nothing listed
    finally:
        before.engine.dispose()
    after = build_services(settings)
    try:
        assert link(after, old) is None
        assert after.fusion.relink_listed() >= 1
        assert after.fusion.relink_listed() == 0  # linked: a restart scores nothing again
        relinked = link(after, old)
        assert relinked is not None and relinked.band == "link" and source in relinked.why
        new = report(after)
        shared = link(after, new)
        assert shared is not None and shared.band == "link" and source in shared.why
        assert set(new) | set(old) <= set(
            after.fusion.entity(_principal(after, "sy"), new[0]).objects
        )
        decided = after.fusion.decide(_principal(after, "sy"), *new, same=True)
        assert decided.band == "link"  # a decision scores with the same tables
    finally:
        after.engine.dispose()
    changed = Path(settings.data_dir).parent / "changed.toml"
    changed.write_text(text.replace('"Ibrahim Awad Ibrahim al-Badri"', '"Ibrahim al-Badri"'))
    again = build_services(dataclasses.replace(settings, charter=str(changed)))
    try:
        assert again.fusion.relink_listed() >= 1  # a changed entry is linked again
    finally:
        again.engine.dispose()
