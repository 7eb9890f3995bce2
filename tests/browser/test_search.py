"""Finding and pivoting in a real browser (Debian's Chromium), as analysts' tasks on the
demo scenario: a name typed in any script from the box on every page, an IP address that
is only inside an indicator's pattern, a correlation followed from one member's indicator
to another's, and a threat actor's page leading to its fused entity and what is about it.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import RunningHub

VISIT = "Soleimani visited Moscow in July 2015 to plan the Syria campaign"
RELAY_SY = "Relay contacted from Damascus"
RELAY_IQ = "ISIL propaganda relay"


def _search_from_the_header(page: Any, text: str) -> None:
    """Type into the search box of the page at hand and press Enter."""
    box = page.get_by_role("searchbox", name="Search names in any script, values, ids, words")
    box.fill(text)
    box.press("Enter")
    page.wait_for_url("**/search?q=*")


def test_an_arabic_spelling_reaches_the_moscow_visit_in_two_clicks_for_ru_not_sy(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    ru, sy = analyst("ru"), analyst("sy")

    ru.go("/feed")
    _search_from_the_header(ru.page, "سليماني")  # typed, then Enter: the first click
    page = ru.page
    assert page.get_by_role("heading", name="threat-actor 5").is_visible()
    page.get_by_role("link", name=VISIT, exact=True).click()  # the second
    page.wait_for_url("**/objects/report--*")
    assert page.get_by_role("heading", level=1).inner_text() == VISIT
    flags = page.locator(".flags")
    assert "Contradicted" in flags.inner_text()
    assert "opposed by Russian Federation" in flags.inner_text()
    assert "supported by Islamic Republic of Iran" in flags.inner_text()
    # and on to the person the report is about, fused across scripts
    page.get_by_text("About the fused threat-actor").get_by_role("link").click()
    page.wait_for_url("**/entities/**")
    assert page.locator("section[aria-labelledby=members] li").count() == 5

    sy.go("/")
    _search_from_the_header(sy.page, "سليماني")
    main = sy.page.locator("main").inner_text()
    assert sy.page.get_by_role("link", name=VISIT).count() == 0
    assert "Moscow" not in main and "report" not in main
    assert sy.page.get_by_role("heading", name="threat-actor 4").is_visible()


def test_an_ip_inside_an_indicator_pattern_is_found_by_its_network(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    iq = analyst("iq")
    iq.go("/")
    _search_from_the_header(iq.page, "198.51.100.0/24")
    page = iq.page
    assert "Read as: ipv4" in page.locator("main").inner_text()
    page.get_by_role("link", name=RELAY_SY, exact=True).click()
    page.wait_for_url("**/objects/indicator--*")
    assert "198.51.100.7" in page.locator("main dl.props").first.inner_text()


def test_a_correlation_leads_from_syrias_indicator_to_iraqs_and_back(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    sy = analyst("sy")
    sy.go("/")
    _search_from_the_header(sy.page, "relay contacted")
    page = sy.page
    page.get_by_role("link", name=RELAY_SY, exact=True).click()
    page.wait_for_url("**/objects/indicator--*")
    correlated = page.locator("section[aria-labelledby=correlations]")
    assert "shares domain relay.example.org" in correlated.inner_text()
    assert "TLP:AMBER" in correlated.inner_text()  # Iraq's is AMBER, drawn with its marking
    correlated.get_by_role("link", name=RELAY_IQ, exact=True).click()
    page.wait_for_url(f"**/objects/{seeded[RELAY_IQ]['id']}")
    assert page.get_by_role("heading", level=1).inner_text() == RELAY_IQ
    back = page.locator("section[aria-labelledby=correlations]")
    assert back.get_by_role("link", name=RELAY_SY, exact=True).count() == 1


def test_a_threat_actor_leads_to_its_fused_entity_and_everything_about_it(
    hub: RunningHub, seeded: dict, analyst: Any
) -> None:
    ru = analyst("ru")
    ru.go(f"/objects/{seeded['Касем Сулеймани']['id']}")
    page = ru.page
    page.locator(".entity-link a").click()
    page.wait_for_url("**/entities/**")
    about = page.locator("section[aria-labelledby=about]")
    assert about.get_by_role("link", name=VISIT, exact=True).count() == 1
    # every reference on the page is a name with its type and marking, never a bare id
    main = page.locator("main").inner_text()
    assert "threat-actor--" not in main and "report--" not in main
    links = page.locator("section[aria-labelledby=links]").inner_text()
    assert "(group)" not in links and "(organization)" not in links
    about.get_by_role("link", name="report").first.click()  # the type filter
    page.wait_for_url("**type=report**")
    assert page.locator("section[aria-labelledby=about] h3").all_inner_texts() == ["report 1"]
