"""BrowseService on the seed scenario: each read the console makes shows a member what it
may see and nothing else — no item, node, edge, bucket, response or live event of an
object released to others, and the same NotFound for it as for an id never used."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from allyhub.app import Services
from allyhub.charter import Role, Tlp
from allyhub.demo.scenario import build
from allyhub.errors import InvalidRequest, NotFound
from allyhub.service import Principal
from allyhub.service.browsing import FeedFilter
from allyhub.stix.drafts import Draft

MISSING = "report--00000000-0000-4000-8000-000000000000"


def principal(services: Services, member: str, role: Role = Role.ANALYST) -> Principal:
    return services.keys.authenticate(services.keys.create(member, role)[0])


@pytest.fixture
def seeded(services: Services) -> dict[str, dict[str, Any]]:
    """Share the seed scenario; return its objects by name (or id)."""
    for share in build(services.charter):
        status = services.sharing.share(
            principal(services, share.member), "joint", orjson.dumps({"objects": share.objects})
        )
        assert not status.failures, status.failures
    return {o.get("name", o["type"]): o for share in build(services.charter) for o in share.objects}


VISIT = "Soleimani visited Moscow in July 2015 to plan the Syria campaign"


def ids(items: list[Any]) -> set[str]:
    return {i.stix_id for i in items}


def test_feed_shows_each_member_its_own_view(services: Services, seeded: dict) -> None:
    visit = seeded[VISIT]["id"]
    ru, sy = principal(services, "ru"), principal(services, "sy")

    assert visit in ids(services.browse.feed(ru, FeedFilter()).items)
    assert visit not in ids(services.browse.feed(sy, FeedFilter()).items)
    # no marking definitions in feeds
    assert all(i.type != "marking-definition" for i in services.browse.feed(ru, FeedFilter()).items)


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        pytest.param(
            FeedFilter(types=("report",)),
            {VISIT, "Long-range aviation refuels at Hamadan for strikes in Syria"},
            id="type",
        ),
        pytest.param(
            FeedFilter(members=("iq",)),
            {
                "Islamic State of Iraq and the Levant",
                "ISIL propaganda relay",
                "Republic of Iraq",
                "قاسم سليماني",
            },
            id="member",
        ),
        pytest.param(
            FeedFilter(tlps=(Tlp.AMBER,), members=("ir",)), {VISIT, "قاسم سلیمانی"}, id="tlp"
        ),
        pytest.param(
            FeedFilter(text="الدولة"),
            {"Islamic State of Iraq and the Levant"},
            id="text-arabic-alias",
        ),
        pytest.param(FeedFilter(text="КАСЕМ"), {"Касем Сулеймани"}, id="text-cyrillic-any-case"),
        pytest.param(FeedFilter(text="索萊馬尼"), {"卡西姆·蘇雷曼尼"}, id="text-chinese-alias"),
        pytest.param(FeedFilter(text="100%"), set(), id="text-wildcards-are-literal"),
    ],
)
def test_feed_filters(services: Services, seeded: dict, f: FeedFilter, expected: set[str]) -> None:
    ru = principal(services, "ru")
    assert {i.title for i in services.browse.feed(ru, f).items} == expected


def test_search_never_finds_what_the_member_may_not_see(services: Services, seeded: dict) -> None:
    ru, sy = principal(services, "ru"), principal(services, "sy")
    persian = FeedFilter(text="سلیمانی")
    assert ids(services.browse.feed(ru, persian).items) == {seeded["قاسم سلیمانی"]["id"]}
    page = services.browse.feed(sy, persian)
    assert page.items == [] and not page.more and page.mark == 0


def test_feed_pages_newest_first_and_by_time(services: Services, seeded: dict) -> None:
    ru = principal(services, "ru")
    everything = services.browse.feed(ru, FeedFilter(), limit=1000).items
    first = services.browse.feed(ru, FeedFilter(), limit=4)
    assert first.more and first.before == first.items[-1].date_added
    second = services.browse.feed(ru, FeedFilter(), before=first.before, limit=4)
    assert [i.stix_id for i in first.items + second.items] == [i.stix_id for i in everything[:8]]
    assert second.mark == 0  # live updates start from the first page only

    middle = everything[len(everything) // 2].date_added
    older = services.browse.feed(ru, FeedFilter(until=middle), limit=1000).items
    newer = services.browse.feed(ru, FeedFilter(since=middle), limit=1000).items
    assert ids(older) | ids(newer) == ids(everything) and not ids(older) & ids(newer)


def test_object_page_and_not_found_alike(services: Services, seeded: dict) -> None:
    visit = seeded[VISIT]
    ru, sy, ir = (principal(services, m) for m in ("ru", "sy", "ir"))

    view = services.browse.object(ru, visit["id"])
    assert view.item.tlp is Tlp.AMBER and view.item.shared_by == "ir"
    assert view.releasable_to == ["Islamic Republic of Iran", "Russian Federation"]
    assert ids(view.refers_to) == {seeded["قاسم سلیمانی"]["id"]}
    assert ids(view.responses) == {seeded["opinion"]["id"]}
    assert view.denied is None and services.browse.object(ir, visit["id"]).denied is None

    with pytest.raises(NotFound) as hidden:
        services.browse.object(sy, visit["id"])
    with pytest.raises(NotFound) as missing:
        services.browse.object(sy, MISSING)
    assert str(hidden.value).replace(visit["id"], "X") == str(missing.value).replace(MISSING, "X")
    refused = list(services.audit.entries(member="sy", act="read.refused"))
    assert [(e.subject, e.about) for e in refused] == [(visit["id"], ""), (MISSING, "")]
    assert refused[0].detail == refused[1].detail  # the same entry, but for the id asked


def test_responses_of_an_object_skip_hidden_ones(services: Services, seeded: dict) -> None:
    ru, sy = principal(services, "ru"), principal(services, "sy")
    hamadan = seeded["Hamadan air base"]["id"]
    strikes = "Long-range aviation refuels at Hamadan for strikes in Syria"
    # ru's AMBER report refers to the GREEN location; hz (associate) must not see it
    assert {i.title for i in services.browse.responses(ru, hamadan)} == {strikes}
    assert {i.title for i in services.browse.responses(sy, hamadan)} == {strikes}
    hz = principal(services, "hz")
    assert services.browse.responses(hz, hamadan) == []


def test_graph_has_no_node_or_edge_of_a_hidden_object(services: Services, seeded: dict) -> None:
    visit, denial = seeded[VISIT]["id"], seeded["opinion"]["id"]
    ru, sy = principal(services, "ru"), principal(services, "sy")

    graph = services.browse.graph(ru)
    nodes = {n.id for n in graph.nodes}
    assert {visit, denial} <= nodes
    assert any(e.source == denial and e.target == visit for e in graph.edges)

    # Russia's denial is released as narrowly as the report it answers: Syria sees neither
    graph = services.browse.graph(sy)
    nodes = {n.id for n in graph.nodes}
    assert denial not in nodes and visit not in nodes and nodes
    assert all(visit not in (e.source, e.target) for e in graph.edges)
    assert all(e.source in nodes and e.target in nodes for e in graph.edges)

    focused = services.browse.graph(ru, focus=visit)
    assert focused.focus == visit and denial in {n.id for n in focused.nodes}
    with pytest.raises(NotFound):
        services.browse.graph(sy, focus=visit)


def test_timeline_places_objects_by_when_they_happened(services: Services, seeded: dict) -> None:
    ru, sy = principal(services, "ru"), principal(services, "sy")
    timeline = services.browse.timeline(ru, FeedFilter(types=("report",)))
    assert [(b.label, [i.title for i in b.items]) for b in timeline.buckets] == [
        ("2016-08", ["Long-range aviation refuels at Hamadan for strikes in Syria"]),
        ("2015-10", [VISIT]),
    ]
    labels = [b.label for b in services.browse.timeline(sy, FeedFilter(types=("report",))).buckets]
    assert labels == ["2016-08"]


def test_news_and_dashboard_bring_only_what_may_be_seen(services: Services, seeded: dict) -> None:
    ru, sy, ir = (principal(services, m) for m in ("ru", "sy", "ir"))
    mark_ru = services.browse.feed(ru, FeedFilter()).mark
    mark_sy = services.browse.feed(sy, FeedFilter()).mark
    draft = Draft(
        "report",
        "Second visit",
        "Again in Moscow.",
        Tlp.AMBER,
        ("ru",),
        "B",
        2,
        about=(seeded[VISIT]["id"],),
    )
    status = services.sharing.share_draft(ir, "joint", draft)
    assert not status.failures, status.failures
    report = status.successes[0].id

    assert ids(services.browse.news(ru, FeedFilter(), mark_ru)) == {report}
    assert services.browse.news(sy, FeedFilter(), mark_sy) == []
    assert services.browse.news(ru, FeedFilter(types=("note",)), mark_ru) == []

    dashboard = services.browse.dashboard(ru, since=mark_ru)
    assert ids(dashboard.news) == {report} and dashboard.by_type == {"report": 1}
    assert ids(services.browse.dashboard(ir, since=mark_ru).responses) == set()
    assert services.browse.dashboard(sy, since=mark_sy).news == []

    view = services.browse.object(ru, report)
    assert view.grade is not None and (view.grade.reliability, view.grade.credibility) == ("B", 2)
    assert view.releasable_to == ["Islamic Republic of Iran", "Russian Federation"]
    assert report in ids(services.browse.responses(ru, seeded[VISIT]["id"]))


def test_dashboard_lists_responses_to_the_members_own_objects(
    services: Services, seeded: dict
) -> None:
    ir = principal(services, "ir")
    dashboard = services.browse.dashboard(ir, since=None)
    assert {i.title for i in dashboard.responses} == {
        "opinion: strongly-disagree",  # ru's denial of ir's report
        "Long-range aviation refuels at Hamadan for strikes in Syria",  # about ir's location
    }


def test_draft_refusals_name_the_field(services: Services) -> None:
    ru = principal(services, "ru")
    with pytest.raises(InvalidRequest, match="releasable_to"):
        services.sharing.share_draft(
            ru, "joint", Draft("report", "x", "y", Tlp.RED, about=(MISSING,))
        )
    with pytest.raises(InvalidRequest, match="about"):
        services.sharing.share_draft(ru, "joint", Draft("report", "x", "y", Tlp.GREEN))
    with pytest.raises(InvalidRequest, match="grade"):
        services.sharing.share_draft(
            ru,
            "joint",
            Draft(
                "opinion",
                "",
                "y",
                Tlp.GREEN,
                reliability="A",
                credibility=1,
                about=(MISSING,),
                opinion="agree",
            ),
        )


def test_draft_with_a_new_subject_in_any_script(services: Services) -> None:
    ru, sy = principal(services, "ru"), principal(services, "sy")
    draft = Draft(
        "note",
        "",
        "Seen in Aleppo.",
        Tlp.GREEN,
        subject_type="threat-actor",
        subject_name="أبو بكر البغدادي",
        lang="ar",
    )
    status = services.sharing.share_draft(ru, "joint", draft)
    assert not status.failures and len(status.successes) == 2
    found = services.browse.feed(sy, FeedFilter(text="البغدادي")).items
    assert [(i.type, i.lang) for i in found] == [("threat-actor", "ar")]


def test_hubs_show_sync_to_the_operating_members_liaisons_only(services: Services) -> None:
    sy = principal(services, "sy", Role.LIAISON)  # sy operates damascus
    operator = services.browse.hubs(sy)
    assert operator.sync is not None and operator.served is not None
    for other in (principal(services, "ru", Role.LIAISON), principal(services, "sy")):
        view = services.browse.hubs(other)
        assert view.sync is None and view.served is None
        assert "liaisons of 'sy'" in view.withheld
        assert [h.id for h in view.hubs if h.here] == ["damascus"]
