"""OpenCTI pulling allyhub, as its TAXII ingestion does.

`OpenCtiIngestion` replays, in Python, OpenCTI's built-in TAXII 2.1 ingestion from its
source (OpenCTI-Platform/opencti, opencti-platform/opencti-graphql/src/manager/
ingestionManager.ts: `prepareTaxiiGetParam`, `taxiiHttpGet`, `processTaxiiResponse`):

- each poll sends `next` = its saved cursor and `added_after` = its saved date, both at
  once, plus `limit` when `ingestion_manager:taxii_feed:limit_per_request` is set;
- the date is a JavaScript Date that axios writes with `toISOString()`: milliseconds,
  `Z` (so allyhub's microsecond dates arrive truncated);
- a page with objects and `more` with a non-empty `next`: keep the date, save `next`;
- a page with objects otherwise: forget `next`, date := X-TAXII-Date-Added-Last read by
  `new Date(...)` and written back by `toISOString()` (truncated to milliseconds);
- a page without objects: forget `next`, keep the date;
- any error: logged, nothing saved (the next poll sends the same request).

The hub is real (uvicorn on loopback) and members share through TAXII while it polls.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from allyhub.charter import Tlp
from tests.conftest import RunningHub
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"


def to_iso_string(micros: int) -> str:
    """JavaScript's Date.prototype.toISOString(): milliseconds, always three digits, Z."""
    moment = datetime.fromtimestamp(micros // 1000 / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{micros // 1000 % 1000:03d}Z"


def js_date(text: str) -> int:
    """`new Date(text)` of an RFC 3339 date: JavaScript keeps milliseconds only."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    return micros - micros % 1000


@dataclass
class OpenCtiIngestion:
    """One TAXII ingestion of OpenCTI (`BasicStoreEntityIngestionTaxii`), polling."""

    uri: str  # the API root, as configured in OpenCTI
    collection: str
    auth: tuple[str, str]
    added_after_start: str | None = None  # saved as toISOString()
    current_state_cursor: str | None = None
    limit_per_request: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        if self.current_state_cursor:
            params["next"] = self.current_state_cursor
        if self.added_after_start:
            params["added_after"] = self.added_after_start
        if self.limit_per_request > 0:
            params["limit"] = str(self.limit_per_request)
        return params

    def poll(self, http: httpx.Client) -> int:
        """One execution; returns how many objects it pushed to OpenCTI's workers."""
        uri = self.uri if self.uri.endswith("/") else self.uri + "/"
        url = f"{uri}collections/{self.collection}/objects/"
        response = http.get(url, params=self.params(), headers={"Accept": TAXII}, auth=self.auth)
        if response.status_code >= 400:  # axios throws; the manager logs and saves nothing
            self.errors.append(response.text)
            return 0
        data = response.json()
        objects = data.get("objects") or []
        last = response.headers.get("x-taxii-date-added-last")
        if objects:
            self.received.extend(objects)
            if data.get("more") and data.get("next"):
                self.current_state_cursor = data["next"]
            else:
                self.current_state_cursor = None
                self.added_after_start = to_iso_string(js_date(last)) if last else None
        else:
            self.current_state_cursor = None
        return len(objects)


def _versions(objects: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(o["id"], o["modified"]) for o in objects}


def test_opencti_ingestion_gets_every_share_and_reaches_an_empty_poll(
    hub: RunningHub, member_client: Any
) -> None:
    """Members share while OpenCTI polls with small pages, so pages end inside commits
    (objects committed in the same millisecond as the last one OpenCTI saw) and the
    truncated date lands inside a commit's millisecond. The union of what OpenCTI
    received is what was shared, and polls converge to empty."""
    shared: list[dict[str, Any]] = []
    done = threading.Event()

    def members_share() -> None:
        clients = [member_client(m) for m in ("ru", "sy", "hz")]
        try:
            for round_ in range(12):
                client = clients[round_ % 3]
                batch = [indicator(value=f"198.51.{round_}.{i}", tlp=Tlp.GREEN) for i in range(5)]
                answer = client.post(
                    hub.collection_url() + "objects/", json=envelope(*batch)
                ).raise_for_status()
                assert answer.json()["success_count"] == 5
                shared.extend(batch)
        finally:
            done.set()

    user, key = hub.key("ir")
    ingestion = OpenCtiIngestion(
        uri=hub.root,
        collection=hub.services.charter.collection("joint").id,  # type: ignore[union-attr]
        auth=(user, key),
        limit_per_request=7,
    )
    sharing = threading.Thread(target=members_share)
    with httpx.Client(timeout=60) as http:
        sharing.start()
        while not done.is_set():
            ingestion.poll(http)
        sharing.join()
        polls = 0
        while ingestion.poll(http):  # catch up once the members stop
            polls += 1
            assert polls < 100, "OpenCTI's ingestion never reaches an empty poll"
        assert ingestion.poll(http) == 0 and ingestion.poll(http) == 0
    assert not ingestion.errors
    assert _versions(ingestion.received) == _versions(shared)
    assert len(shared) == 60


def test_a_millisecond_date_names_the_whole_commit(hub: RunningHub, member_client: Any) -> None:
    """Before: the date OpenCTI keeps is the commit's date truncated to milliseconds, so
    the last page came back on every poll, forever. Now the millisecond it names is the
    commit's alone, and the next poll is empty."""
    ru = member_client("ru")
    ru.post(hub.collection_url() + "objects/", json=envelope(indicator(), indicator()))
    user, key = hub.key("ir")
    ingestion = OpenCtiIngestion(
        uri=hub.root,
        collection=hub.services.charter.collection("joint").id,  # type: ignore[union-attr]
        auth=(user, key),
    )
    with httpx.Client(timeout=60) as http:
        assert ingestion.poll(http) == 2
        for _ in range(8):
            assert ingestion.poll(http) == 0
        ru.post(hub.collection_url() + "objects/", json=envelope(indicator()))
        assert ingestion.poll(http) == 1
    assert ingestion.added_after_start is not None
    assert ingestion.added_after_start.endswith("Z") and len(ingestion.added_after_start) == 24


def test_python_isoformat_offsets_are_read(hub: RunningHub, member_client: Any) -> None:
    """OpenCTI's Python side (pycti, connectors) writes dates with `isoformat()`: an
    offset instead of Z, and no fraction when it is zero."""
    ru = member_client("ru")
    ru.post(hub.collection_url() + "objects/", json=envelope(indicator()))
    base = hub.collection_url() + "objects/"
    for value in ("2000-01-01T00:00:00+00:00", "2000-01-01T02:00:00.000000+02:00"):
        answer = ru.get(base, params={"added_after": value})
        assert answer.status_code == 200 and len(answer.json()["objects"]) == 1, value
    last = ru.get(base).headers["X-TAXII-Date-Added-Last"]
    shifted = datetime.fromisoformat(last.replace("Z", "+00:00")).astimezone().isoformat()
    assert ru.get(base, params={"added_after": shifted}).json() == {"more": False}


def test_a_stale_next_from_another_collection_is_refused_not_narrowing(
    hub: RunningHub, member_client: Any
) -> None:
    """An ingestion whose collection was changed keeps its cursor (OpenCTI saves
    `current_state_cursor` per ingestion). The token is refused with a 400 that names
    `next`, instead of silently narrowing what the other collection returns."""
    ru = member_client("ru")
    ru.post(
        hub.collection_url() + "objects/", json=envelope(*[indicator() for _ in range(3)])
    ).raise_for_status()
    page = ru.get(hub.collection_url() + "objects/", params={"limit": 1}).json()
    assert page["more"] and page["next"]
    user, key = hub.key("ru")
    ingestion = OpenCtiIngestion(
        uri=hub.root,
        collection=hub.services.charter.collection("rfi").id,  # type: ignore[union-attr]
        auth=(user, key),
        current_state_cursor=page["next"],
    )
    with httpx.Client(timeout=60) as http:
        assert ingestion.poll(http) == 0
    assert len(ingestion.errors) == 1 and "next" in ingestion.errors[0]
    assert "another request" in ingestion.errors[0]
