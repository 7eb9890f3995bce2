"""The console's acts, lists and drawings over real HTTP (a hub served by uvicorn on
loopback, httpx as the browser): every form, including its refusals (what was typed
stays, the reason is said), and the totals, pages and exports of the feed, which count
only what the member may see. On SQLite and PostgreSQL (the root conftest's db_url)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

import httpx
import orjson
import pytest

from allyhub import errors
from allyhub.charter import Role, Tier, Tlp
from allyhub.policy.governance import MotionKind
from allyhub.policy.standing import Standing
from allyhub.rfi import Priority
from allyhub.service import listing
from allyhub.service.rfi import Marking, Question
from tests.conftest import RunningHub, share_seed
from tests.factories import envelope, indicator, report

VISIT = "Soleimani visited Moscow in July 2015 to plan the Syria campaign"
C2 = "ISIL propaganda relay"
ISIL = "Islamic State of Iraq and the Levant"


class Person:
    """An httpx client signed in through the login form."""

    def __init__(
        self, hub: RunningHub, member: str, role: Role, login: tuple[str, str] | None = None
    ) -> None:
        self.hub = hub
        self.principal, self.key = login or hub.key(member, role)
        self.client = httpx.Client(base_url=hub.url, timeout=30, follow_redirects=False)
        form = self.client.get("/login")
        token = re.search(r'name="token" value="([^"]+)"', form.text)
        assert token
        signed = self.client.post(
            "/login",
            data={"principal": self.principal, "key": self.key, "token": token.group(1)},
        )
        assert signed.status_code == 303, signed.text

    def csrf(self, path: str = "/feed") -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.client.get(path).text)
        assert found
        return found.group(1)

    def post(self, path: str, data: dict[str, Any] | list[tuple[str, str]]) -> httpx.Response:
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        form: dict[str, list[str]] = {"csrf": [self.csrf()]}
        for key, value in fields:
            form.setdefault(key, []).append(value)
        return self.client.post(path, data=form)


@pytest.fixture
def seeded(hub: RunningHub) -> dict[str, dict[str, Any]]:
    return share_seed(hub.services)


@pytest.fixture
def person(hub: RunningHub) -> Iterator[Callable[..., Person]]:
    made: list[Person] = []

    def make(
        member: str, role: Role = Role.ANALYST, login: tuple[str, str] | None = None
    ) -> Person:
        made.append(Person(hub, member, role, login))
        return made[-1]

    yield make
    for each in made:
        each.client.close()


def _total(page: httpx.Response) -> int:
    found = re.search(r"of (\d+) objects? you may see", page.text)
    return int(found.group(1)) if found else 0


def _ids(page: httpx.Response) -> list[str]:
    return re.findall(r'<tr class="row" data-id="([^"]+)"', page.text)


def _link(page: httpx.Response, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', page.text)
    return found.group(1).replace("&amp;", "&") if found else None


# -- the feed: totals, pages both ways, sorting, export ----------------------------------


def test_feed_totals_count_only_what_the_member_may_see(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    ru, hz = person("ru"), person("hz")
    before = {"ru": _total(ru.client.get("/feed")), "hz": _total(hz.client.get("/feed"))}
    indicators = _total(hz.client.get("/feed?type=indicator"))
    assert before["ru"] > before["hz"] > 0  # an associate sees no AMBER without a list
    # Russia shares an AMBER indicator: every full member may see it, the associate not
    ru_identity = hub.services.coalition.state().identity_of("ru")
    shared = hub.services.sharing.share(
        hub.services.keys.authenticate(ru.key),
        "joint",
        orjson.dumps(envelope(indicator(ru_identity, tlp=Tlp.AMBER, value="203.0.113.9"))),
    )
    assert not shared.failures
    assert _total(ru.client.get("/feed")) == before["ru"] + 1
    assert _total(hz.client.get("/feed")) == before["hz"]  # a hidden object changes no count
    assert _total(hz.client.get("/feed?type=indicator")) == indicators
    assert "No object you may see matches" in hz.client.get("/feed?type=grouping").text


def test_feed_pages_both_ways_and_sorts(seeded: dict, person: Callable[..., Person]) -> None:
    ru = person("ru")
    first = ru.client.get("/feed?size=25")
    total = _total(first)
    every = _ids(ru.client.get("/feed?size=200"))
    assert len(every) == total > 0
    # walk older pages, then newer pages back: the same objects, no repeats, no gaps
    pages = [first]
    while (older := _link(pages[-1], "next")) is not None:
        pages.append(ru.client.get(older))
    walked = [i for p in pages for i in _ids(p)]
    assert walked == every
    back = [pages[-1]]
    while (newer := _link(back[-1], "prev")) is not None:
        back.append(ru.client.get(newer))
    assert [_ids(p) for p in reversed(back)] == [_ids(p) for p in pages]
    assert _link(first, "prev") is None and _link(pages[-1], "next") is None
    oldest = ru.client.get("/feed?sort=oldest&size=200")
    assert _ids(oldest) == list(reversed(every))
    assert ru.client.get("/feed?sort=sideways").status_code == 400
    assert ru.client.get("/feed?size=7").status_code == 400
    assert ru.client.get("/feed?next=forged").status_code == 400


def test_the_feeds_text_filter_matches_as_the_search_box_does(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    """An Arabic spelling finds the Moscow visit in ru's feed (through fusion's keys, not
    the letters of its title), its total and its export; sy's feed finds the person but
    never the visit; a value inside a pattern finds its indicator; no match is no row."""
    hub.services.fusion.catch_up()
    ru, sy = person("ru"), person("sy")
    visit = seeded[VISIT]["id"]
    found = ru.client.get("/feed", params={"q": "سليماني"})
    assert found.status_code == 200
    assert visit in _ids(found) and _total(found) == len(_ids(found)) >= 2
    exported = orjson.loads(ru.client.get("/feed/export.json", params={"q": "سليماني"}).content)
    assert visit in {o["id"] for o in exported["objects"]}
    theirs = sy.client.get("/feed", params={"q": "سليماني"})
    assert _ids(theirs) and visit not in _ids(theirs)
    relay = ru.client.get("/feed", params={"q": "198.51.100.0/24"})
    types = set(re.findall(r'<span class="type">([^<]+)</span>', relay.text))
    assert _ids(relay) and "indicator" in types and types <= {"indicator", "ipv4-addr"}
    assert _total(ru.client.get("/feed", params={"q": "no such thing anywhere"})) == 0


def test_export_holds_the_view_and_only_what_the_member_may_see(
    seeded: dict, person: Callable[..., Person]
) -> None:
    ru, sy = person("ru"), person("sy")
    visit = seeded[VISIT]["id"]
    bundle = orjson.loads(ru.client.get("/feed/export.json").content)
    ids = {o["id"] for o in bundle["objects"]}
    assert bundle["type"] == "bundle" and visit in ids
    # the releasability list the visit uses travels with it, so another hub can take it
    refs = {r for o in bundle["objects"] for r in o.get("object_marking_refs", [])}
    assert any(o["type"] == "marking-definition" and o["id"] in refs for o in bundle["objects"])
    theirs = orjson.loads(sy.client.get("/feed/export.json").content)
    assert visit not in {o["id"] for o in theirs["objects"]}
    objects = [o for o in theirs["objects"] if o["type"] != "marking-definition"]
    assert len(objects) == _total(sy.client.get("/feed"))
    # the current view: its filters narrow the export too; CSV as a spreadsheet reads it
    response = ru.client.get("/feed/export.csv?type=report")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows and {r["type"] for r in rows} == {"report"}
    assert len(rows) == _total(ru.client.get("/feed?type=report"))
    assert visit in {r["id"] for r in rows}
    assert ru.client.get("/feed/export.xml").status_code == 404


# -- requests for information ------------------------------------------------------------


def test_an_rfi_asked_answered_and_closed_from_the_console(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    ru, sy = person("ru"), person("sy")
    # a refusal keeps what was typed and says why
    refused = ru.post("/rfis/ask", {"question": "", "regions": "SY", "priority": "high"})
    assert refused.status_code == 422
    assert "say what you need to know" in refused.text
    assert 'name="regions" value="SY"' in refused.text
    asked = ru.post(
        "/rfis/ask",
        [
            ("question", "Who resupplies the Raqqa checkpoints?"),
            ("priority", "high"),
            ("regions", "SY"),
            ("task", "sy"),
            ("tlp", "amber"),
        ],
    )
    assert asked.status_code == 303, asked.text
    path = unquote(asked.headers["location"].split("?")[0])
    rfi_id = path.rsplit("/", 1)[1]
    page = ru.client.get(path)
    assert "Who resupplies the Raqqa checkpoints?" in page.text
    assert 'value="accept"' not in page.text and 'value="close"' in page.text  # not tasked
    # its object page (a link from the feed or a search) leads to the request's own page
    as_object = ru.client.get(f"/objects/{rfi_id}")
    assert as_object.status_code == 303 and as_object.headers["location"] == f"/rfis/{rfi_id}"

    # Syria, tasked: sees accept and decline; the requester's buttons are not offered
    mine = sy.client.get(path)
    assert 'value="accept"' in mine.text and 'value="decline"' in mine.text
    assert 'value="close"' not in mine.text
    # closing it anyway is refused by the service, with the reason, on the same page
    closing = sy.post(path, {"act": "close", "resolution": "not mine"})
    assert closing.status_code == 422 and "only the requester" in closing.text
    assert sy.post(path, {"act": "accept", "comment": "on it"}).status_code == 303
    # answering with nothing linked is refused; then with a report released to Russia
    empty = sy.post(path, {"act": "answer", "comment": "see below"})
    assert empty.status_code == 422 and "link the reports" in empty.text
    assert 'value="see below"' in empty.text  # what was typed stays
    sy_identity = hub.services.coalition.state().identity_of("sy")
    answer = report(sy_identity, name="Checkpoint resupply by the Euphrates road", refs=("x",))
    answer["object_refs"] = [seeded[ISIL]["id"]]
    status = hub.services.sharing.share(
        hub.services.keys.authenticate(sy.key), "joint", orjson.dumps(envelope(answer))
    )
    assert not status.failures
    form = sy.client.get(path)
    assert "Checkpoint resupply by the Euphrates road" in form.text
    answered = sy.post(path, {"act": "answer", "answer_refs": answer["id"]})
    assert answered.status_code == 303
    # the requester sees the answer by name and closes the request as satisfied
    seen = ru.client.get(path)
    assert "Checkpoint resupply by the Euphrates road" in seen.text
    assert ru.post(path, {"act": "satisfy", "resolution": "thanks"}).status_code == 303
    done = hub.services.rfi.get(hub.services.keys.authenticate(ru.key), rfi_id)
    assert done.rfi.status.value == "satisfied"
    assert "satisfied" in ru.client.get(path).text
    again = ru.post(path, {"act": "close"})
    assert again.status_code == 422 and "already" in again.text


def test_an_rfi_hidden_from_a_member_is_not_found(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    services = hub.services
    ir = services.keys.authenticate(services.keys.create("ir", Role.ANALYST)[0])
    asked = services.rfi.ask(
        ir,
        Question(
            "Secret question",
            priority=Priority.HIGH,
            task=("ru",),
            marking=Marking(Tlp.AMBER_STRICT, ("ru",)),
        ),
    )
    sy = person("sy")
    hidden = sy.client.get(f"/rfis/{asked.rfi.id}")
    missing = sy.client.get("/rfis/x-allyhub-rfi--00000000-0000-4000-8000-000000000000")
    assert hidden.status_code == missing.status_code == 404
    assert "Secret question" not in hidden.text


# -- responses to objects, labels ---------------------------------------------------------


def test_a_sighting_on_an_indicator_and_refusals_that_keep_what_was_typed(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    ru = person("ru")
    c2 = seeded[C2]["id"]
    form = ru.client.get(f"/objects/{c2}/respond?kind=sighting")
    assert form.status_code == 200 and "First seen" in form.text
    typed = {
        "kind": "sighting",
        "count": "3",
        "first_seen": "2015-10-01T08:00",
        "last_seen": "2015-10-02",
        "text": "seen in our logs",
        "labels": "c2, propaganda",
    }
    # marked more broadly than the AMBER indicator it is about: the admission step
    # refuses it (the associate would learn of the indicator), and the form says so
    broad = ru.post(f"/objects/{c2}/respond", {**typed, "tlp": "green"})
    assert broad.status_code == 422 and "at least as narrowly" in broad.text
    assert "seen in our logs" in broad.text and 'value="c2, propaganda"' in broad.text
    assert 'value="amber" checked' in ru.client.get(f"/objects/{c2}/respond").text
    shared = ru.post(f"/objects/{c2}/respond", {**typed, "tlp": "amber"})
    assert shared.status_code == 303, shared.text
    responses = hub.services.browse.responses(hub.services.keys.authenticate(ru.key), c2)
    sighting = next(i for i in responses if i.type == "sighting")
    assert sighting.body["sighting_of_ref"] == c2 and sighting.body["count"] == 3
    assert sighting.body["labels"] == ["c2", "propaganda"]
    assert sighting.body["first_seen"] == "2015-10-01T08:00:00.000Z"
    assert sighting.body["where_sighted_refs"] == [hub.services.coalition.state().identity_of("ru")]
    # RED without a list: refused, with the reason, and the typed text stays
    red = ru.post(
        f"/objects/{c2}/respond",
        {"kind": "note", "name": "about the relay", "text": "keep this close", "tlp": "red"},
    )
    assert red.status_code == 422 and "needs the members it is for" in red.text
    assert "keep this close" in red.text and 'value="about the relay"' in red.text
    # a relationship with a malformed type and one to an object Russia shares
    bad = ru.post(
        f"/objects/{c2}/respond",
        {"kind": "relationship", "relationship_type": "Uses It!", "target": c2},
    )
    assert bad.status_code == 422 and "relationship_type" in bad.text
    assert 'value="Uses It!"' in bad.text
    isil = seeded[ISIL]["id"]
    good = ru.post(
        f"/objects/{c2}/respond",
        {"kind": "relationship", "relationship_type": "indicates", "target": isil, "tlp": "amber"},
    )
    assert good.status_code == 303, good.text
    # an opinion: its subject is named on the object's responses
    opinion = ru.post(
        f"/objects/{c2}/respond", {"kind": "opinion", "opinion": "agree", "tlp": "amber"}
    )
    assert opinion.status_code == 303


def test_a_response_the_admission_step_refuses_is_shown_with_its_reason(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    hz, reader = person("hz"), person("hz", Role.READER)
    isil = seeded[ISIL]["id"]
    # a reader key: the form is not offered, and posting it anyway is refused, saying why
    refused = reader.client.get(f"/objects/{isil}/respond?kind=note")
    assert "You may not share here" in refused.text and "reader key only reads" in refused.text
    posted = reader.post(f"/objects/{isil}/respond", {"kind": "note", "text": "x"})
    assert posted.status_code in (403, 422) and "reader key only reads" in posted.text
    # an associate's analyst responds to what it sees
    ok = hz.post(f"/objects/{isil}/respond", {"kind": "note", "text": "seen", "tlp": "green"})
    assert ok.status_code == 303, ok.text


def test_labels_on_ones_own_object_and_not_on_anothers(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    iq, ru = person("iq"), person("ru")
    c2 = seeded[C2]["id"]  # Iraq's indicator
    assert 'id="labels"' in iq.client.get(f"/objects/{c2}/respond").text
    assert 'id="labels"' not in ru.client.get(f"/objects/{c2}/respond").text
    saved = iq.post(f"/objects/{c2}/labels", {"labels": "c2, relay"})
    assert saved.status_code == 303, saved.text
    view = hub.services.browse.object(hub.services.keys.authenticate(ru.key), c2)
    assert view.item.body["labels"] == ["c2", "relay"] and len(view.versions) == 2
    same = iq.post(f"/objects/{c2}/labels", {"labels": "c2, relay"})
    assert same.status_code == 422 and "its labels already" in same.text
    # another member's object: the admission step refuses, and says why
    theirs = ru.post(f"/objects/{c2}/labels", {"labels": "mine now"})
    assert theirs.status_code == 422 and 'value="mine now"' in theirs.text
    assert len(hub.services.browse.object(hub.services.keys.authenticate(ru.key), c2).versions) == 2


# -- a liaison's keys ---------------------------------------------------------------------


def test_a_liaison_issues_and_revokes_its_members_keys(
    hub: RunningHub, person: Callable[..., Person]
) -> None:
    liaison, analyst, other = person("ru", Role.LIAISON), person("ru"), person("sy", Role.LIAISON)
    page = analyst.client.get("/keys")
    assert "You may not manage keys here" in page.text and "needs a liaison key" in page.text
    assert 'action="/keys/issue"' not in page.text
    refused = analyst.post("/keys/issue", {"role": "analyst", "name": "night"})
    assert refused.status_code in (403, 422) and "needs a liaison key" in refused.text
    bad = liaison.post("/keys/issue", {"role": "analyst", "name": "Night Shift!"})
    assert bad.status_code == 422 and 'value="Night Shift!"' in bad.text
    issued = liaison.post("/keys/issue", {"role": "analyst", "name": "night", "days": "30"})
    assert issued.status_code == 200
    key = re.search(r'id="new-key">([^<]+)<', issued.text)
    assert key and "ru.night" in issued.text
    key_id = key.group(1).split("_")[1]
    assert hub.services.keys.authenticate(key.group(1)).member == "ru"
    # Syria's liaison may not revoke Russia's key: the same answer as a key never issued
    theirs = other.post("/keys/revoke", {"key_id": key_id})
    assert "no active key" in theirs.text
    assert liaison.post("/keys/revoke", {"key_id": key_id}).status_code == 303
    assert "revoked" in liaison.client.get("/keys").text
    with pytest.raises(errors.NotAuthenticated):
        hub.services.keys.authenticate(key.group(1))
    acts = [e.act for e in hub.services.audit.entries()]
    assert "key.issue" in acts and "key.withdraw" in acts


# -- audit, dashboard, drawings, a declined invitee ------------------------------------------


def test_the_audit_page_reads_in_words_with_filters_and_pages(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    ru = person("ru")
    for _ in range(3):
        person("ru")  # more sign-ins: login entries about Russia
    page = ru.client.get("/audit")
    assert page.status_code == 200 and "signed in" in page.text
    assert '{"' not in page.text  # no raw JSON
    only = ru.client.get("/audit?act=login").text.split("<tbody>")[1]
    assert "signed in" in only and "shared objects" not in only
    assert ru.client.get("/audit?start=-1").status_code == 400


def test_the_dashboard_shows_what_waits_on_the_member(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    services = hub.services
    ir = services.keys.authenticate(services.keys.create("ir", Role.ANALYST)[0])
    services.rfi.ask(ir, Question("Where does the convoy stop?", task=("ru",)))
    ru = person("ru", Role.LIAISON)
    page = ru.client.get("/")
    waiting = page.text.split('id="waiting"')[1].split('id="new"')[0]
    assert "Where does the convoy stop?" in waiting
    assert "Votes you may cast" in waiting and "Same entity?" in waiting
    assert "Sharing over the last year" in page.text and "<svg" in page.text
    assert not re.search(r">allyhub-rfi--", page.text)  # a request shows its question
    # a request that tasks ru names ru's identity: it waits on ru, it is no response to it
    responses = page.text.split('id="responses"')[1]
    assert "Where does the convoy stop?" not in responses
    # the opinion says its subject: the visit it denies, by name
    assert re.search(
        r"opinion: strongly-disagree</a>\s*<span class=\"meta\"><span class=\"about\">about",
        page.text,
    )


def test_graph_neighbours_are_visibility_checked(
    seeded: dict, person: Callable[..., Person]
) -> None:
    ru, sy = person("ru"), person("sy")
    visit = seeded[VISIT]["id"]
    around = ru.client.get(f"/graph/neighbours?id={visit}")
    assert around.status_code == 200
    data = around.json()
    assert visit in {n["id"] for n in data["nodes"]} and data["edges"]
    hidden = sy.client.get(f"/graph/neighbours?id={visit}")
    missing = sy.client.get("/graph/neighbours?id=report--00000000-0000-4000-8000-000000000000")
    assert hidden.status_code == missing.status_code == 404 and hidden.text == missing.text
    page = ru.client.get("/graph")
    assert "fusion link" in page.text and "/static/vendor/cytoscape.min.js" in page.text
    fused = [e for e in orjson.loads(_graph_data(page.text))["edges"] if e["kind"] == "fusion"]
    assert fused  # the Soleimani name forms are linked across scripts


def _graph_data(text: str) -> str:
    return text.split('id="graph-data">')[1].split("</script>")[0]


def test_the_timeline_places_objects_by_their_own_time_and_zooms(
    seeded: dict, person: Callable[..., Person]
) -> None:
    ru = person("ru")
    page = ru.client.get("/timeline")
    assert page.status_code == 200 and "<svg" in page.text
    assert "published 2015-10-06" in page.text  # the visit, at its publication
    zoomed = ru.client.get("/timeline?start=2015-10-01&end=2015-11-01")
    listed = zoomed.text.split('id="list"')[1]
    assert VISIT in listed and "Long-range aviation refuels at Hamadan" not in listed
    assert "Long-range aviation refuels at Hamadan" in page.text
    assert ru.client.get("/timeline?start=2016-01-01&end=2015-01-01").status_code == 400


def test_a_declined_invitee_signing_in_is_told_so(
    hub: RunningHub, person: Callable[..., Person]
) -> None:
    services = hub.services
    liaisons = {
        m: services.keys.authenticate(services.keys.create(m, Role.LIAISON, "chair")[0])
        for m in ("ru", "sy", "ir", "iq")
    }
    motion = services.governance.propose(
        liaisons["ru"], MotionKind.ADMIT, "us", name="United States", tier=Tier.FULL
    )
    for member in ("ru", "sy", "ir", "iq"):
        services.governance.vote(liaisons[member], motion.id, True)
    principal, key = hub.key("us", Role.LIAISON)
    services.governance.respond(services.keys.authenticate(key), motion.id, False)
    assert services.coalition.state().member("us").standing is Standing.DECLINED  # type: ignore[union-attr]
    declined = person("us", Role.LIAISON, (principal, key))
    page = declined.client.get("/")
    assert page.status_code == 403 and "declined the coalition's invitation" in page.text


def test_an_rfi_routed_and_declined_from_the_console(
    hub: RunningHub, seeded: dict, person: Callable[..., Person]
) -> None:
    ru, iq = person("ru"), person("iq")
    asked = ru.post("/rfis/ask", {"question": "Which roads into Palmyra are open?"})
    assert asked.status_code == 303, asked.text
    path = unquote(asked.headers["location"].split("?")[0])
    page = ru.client.get(path)
    assert "Nobody is tasked yet." in page.text and 'value="route"' in page.text
    # the associate may not see an AMBER request: tasking it is refused, and says so
    refused = ru.post(path, {"act": "route", "members": "hz"})
    assert refused.status_code == 422 and "&#39;hz&#39; may not see this request" in refused.text
    assert 'value="hz" checked' in refused.text  # the choice stays
    routed = ru.post(path, [("act", "route"), ("members", "iq"), ("members", "sy")])
    assert routed.status_code == 303
    assert iq.post(path, {"act": "decline", "comment": "no assets there"}).status_code == 303
    seen = ru.client.get(path).text
    assert "declined" in seen and "no assets there" in seen
    again = iq.client.get(path).text
    assert 'value="accept"' not in again and 'value="answer"' not in again
    late = iq.post(path, {"act": "accept"})
    assert late.status_code == 422 and "declined" in late.text


def test_past_the_counted_limit_a_feed_says_more_than_and_still_pages_both_ways(
    seeded: dict, person: Callable[..., Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    ru = person("ru")
    every = _ids(ru.client.get("/feed?size=200"))
    monkeypatch.setattr(listing, "COUNTED", 5)
    first = ru.client.get("/feed?size=25")
    heading = re.search(r'<h2 id="results">(.*?)</h2>', first.text, re.S)
    assert (
        heading
        and heading.group(1) == f"1–{min(25, len(every))} of more than 5 objects you may see"
    )
    pages = [first]
    while (older := _link(pages[-1], "next")) is not None:
        pages.append(ru.client.get(older))
    assert [i for p in pages for i in _ids(p)] == every
    back = [pages[-1]]
    while (newer := _link(back[-1], "prev")) is not None:
        back.append(ru.client.get(newer))
    assert [i for p in reversed(back) for i in _ids(p)] == every
