"""Analysts' tasks in a real browser (Debian's Chromium, headless, Playwright) on the demo
scenario: answer a request tasked to your member and see the requester close it; sight
an indicator; export the feed as a STIX bundle and take it into another hub; and an
accessibility check (axe-core, vendored under tests/browser/vendor) of every page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from allyhub.app import build_services
from allyhub.charter import Role
from allyhub.service.rfi import Question
from allyhub.settings import Settings
from tests.browser.conftest import VIEWPORT
from tests.conftest import RSII, RunningHub, serving

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
VISIT = "Soleimani visited Moscow in July 2015 to plan the Syria campaign"
C2 = "ISIL propaganda relay"
ISIL = "Islamic State of Iraq and the Levant"
QUESTION = "Who resupplies the Raqqa checkpoints?"


def test_answer_a_request_tasked_to_your_member_and_see_the_requester_close_it(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    ru, sy = analyst("ru"), analyst("sy")
    # Russia asks, tasking Syria
    ru.go("/rfis")
    ru.page.get_by_role("link", name="Ask a request").click()
    ru.page.get_by_label("What do you need to know?").fill(QUESTION)
    ru.page.get_by_label("Priority", exact=True).select_option("high")
    ru.page.get_by_label("Regions").fill("SY")
    ru.page.get_by_role("group", name="Task these members").get_by_label(
        "Syrian Arab Republic"
    ).check()
    ru.page.get_by_role("button", name="Ask").click()
    ru.page.wait_for_url(re.compile(r"/rfis/.+\?done=ask"))
    request_url = ru.page.url.split("?")[0]
    assert ru.page.locator("p.done").inner_text() == "Your request is recorded."

    # Syria finds it on its dashboard, accepts it, writes a report and answers with it
    sy.go("/")
    sy.page.get_by_role("region", name="Requests for Syrian Arab Republic").get_by_role(
        "link", name=QUESTION
    ).click()
    sy.page.get_by_role("button", name="Accept").click()
    assert sy.page.locator("p.done").inner_text() == "You accepted the request."
    sy.go("/share?kind=report&about=" + seeded[ISIL]["id"])
    sy.page.get_by_label("a report's title").fill("Checkpoint resupply by the Euphrates road")
    sy.page.get_by_label("Text", exact=True).fill("Fuel trucks from Deir ez-Zor, every night.")
    sy.page.get_by_role("button", name="Share", exact=True).click()
    sy.page.wait_for_url(re.compile(r"/share/status/"))
    sy.page.goto(request_url)
    sy.page.get_by_label("Checkpoint resupply by the Euphrates road").check()
    sy.page.get_by_role("button", name="Answer").click()
    assert sy.page.locator("p.done").inner_text() == "Your answer is linked."

    # Russia sees the answer by name and closes the request as satisfied
    ru.page.goto(request_url)
    assert ru.page.get_by_role("link", name="Checkpoint resupply by the Euphrates road").count()
    ru.page.get_by_label("Resolution").fill("Thank you: enough to plan on.")
    ru.page.get_by_role("button", name="Close: satisfied").click()
    assert "closed as satisfied" in ru.page.locator("p.done").inner_text()
    assert "satisfied" in ru.page.locator("dl.facts").inner_text()
    sy.page.reload()
    assert "satisfied" in sy.page.locator("dl.facts").inner_text()
    assert sy.page.get_by_role("button", name="Answer").count() == 0


def test_create_a_sighting_on_an_indicator(hub: RunningHub, seeded: dict, analyst: Any) -> None:
    ru = analyst("ru")
    page = ru.page
    ru.go("/feed?type=indicator")
    page.get_by_role("link", name=C2).click()
    page.get_by_role("link", name="sighting", exact=True).click()
    page.get_by_label("How many times").fill("4")
    page.get_by_label("First seen").fill("2015-10-01T08:00")
    page.get_by_label("Description").fill("Our sensors in Latakia resolved the relay.")
    page.get_by_label("Labels").fill("c2, latakia")
    page.get_by_role("button", name="Share the sighting").click()
    page.wait_for_url(re.compile(r"/share/status/"))
    assert "accepted" in page.locator("main").inner_text().lower()
    ru.go(f"/objects/{seeded[C2]['id']}")
    assert page.get_by_role("link", name="sighting", exact=True).count() >= 1
    seen = hub.services.browse.responses(hub.services.keys.authenticate(ru.key), seeded[C2]["id"])
    sighting = next(i for i in seen if i.type == "sighting")
    assert sighting.body["count"] == 4 and sighting.body["labels"] == ["c2", "latakia"]


@pytest.fixture
def other_hub(tmp_path: Path) -> Iterator[RunningHub]:
    """Another hub of the same coalition, on its own database."""
    settings = Settings(
        charter=str(RSII),
        hub="damascus",
        data_dir=str(tmp_path / "other"),
        db=f"sqlite:///{tmp_path / 'other.sqlite'}",
        secret_key="other-secret",
    )
    services = build_services(settings)
    with serving(services) as running:
        yield running
    services.engine.dispose()


def test_export_the_feed_as_a_bundle_and_take_it_into_another_hub(
    hub: RunningHub, seeded: dict, analyst: Any, other_hub: RunningHub, tmp_path: Path
) -> None:
    iq = analyst("iq")
    page = iq.page
    # Iraq's own objects: only their originator may publish them at another hub
    iq.go("/feed")
    page.get_by_role("group", name="Shared by").get_by_label("Republic of Iraq").check()
    page.get_by_role("button", name="Apply").click()
    total = int(re.search(r"of (\d+) object", page.locator("#results").inner_text()).group(1))  # type: ignore[union-attr]
    with page.expect_download() as download:
        page.get_by_role("link", name="STIX bundle").click()
    path = tmp_path / "feed.json"
    download.value.save_as(path)
    bundle = orjson.loads(path.read_bytes())
    objects = [o for o in bundle["objects"] if o["type"] != "marking-definition"]
    assert len(objects) == total > 0

    user, key = other_hub.key("iq")
    taxii = "application/taxii+json;version=2.1"
    with httpx.Client(auth=(user, key), headers={"Accept": taxii, "Content-Type": taxii}) as c:
        posted = c.post(
            other_hub.collection_url() + "objects/",
            content=orjson.dumps({"objects": bundle["objects"]}),
        )
        assert posted.status_code == 202, posted.text
        status = posted.json()
        assert status["failure_count"] == 0, status["failures"]
        assert status["success_count"] == len(bundle["objects"])
        listed = c.get(other_hub.collection_url() + "objects/").json()
    assert {o["id"] for o in objects} <= {o["id"] for o in listed["objects"]}


# -- accessibility: every page, no serious or critical violation ----------------------------


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_or_critical_accessibility_violation_on_any_page(
    hub: RunningHub, seeded: dict, browser: Any
) -> None:
    services = hub.services
    visit, c2 = seeded[VISIT]["id"], seeded[C2]["id"]
    ru_key = services.keys.authenticate(services.keys.create("ru", Role.ANALYST, "axe-rfi")[0])
    asked = services.rfi.ask(ru_key, Question(QUESTION, task=("sy",)))
    principal, key = hub.key("ru", Role.LIAISON)
    found: dict[str, list[dict[str, Any]]] = {}
    for width in (VIEWPORT["width"], 380):  # a desktop and a narrow phone
        context = browser.new_context(
            viewport={"width": width, "height": 860}, bypass_csp=True, locale="en-GB"
        )
        page = context.new_page()
        page.goto(hub.url + "/login")
        found[f"{width} /login"] = _axe(page)
        page.get_by_label("Principal id").fill(principal)
        page.get_by_label("API key").fill(key)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(hub.url + "/")
        paths = [
            "/",
            "/feed",
            "/feed?type=report&tlp=amber",
            f"/objects/{visit}",
            f"/objects/{c2}/respond?kind=sighting",
            f"/objects/{c2}/respond?kind=relationship",
            f"/objects/{c2}/respond?kind=opinion",
            "/graph",
            f"/graph?focus={visit}",
            "/timeline",
            "/entities",
            "/entities?q=Soleimani",
            "/rfis",
            "/rfis/ask",
            f"/rfis/{asked.rfi.id}",
            "/share",
            "/governance",
            "/hubs",
            "/audit",
            "/keys",
            f"/entities/{seeded['卡西姆·蘇雷曼尼']['id']}",
            "/objects/report--00000000-0000-4000-8000-000000000000",
        ]
        for path in paths:
            page.goto(hub.url + path)
            if path.startswith("/graph"):
                page.locator("#graph canvas").first.wait_for()
            found[f"{width} {path}"] = _axe(page)
        context.close()
    problems = {where: v for where, v in found.items() if v}
    assert not problems, problems


def test_the_graph_draws_two_hundred_objects_and_expands_one(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    """200 nodes laid out by cose without an error; Expand adds the neighbours of the
    selected object through /graph/neighbours."""
    from tests.factories import indicator, report

    services = hub.services
    ru_identity = services.coalition.state().identity_of("ru")
    isil = seeded[ISIL]["id"]
    objects = [indicator(ru_identity, value=f"198.51.{i // 200}.{i % 200}") for i in range(190)]
    objects += [report(ru_identity, name=f"Sighting batch {i}", refs=(isil,)) for i in range(20)]
    key = services.keys.create("ru", Role.ANALYST, "bulk")[0]
    shared = services.sharing.share(
        services.keys.authenticate(key), "joint", orjson.dumps({"objects": objects})
    )
    assert not shared.failures
    ru = analyst("ru")
    page = ru.page
    ru.go("/graph")
    page.locator("#graph canvas").first.wait_for()
    drawn = orjson.loads(page.locator("#graph-data").text_content())
    assert len(drawn["nodes"]) >= 200
    assert page.evaluate("document.querySelector('#graph canvas').width") > 0
    batch = objects[-1]["id"]  # a report about ISIL: around it, ISIL alone
    ru.go(f"/graph?focus={batch}")
    page.locator("#graph canvas").first.wait_for()
    page.locator("#graph").focus()
    page.keyboard.press("ArrowRight")  # selects the focus
    page.keyboard.press("ArrowRight")  # then the object linked to it: ISIL
    assert "Islamic State" in page.locator("#graph-selected").inner_text()
    page.get_by_role("button", name="Expand the selected object").click()
    page.locator("#graph-selected").filter(has_text="added around").wait_for()
    added = int(page.locator("#graph-selected").inner_text().split()[0])
    assert added >= 19  # the other reports about ISIL
