"""The README's screenshots, made from the demo scenario: the feed, the graph and an
entity page, at fixed viewports.

The hub stamps objects with the time they arrive, so the times on the page are set to
the scenario's own date before each picture: the images then change only when the
console does.
"""

from __future__ import annotations

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


def test_screenshots_of_the_feed_graph_and_entity(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    ru = analyst("ru")
    page = ru.page
    ru.go("/feed")
    made = [_shoot(page, "feed")]
    page.set_viewport_size({"width": 1280, "height": 1080})  # the whole graph, under the header
    ru.go("/graph")
    page.locator("#graph a.node").first.wait_for()
    made.append(_shoot(page, "graph", until="figure.graph"))
    ru.go("/entities?q=Soleimani")
    page.locator("main ol a").first.click()
    page.wait_for_url("**/entities/**")
    made.append(_shoot(page, "entity"))
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
    made = [_shoot(page, "search")]
    page.locator("section[aria-labelledby=found-entities] a").first.click()
    page.wait_for_url("**/entities/**")
    made.append(_shoot(page, "entity-pivots", until="section[aria-labelledby=about]"))
    for path in made:
        assert path.stat().st_size > 10_000, path
