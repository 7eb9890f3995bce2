"""Requests for information over the HTTP API and the CLI, on a real hub: the seed's
example (Russia asks about its nationals fighting for ISIL; Syria, on the ground, answers),
live notifications as server-sent events, and nothing at all for a member it is not
released to."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import orjson
import pytest
from typer.testing import CliRunner

from allyhub.charter import Role
from allyhub.cli.main import app
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub
from tests.factories import envelope, report

TAXII = "application/taxii+json;version=2.1"
MISSING = "allyhub-rfi--00000000-0000-4000-8000-000000000000"
ASK = {
    "question": "Which of our nationals from the North Caucasus fight for ISIL around Raqqa?",
    "priority": "high",
    "within": "3d",
    "regions": ["SY"],
    "disciplines": ["humint"],
    "domains": ["ground"],
    "tlp": "amber+strict",
    "release_to": ["sy"],
}


@pytest.fixture
def api(hub: RunningHub) -> Iterator[Callable[..., httpx.Client]]:
    made: list[httpx.Client] = []

    def make(member: str, role: Role = Role.ANALYST) -> httpx.Client:
        user, key = hub.key(member, role)
        made.append(
            httpx.Client(
                base_url=hub.url,
                auth=(user, key),
                timeout=30,
                headers={"Accept": TAXII, "Content-Type": TAXII},
            )
        )
        return made[-1]

    yield make
    for client in made:
        client.close()


def _identity(hub: RunningHub, member: str) -> str:
    found = hub.services.charter.member(member)
    assert found is not None
    return found.identity


def _answer(hub: RunningHub, sy: httpx.Client) -> str:
    """Syria shares a report released to Russia and itself; its id."""
    to_ru = releasability_marking(
        [_identity(hub, "ru"), _identity(hub, "sy")], _identity(hub, "sy")
    )
    shared = report(_identity(hub, "sy"), markings=(to_ru["id"],))
    status = sy.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(to_ru, shared))
    )
    assert status.json()["success_count"] == 2, status.text
    return str(shared["id"])


def _events(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [
        orjson.loads(line[len("data: ") :])
        for line in text.splitlines()
        if line.startswith("data: ")
    ]


def test_rfi_http_api_from_asking_to_satisfied(
    hub: RunningHub, api: Callable[..., httpx.Client]
) -> None:
    ru, sy, ir = api("ru"), api("sy"), api("ir")
    asked = ru.post("/api/rfis", json=ASK)
    assert asked.status_code == 201, asked.text
    rfi = asked.json()
    assert rfi["status"] == "open" and rfi["regions"][0]["label"].endswith("(SY)")
    assert rfi["disciplines"] == ["human"] and len(rfi["object_marking_refs"]) == 2

    suggestions = ru.get(f"/api/rfis/{rfi['id']}/suggestions").json()
    assert suggestions["proposed"][0] == "sy"
    routed = ru.post(
        f"/api/rfis/{rfi['id']}/tasking", json={"members": suggestions["proposed"][:1]}
    )
    assert routed.json()["status"] == "routed", routed.text
    queue = sy.get("/api/rfis/queue").json()
    assert [i["action"] for i in queue["tasked"]] == ["accept or decline"]
    accepted = sy.post(f"/api/rfis/{rfi['id']}/response", json={"response": "accepted"})
    assert accepted.json()["status"] == "accepted"
    answer = _answer(hub, sy)
    answered = sy.post(
        f"/api/rfis/{rfi['id']}/response",
        json={"response": "answered", "answer_refs": [answer], "comment": "from our units"},
    )
    assert answered.json()["taskings"][0]["answer_refs"] == [answer], answered.text
    closed = ru.post(f"/api/rfis/{rfi['id']}/closure", json={"outcome": "satisfied"})
    assert closed.json()["status"] == "satisfied"

    board = ru.get("/api/rfis/board").json()
    assert board["total"] == 1
    assert [c["status"] for c in board["columns"] if c["cards"]] == ["satisfied"]
    coverage = ru.get("/api/rfis/coverage").json()
    assert coverage["by_status"]["satisfied"] == 1
    assert coverage["timeliness"][0]["member"] == "sy"
    stream = ru.get("/api/rfis/events", params={"follow": "false"})
    assert stream.headers["content-type"].startswith("text/event-stream")
    assert [e["kind"] for e in _events(stream.text)] == [
        "asked",
        "routed",
        "accepted",
        "answered",
        "satisfied",
    ]

    # Iran is not on the list: for it, the request does not exist at all.
    hidden, missing = ir.get(f"/api/rfis/{rfi['id']}"), ir.get(f"/api/rfis/{MISSING}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["description"].replace(rfi["id"], MISSING) == missing.json()["description"]
    assert ir.get(f"/api/rfis/{rfi['id']}/suggestions").status_code == 404
    assert ir.get("/api/rfis").json() == [] and ir.get("/api/rfis/board").json()["total"] == 0
    assert ir.get("/api/rfis/coverage").json()["total"] == 0
    assert _events(ir.get("/api/rfis/events", params={"follow": "false"}).text) == []


def test_rfi_events_stream_live(hub: RunningHub, api: Callable[..., httpx.Client]) -> None:
    ru, sy = api("ru"), api("sy")
    rfi = ru.post("/api/rfis", json={**ASK, "task": ["sy"]}).json()
    [asked] = _events(sy.get("/api/rfis/events", params={"follow": "false"}).text)
    assert (asked["kind"], asked["members"], asked["concerns_you"]) == ("asked", ["sy"], True)
    with ru.stream(
        "GET", "/api/rfis/events", headers={"Last-Event-ID": str(asked["cursor"])}
    ) as live:
        sy.post(f"/api/rfis/{rfi['id']}/response", json={"response": "declined"})
        for line in live.iter_lines():
            if line.startswith("data: "):
                event = orjson.loads(line[len("data: ") :])
                break
    assert (event["kind"], event["by"], event["concerns_you"]) == ("declined", "sy", True)


def test_rfi_http_errors_name_the_rule(hub: RunningHub, api: Callable[..., httpx.Client]) -> None:
    ru, iq = api("ru"), api("iq")
    rfi = ru.post("/api/rfis", json={"question": "Q?", "task": ["sy"]}).json()
    refused = iq.post(f"/api/rfis/{rfi['id']}/response", json={"response": "accepted"})
    assert refused.status_code == 403 and "only a tasked member" in refused.json()["description"]
    assert iq.post(f"/api/rfis/{rfi['id']}/closure", json={"outcome": "closed"}).status_code == 403
    bad = ru.post("/api/rfis", json={"question": "Q?", "within": "soon"})
    assert bad.status_code == 400 and "duration" in bad.json()["description"]
    assert ru.post("/api/rfis", json={"question": "Q?", "tlp": "pink"}).status_code == 400
    assert ru.post("/api/rfis", json={"question": "Q?", "regions": ["Syria"]}).status_code == 400
    refused = ru.post("/api/rfis", json={"question": "Q?", "task": ["hz"]})  # AMBER: full only
    assert refused.status_code == 400 and "'hz' may not see" in refused.json()["description"]
    assert api("ru", Role.READER).post("/api/rfis", json={"question": "Q?"}).status_code == 403


def test_rfi_capabilities_and_requirements_over_http(
    hub: RunningHub, api: Callable[..., httpx.Client]
) -> None:
    iq = api("iq", Role.LIAISON)
    caps = {c["member"]: c for c in iq.get("/api/capabilities").json()}
    assert caps["ru"]["domains"] == ["air"] and caps["ru"]["declared"] is None
    declared = iq.put(
        "/api/capabilities",
        json={
            "disciplines": ["signals", "human"],
            "domains": ["ground"],
            "regions": ["IQ", "SY"],
            "areas": ["IQ"],
            "tlp": "green",
        },
    )
    assert declared.status_code == 200, declared.text
    mine = next(c for c in declared.json() if c["member"] == "iq")
    assert [r["label"] for r in mine["regions"]] == ["Iraq (IQ)", "Syria (SY)"] and mine["declared"]
    pir = iq.post("/api/requirements", json={"name": "ISIL supply lines", "priority": "high"})
    assert pir.status_code == 201
    assert [p["name"] for p in iq.get("/api/requirements").json()] == ["ISIL supply lines"]


def test_openapi_describes_the_rfi_api(hub: RunningHub) -> None:
    paths = set(httpx.get(hub.url + "/openapi.json").json()["paths"])
    assert {
        "/rfis",
        "/rfis/{rfi_id}",
        "/rfis/{rfi_id}/tasking",
        "/rfis/{rfi_id}/response",
        "/rfis/{rfi_id}/closure",
        "/rfis/queue",
        "/rfis/board",
        "/rfis/coverage",
        "/rfis/events",
        "/capabilities",
        "/requirements",
    } <= paths


def test_rfi_cli_asks_routes_answers_and_closes(
    hub: RunningHub, api: Callable[..., httpx.Client]
) -> None:
    runner = CliRunner()

    def as_(member: str, *args: str) -> str:
        user, key = hub.key(member)
        result = runner.invoke(app, ["rfi", *args, "--url", hub.url, "--user", user, "--key", key])
        assert result.exit_code == 0, result.output
        return result.stdout

    out = as_(
        "ru",
        "ask",
        ASK["question"],
        "--priority",
        "high",
        "--within",
        "3d",
        "--region",
        "SY",
        "--discipline",
        "human",
        "--tlp",
        "amber+strict",
        "--release",
        "sy",
    )
    rfi = out.split()[0]
    assert rfi.startswith("allyhub-rfi--") and " open " in out
    assert as_("ru", "suggest", rfi).splitlines()[0].startswith("sy ")
    assert "sy:tasked" in as_("ru", "route", rfi, "sy")
    assert "accept or decline" in as_("sy", "queue")
    as_("sy", "accept", rfi, "--comment", "on it")
    answer = _answer(hub, api("sy"))
    assert f"answer by sy: {answer}" in as_("sy", "answer", rfi, answer)
    assert "satisfied" in as_("ru", "close", rfi, "--satisfied", "--resolution", "enough")
    assert rfi in as_("ru", "list") and rfi in as_("sy", "board")
    assert rfi not in as_("ir", "list") and rfi not in as_("ir", "board")
    assert as_("ir", "coverage").startswith("requests: 0 (none)")
    assert "sy: tasked 1, answered 1" in as_("ru", "coverage")
    assert "charter" in as_("iq", "capabilities")

    user, key = hub.key("ir")
    hidden = runner.invoke(
        app, ["rfi", "show", rfi, "--url", hub.url, "--user", user, "--key", key]
    )
    assert hidden.exit_code == 1 and "HTTP 404" in hidden.output


def test_naming_a_country_in_a_hidden_request_leaves_no_trace(
    hub: RunningHub, api: Callable[..., httpx.Client]
) -> None:
    """Country locations are the hub's definitions from the start: a request naming a
    country stores no CLEAR location then, whose existence and date would tell everyone
    that someone had just asked about it (found by the noninterference test)."""
    from allyhub.rfi import country_location_id

    hz = api("hz")
    rfi = hub.collection_url("rfi") + "objects/"
    definitions = hub.root + "collections/definitions/objects/"
    before = hz.get(definitions, params={"match[id]": country_location_id("SY")})
    assert before.status_code == 200, before.text
    assert [o["name"] for o in before.json()["objects"]] == ["Syria"]
    assert hz.get(rfi).json().get("objects", []) == []
    asked = api("ru").post("/api/rfis", content=orjson.dumps(ASK))  # amber+strict, to sy
    assert asked.status_code == 201, asked.text
    assert hz.get(rfi).json().get("objects", []) == []  # nothing new for hz
    after = hz.get(definitions, params={"match[id]": country_location_id("SY")})
    assert after.json() == before.json()
    assert after.headers["X-TAXII-Date-Added-Last"] == before.headers["X-TAXII-Date-Added-Last"]
