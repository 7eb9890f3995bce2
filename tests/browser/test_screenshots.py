"""The screenshots of the README and docs/console.md, made from the demo scenario at
fixed viewports: the feed, the graph, an entity page, the dashboard, a request for
information, a response form, the timeline, the audit trail and a liaison's keys.

The hub stamps objects with the time they arrive, so the times on the page are set to
the scenario's own date before each picture: the images then change only when the
console does.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from tests.conftest import RunningHub

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FIXED_TIME = """() => document.querySelectorAll("time").forEach(t => {
  t.textContent = "2015-10-06 12:00:00 UTC"; t.removeAttribute("datetime"); })"""


def _shoot(page: Any, name: str, until: str = "") -> Path:
    """The viewport, or from its top to the bottom of the `until` element."""
    page.evaluate(FIXED_TIME)
    page.mouse.move(0, 0)
    path = SHOTS / f"{name}.png"
    clip = None
    if until:
        box = page.locator(until).bounding_box()
        clip = {
            "x": 0,
            "y": 0,
            "width": page.viewport_size["width"],
            "height": box["y"] + box["height"] + 16,
        }
    page.screenshot(path=str(path), animations="disabled", clip=clip)
    return path


SOLEIMANI = [  # one person, five members, four scripts: what ru's entity page brings together
    "Касем Сулеймани",
    "卡西姆·蘇雷曼尼",
    "قاسم سليماني",
    "قاسم سلیمانی",  # Iran's report, released to ru alone
    "Qassem Suleimani",
]


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_screenshots_of_the_feed_graph_and_entity(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    ru = analyst("ru")
    page = ru.page
    ru.go("/feed")
    feed = page.locator("main").inner_text()
    assert "Касем Сулеймани" in feed  # ru's own
    assert (
        seeded["Soleimani visited Moscow in July 2015 to plan the Syria campaign"]["name"] in feed
    )
    made = [_shoot(page, "feed")]
    page.set_viewport_size({"width": 1280, "height": 1080})  # the whole graph, under the header
    ru.go("/graph")
    page.locator("#graph canvas").first.wait_for()
    page.wait_for_timeout(300)  # the layout runs once; its first frame is then drawn
    made.append(_shoot(page, "graph", until="figure.graph"))
    ru.go("/entities?q=Soleimani")
    page.locator("main ol a").first.click()
    page.wait_for_url("**/entities/**")
    entity = page.locator("main").inner_text()
    assert [name for name in SOLEIMANI if name not in entity] == []
    made.append(_shoot(page, "entity"))
    sizes = [_png_size(path) for path in made]
    assert sizes[0] == (1280, 860)  # the feed: the viewport
    assert sizes[1][0] == 1280 and 200 < sizes[1][1] <= 1080  # the graph, cut below its figure
    assert sizes[2] == (1280, 1080)  # the entity page: the taller viewport
    for path in made:
        assert path.stat().st_size > 10_000, path  # a picture, not a blank page


def test_screenshots_of_the_workbench(hub: RunningHub, seeded: dict, analyst: Any) -> None:
    """The pages analysts act from (docs/console.md)."""
    from allyhub.charter import Role
    from allyhub.rfi import Priority
    from allyhub.service.rfi import Question

    SHOTS.mkdir(parents=True, exist_ok=True)
    services = hub.services
    ir = services.keys.authenticate(services.keys.create("ir", Role.ANALYST, "shots")[0])
    asked = services.rfi.ask(
        ir,
        Question(
            "Which airfields near Latakia take long-range bombers?",
            priority=Priority.HIGH,
            regions=("SY",),
            task=("ru", "sy"),
        ),
    )
    ru = analyst("ru", Role.LIAISON)
    page = ru.page
    page.set_viewport_size({"width": 1280, "height": 1000})
    made = []
    ru.go("/")
    made.append(_shoot(page, "dashboard"))
    ru.go(f"/rfis/{asked.rfi.id}")
    made.append(_shoot(page, "rfi"))
    c2 = seeded["ISIL propaganda relay"]["id"]
    ru.go(f"/objects/{c2}/respond?kind=sighting")
    made.append(_shoot(page, "respond"))
    ru.go("/timeline")
    made.append(_shoot(page, "timeline"))
    ru.go("/audit")
    made.append(_shoot(page, "audit"))
    ru.go("/keys")
    made.append(_shoot(page, "keys"))
    page.set_viewport_size({"width": 390, "height": 844})
    ru.go("/feed")
    made.append(_shoot(page, "feed-phone"))
    for path in made:
        assert path.stat().st_size > 10_000, path


def test_screenshots_of_the_search_and_an_entity_with_everything_about_it(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    """docs/console.md's search page (a name typed in Arabic script) and the entity page
    it leads to, from the top of the page to the end of what is about the entity."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    ru = analyst("ru")
    page = ru.page
    page.set_viewport_size({"width": 1280, "height": 1000})
    ru.go("/search?q=" + "سليماني")
    found = page.locator("section[aria-labelledby=found-entities]").inner_text()
    # the Arabic-script query finds the one fused person, shared by all five members
    assert "قاسم سليماني" in found and "5 objects from" in found
    made = [_shoot(page, "search")]
    page.locator("section[aria-labelledby=found-entities] a").first.click()
    page.wait_for_url("**/entities/**")
    assert [name for name in SOLEIMANI if name not in page.locator("main").inner_text()] == []
    made.append(_shoot(page, "entity-pivots", until="section[aria-labelledby=about]"))
    assert _png_size(made[0]) == (1280, 1000)
    assert _png_size(made[1])[0] == 1280
    for path in made:
        assert path.stat().st_size > 10_000, path
