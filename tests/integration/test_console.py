"""The console over real HTTP (a hub served by uvicorn on loopback, httpx as the browser):
sessions, CSRF, revocation, error pages, headers, live updates, uploads and the entity
pages. What a person sees in a real browser is tests/browser/."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from allyhub.app import Services
from allyhub.charter import Role, Tlp
from allyhub.console.rendering import SECURITY_HEADERS
from allyhub.rfi import Priority
from allyhub.service.rfi import Marking, Question
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub, share_seed
from tests.factories import envelope, indicator, threat_actor

CONSOLE = Path(__file__).resolve().parents[2] / "src" / "allyhub" / "console"
VISIT = "Soleimani visited Moscow in July 2015 to plan the Syria campaign"
MISSING = "report--00000000-0000-4000-8000-000000000000"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return (
        f"sqlite:///{tmp_path / 'hub.sqlite'}"  # the console's reads run on both in test_browsing
    )


@pytest.fixture
def seeded(hub: RunningHub) -> dict[str, dict[str, Any]]:
    return share_seed(hub.services)


@dataclass
class Browser:
    """An httpx client that signs in through the login form, as a person would."""

    hub: RunningHub
    client: httpx.Client
    principal: str = ""
    key: str = ""
    cookie_header: str = field(default="")

    def sign_in(self, principal: str, key: str) -> httpx.Response:
        self.principal, self.key = principal, key
        form = self.client.get("/login")
        token = re.search(r'name="token" value="([^"]+)"', form.text)
        assert token, form.text
        response = self.client.post(
            "/login",
            data={"principal": principal, "key": key, "token": token.group(1), "next": "/"},
        )
        self.cookie_header = response.headers.get("set-cookie", "")
        return response

    def csrf(self, path: str = "/") -> str:
        found = re.search(r'name="csrf" value="([^"]+)"', self.client.get(path).text)
        assert found
        return found.group(1)


@pytest.fixture
def browser(hub: RunningHub) -> Iterator[Callable[..., Browser]]:
    made: list[httpx.Client] = []

    def make(member: str | None = None, role: Role = Role.ANALYST) -> Browser:
        made.append(httpx.Client(base_url=hub.url, timeout=20, follow_redirects=False))
        person = Browser(hub, made[-1])
        if member is not None:
            principal, key = hub.key(member, role)
            assert person.sign_in(principal, key).status_code == 303
        return person

    yield make
    for client in made:
        client.close()


def test_login_sets_a_signed_strict_httponly_cookie_without_the_key(
    hub: RunningHub, browser: Callable[..., Browser]
) -> None:
    person = browser()
    principal, key = hub.key("ru")
    response = person.sign_in(principal, key)

    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = person.cookie_header.lower()
    assert "allyhub_session=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert key not in person.cookie_header and key.split("_", 2)[2] not in person.cookie_header
    assert person.client.get("/").status_code == 200
    logins = list(hub.services.audit.entries(act="login"))
    assert [(e.principal, e.subject) for e in logins] == [(principal, key.split("_")[1])]


def test_login_refusal_is_audited_and_says_little(
    hub: RunningHub, browser: Callable[..., Browser]
) -> None:
    person = browser()
    principal, key = hub.key("ru")
    response = person.sign_in("sy.analyst", key)
    assert response.status_code == 401
    assert "do not make a valid login" in response.text and "allyhub_session" not in (
        response.headers.get("set-cookie") or ""
    )
    refused = list(hub.services.audit.entries(act="auth.refused"))
    # under the hub, not under the member whose principal id was typed (finding 13)
    assert refused and (refused[-1].principal, refused[-1].member) == ("hub", "")
    assert orjson.loads(refused[-1].detail)["claimed"] == "sy.analyst"


def test_login_form_token_is_required(hub: RunningHub, browser: Callable[..., Browser]) -> None:
    principal, key = hub.key("ru")
    response = browser().client.post("/login", data={"principal": principal, "key": key})
    assert response.status_code == 400 and "expired or came from another site" in response.text


def test_pages_send_a_person_without_a_session_to_the_login(
    browser: Callable[..., Browser],
) -> None:
    response = browser().client.get("/feed?q=x")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Ffeed%3Fq%3Dx"


def test_revoking_the_key_ends_the_session_at_once(
    hub: RunningHub, browser: Callable[..., Browser]
) -> None:
    person = browser("ru")
    assert person.client.get("/feed").status_code == 200
    hub.services.keys.revoke(person.key.split("_")[1])

    response = person.client.get("/feed")
    assert response.status_code == 303 and "ended=1" in response.headers["location"]
    assert [e.act for e in hub.services.audit.entries(act="session.refused")] == ["session.refused"]


def test_a_forged_or_tampered_cookie_is_no_session(
    hub: RunningHub, browser: Callable[..., Browser]
) -> None:
    person = browser("ru")
    value = person.client.cookies["allyhub_session"]
    payload, mac = value.split(".")
    person.client.cookies.set("allyhub_session", payload[:-2] + "AA." + mac)
    assert person.client.get("/").status_code == 303


def test_posts_without_the_sessions_csrf_token_or_from_elsewhere_are_refused(
    hub: RunningHub, browser: Callable[..., Browser]
) -> None:
    person = browser("ir", Role.LIAISON)
    token = person.csrf()
    no_token = person.client.post("/governance/deny", data={"member": "ru", "denied": "yes"})
    wrong = person.client.post("/governance/deny", data={"member": "ru", "csrf": "x" * 32})
    elsewhere = person.client.post(
        "/governance/deny",
        data={"member": "ru", "denied": "yes", "csrf": token},
        headers={"Origin": "http://evil.example"},
    )
    assert [r.status_code for r in (no_token, wrong, elsewhere)] == [403, 403, 403]
    assert not hub.services.coalition.state().denies

    done = person.client.post(
        "/governance/deny", data={"member": "ru", "denied": "yes", "csrf": token}
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/governance?done=deny")
    assert hub.services.coalition.state().denies == {"ir": frozenset({"ru"})}
    assert "Russian Federation" in person.client.get("/governance").text


def test_an_object_the_member_may_not_see_is_the_same_404_as_a_missing_one(
    seeded: dict, browser: Callable[..., Browser]
) -> None:
    sy, ru = browser("sy"), browser("ru")
    visit = seeded[VISIT]["id"]
    assert ru.client.get(f"/objects/{visit}").status_code == 200
    hidden, missing = sy.client.get(f"/objects/{visit}"), sy.client.get(f"/objects/{MISSING}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace(visit, "ID") == missing.text.replace(MISSING, "ID")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/feed",
        "/feed?type=report&tlp=amber&q=moscow&since=2015-01-01&until=2099-01-01",
        "/graph",
        "/timeline",
        "/governance",
        "/hubs",
        "/audit",
        "/share",
        "/share?kind=note&about=x",
        "/entities",
        "/entities?q=Soleimani",
        "/rfis",
    ],
)
def test_every_page_renders_with_the_security_headers(
    seeded: dict, browser: Callable[..., Browser], path: str
) -> None:
    response = browser("ru").client.get(path)
    assert response.status_code == 200, response.text
    for header, value in SECURITY_HEADERS.items():
        assert response.headers[header] == value
    assert 'href="#main"' in response.text and 'id="main"' in response.text


def test_a_bad_filter_is_a_400_page_naming_the_field(
    seeded: dict, browser: Callable[..., Browser]
) -> None:
    response = browser("ru").client.get("/feed?since=yesterday")
    assert response.status_code == 400 and "since: a date as YYYY-MM-DD" in response.text


def test_upload_a_bundle(hub: RunningHub, browser: Callable[..., Browser]) -> None:
    person = browser("ru")
    ru = hub.services.charter.member("ru")
    assert ru is not None
    good, bad = threat_actor(ru.identity, name="Абу Бакр аль-Багдади"), indicator(ru.identity)
    bad["pattern"] = "[not a pattern"
    body = orjson.dumps({"type": "bundle", "id": "bundle--1", "objects": [good, bad]})
    response = person.client.post(
        "/share/bundle",
        data={"csrf": person.csrf("/share")},
        files={"bundle": ("intel.json", body, "application/json")},
    )
    assert response.status_code == 303 and response.headers["location"].startswith("/share/status/")
    status = person.client.get(response.headers["location"])
    assert "1 of 2 accepted, 1 refused" in status.text and good["id"] in status.text
    assert "pattern" in status.text
    assert "Абу Бакр аль-Багдади" in person.client.get("/feed?q=багдади").text


def test_share_a_draft_refused_with_the_reason(
    hub: RunningHub, browser: Callable[..., Browser]
) -> None:
    person = browser("ru")
    response = person.client.post(
        "/share/draft",
        data={
            "csrf": person.csrf("/share"),
            "kind": "report",
            "name": "x",
            "tlp": "red",
            "about": MISSING,
        },
    )
    assert response.status_code == 200 and "TLP:RED needs the members it is for" in response.text
    assert 'name="name" dir="auto" value="x"' in response.text  # what was typed stays
    assert 'value="red" checked' in response.text


def test_static_assets_ship_and_nothing_comes_from_elsewhere(
    browser: Callable[..., Browser],
) -> None:
    client = browser().client
    assets = ("console.css", "console.js", "drawing.js", "drawing.css", "favicon.svg")
    for asset in (*assets, "vendor/cytoscape.min.js", "vendor/cytoscape.LICENSE"):
        assert client.get(f"/static/{asset}").status_code == 200
    external = re.compile(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""")
    for path in [*CONSOLE.glob("templates/*.html"), *CONSOLE.glob("static/**/*")]:
        if path.is_file() and path.suffix != ".LICENSE":
            assert not external.search(path.read_text()), path


class _Stream:
    """Reads a server-sent event stream in a thread, collecting event data."""

    def __init__(self, client: httpx.Client, url: str) -> None:
        self.events: list[dict[str, Any]] = []
        self.ended = threading.Event()
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(client, url), daemon=True)
        self._thread.start()
        assert self._opened.wait(10)

    def _read(self, client: httpx.Client, url: str) -> None:
        try:
            with client.stream("GET", url, timeout=httpx.Timeout(30, read=30)) as response:
                self._opened.set()
                for line in response.iter_lines():
                    if line.startswith("data: {"):
                        self.events.append(orjson.loads(line[6:]))
                    elif line.startswith("event: end"):
                        self.ended.set()
        except httpx.HTTPError:
            pass
        finally:
            self._opened.set()
            self.ended.set()

    def wait_for(self, stix_id: str, timeout: float = 15) -> bool:
        deadline = threading.Event()
        for _ in range(int(timeout * 10)):
            if any(e["id"] == stix_id for e in self.events):
                return True
            deadline.wait(0.1)
        return False


def test_live_updates_bring_each_member_only_what_it_may_see(
    hub: RunningHub, seeded: dict, browser: Callable[..., Browser]
) -> None:
    ru, sy = browser("ru"), browser("sy")
    streams = {
        name: _Stream(
            person.client,
            "/events?after="
            + re.search(r'data-mark="([^"]+)"', person.client.get("/feed").text).group(1),
        )  # type: ignore[union-attr]
        for name, person in (("ru", ru), ("sy", sy))
    }
    services: Services = hub.services
    ir = services.keys.authenticate(services.keys.create("ir", Role.ANALYST)[0])
    identities = {m.id: m.identity for m in services.charter.members}
    to_ru = releasability_marking([identities["ir"], identities["ru"]], identities["ir"])
    secret = threat_actor(identities["ir"], name="For Russia only", tlp=Tlp.AMBER)
    secret["object_marking_refs"].append(to_ru["id"])
    public = threat_actor(identities["ir"], name="For everyone", tlp=Tlp.GREEN)
    for objects in ((to_ru, secret), (public,)):
        status = services.sharing.share(ir, "joint", orjson.dumps(envelope(*objects)))
        assert not status.failures, status.failures

    assert streams["ru"].wait_for(secret["id"]) and streams["ru"].wait_for(public["id"])
    assert streams["sy"].wait_for(public["id"])  # it came after the secret one
    assert [e["title"] for e in streams["sy"].events] == ["For everyone"]
    assert streams["ru"].events[0]["tlp"] == "TLP:AMBER"

    services.keys.revoke(sy.key.split("_")[1])
    assert streams["sy"].ended.wait(10)


def test_entity_pages_fuse_names_across_scripts_and_record_decisions(
    hub: RunningHub, seeded: dict, browser: Callable[..., Browser]
) -> None:
    services = hub.services
    russian, persian = seeded["Касем Сулеймани"]["id"], seeded["قاسم سلیمانی"]["id"]
    ru, sy = browser("ru"), browser("sy")
    ru_principal = services.keys.authenticate(ru.key)
    assert 'href="/entities"' in ru.client.get("/").text

    empty = ru.client.get("/entities")
    assert empty.status_code == 200 and "No entity you may see." in empty.text
    listing = ru.client.get("/entities", params={"q": "Soleimani"})
    assert listing.status_code == 200
    hrefs = re.findall(r'href="/entities/([^"]+)"', listing.text)
    assert hrefs and all(services.fusion.entity(ru_principal, h).id for h in hrefs)
    assert russian in services.fusion.entity(ru_principal, hrefs[0]).objects
    page = ru.client.get(f"/entities/{russian}")
    assert page.status_code == 200
    assert 'dir="auto">Касем Сулеймани<' in page.text and "卡西姆·蘇雷曼尼" in page.text
    # the Persian name is AMBER and released to ir and ru: ru sees it, sy does not, and sy
    # cannot tell it exists (the same 404 as a made-up id)
    assert "قاسم سلیمانی" in page.text
    assert "قاسم سلیمانی" not in sy.client.get(f"/entities/{russian}").text
    assert sy.client.get(f"/entities/{persian}").status_code == 404
    assert sy.client.get(f"/entities/{MISSING}").status_code == 404

    view = services.fusion.entity(ru_principal, russian)
    link = next(link for link in view.links if link.decided is None)
    done = ru.client.post(
        "/entities/decide",
        data={
            "csrf": ru.csrf(f"/entities/{russian}"),
            "a": link.a,
            "b": link.b,
            "same": "yes",
            "back": f"/entities/{russian}",
        },
    )
    assert done.status_code == 303 and done.headers["location"].startswith(f"/entities/{russian}")
    after = services.fusion.entity(ru_principal, russian)
    assert any(x.a == link.a and x.b == link.b and x.decided is True for x in after.links)
    assert "confirmed" in ru.client.get(done.headers["location"]).text


def test_the_request_board_and_coverage_show_each_member_its_own_requests(
    hub: RunningHub, seeded: dict, browser: Callable[..., Browser]
) -> None:
    services = hub.services
    ir = services.keys.authenticate(services.keys.create("ir", Role.ANALYST)[0])
    secret = "Which Russian nationals fight for ISIL around Raqqa?"
    asked = services.rfi.ask(
        ir,
        Question(
            secret,
            priority=Priority.HIGH,
            regions=("SY",),
            task=("ru",),
            marking=Marking(Tlp.AMBER_STRICT, ("ru",)),
        ),
    )
    services.rfi.ask(ir, Question("Where do the Hamadan sorties fly?", regions=("IR",)))
    ru, sy = browser("ru"), browser("sy")
    page = ru.client.get("/rfis")
    assert page.status_code == 200
    waiting = page.text.split('id="waiting"')[1].split('id="board"')[0]
    assert secret in waiting and "accept or decline" in waiting
    assert "Where do the Hamadan sorties fly?" in page.text
    assert "2 requests: 1 open, 1 routed." in " ".join(page.text.split())
    assert "Response times" in page.text and "Russian Federation</td><td>1</td>" in page.text

    # released to Iran and Russia only: absent for Syria, from the board and the counts
    other = sy.client.get("/rfis")
    assert other.status_code == 200 and asked.rfi.id not in other.text
    assert secret not in other.text and "Nothing waits on you." in other.text
    assert "1 request: 1 open." in " ".join(other.text.split())
    assert "Russian Federation</td>" not in other.text


def test_a_stream_ends_after_a_while_and_resumes_after_the_last_event_id(
    hub: RunningHub, seeded: dict, browser: Callable[..., Browser], monkeypatch: pytest.MonkeyPatch
) -> None:
    from allyhub.console import events

    monkeypatch.setattr(events, "STREAM_SECONDS", 1.5)
    ru = browser("ru")
    mark = re.search(r'data-mark="([^"]+)"', ru.client.get("/feed").text).group(1)  # type: ignore[union-attr]
    services = hub.services
    sy = services.keys.authenticate(services.keys.create("sy", Role.ANALYST, "live")[0])
    identity = services.charter.member("sy").identity  # type: ignore[union-attr]

    def share(name: str) -> str:
        obj = threat_actor(identity, name=name, tlp=Tlp.GREEN)
        assert not services.sharing.share(sy, "joint", orjson.dumps(envelope(obj))).failures
        return str(obj["id"])

    def read(headers: dict[str, str]) -> list[str]:
        with ru.client.stream("GET", f"/events?after={mark}", headers=headers) as response:
            return list(response.iter_lines())  # ends by itself after STREAM_SECONDS

    first = share("First")
    lines = read({})
    last_id = [line for line in lines if line.startswith("id: ")][-1].removeprefix("id: ")
    assert any(first in line for line in lines)
    second = share("Second")
    lines = read({"Last-Event-ID": last_id})
    assert any(second in line for line in lines) and not any(first in line for line in lines)


def test_a_form_sent_without_a_session_leads_to_the_dashboard_after_login(
    browser: Callable[..., Browser],
) -> None:
    response = browser().client.post("/governance/vote", data={"motion": "x", "vote": "yes"})
    assert response.status_code == 303 and response.headers["location"] == "/login?next=%2F"
