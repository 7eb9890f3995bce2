"""Durability with a real `allyhub serve` process: restarts and SIGKILL.

A status that said "complete" describes committed data: killing the server mid-stream
loses none of it, and `next` tokens and statuses stay valid across restarts.
"""

from __future__ import annotations

import threading

import httpx
import orjson
import pytest

from tests.conftest import HubProcess, RunningHub
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"


def _client(hub: RunningHub, member: str = "ru") -> httpx.Client:
    user, key = hub.key(member)
    return httpx.Client(
        auth=(user, key), headers={"Accept": TAXII, "Content-Type": TAXII}, timeout=30
    )


def _all_ids(client: httpx.Client, url: str) -> list[str]:
    found: list[str] = []
    params = {"match[version]": "all", "limit": "1000"}
    while True:
        data = client.get(url + "objects/", params=params).json()
        found += [o["id"] for o in data.get("objects", [])]
        if not data["more"]:
            return found
        params["next"] = data["next"]


@pytest.mark.slow
def test_sigkill_during_posts_loses_no_acknowledged_object(
    hub_process: tuple[HubProcess, RunningHub],
) -> None:
    process, hub = hub_process
    url = hub.collection_url()
    acknowledged: list[str] = []
    stop = threading.Event()

    def post_forever() -> None:
        with _client(hub) as client:
            while not stop.is_set():
                batch = [indicator(value=f"10.0.{len(acknowledged) % 250}.{i}") for i in range(50)]
                try:
                    response = client.post(url + "objects/", content=orjson.dumps(envelope(*batch)))
                except httpx.HTTPError:
                    return  # the server died mid-request: that batch was never acknowledged
                status = response.json()
                if status.get("status") == "complete":
                    acknowledged.extend(s["id"] for s in status.get("successes", []))

    writer = threading.Thread(target=post_forever)
    writer.start()
    while len(acknowledged) < 500:
        threading.Event().wait(0.01)
    process.kill()
    stop.set()
    writer.join(timeout=60)

    process.start()
    with _client(hub) as client:
        stored = set(_all_ids(client, url))
    missing = [i for i in acknowledged if i not in stored]
    assert acknowledged and not missing


def test_next_token_and_status_survive_a_restart(
    hub_process: tuple[HubProcess, RunningHub],
) -> None:
    process, hub = hub_process
    url = hub.collection_url()
    objects = [indicator(value=f"192.0.2.{i}") for i in range(6)]
    with _client(hub) as client:
        status = client.post(url + "objects/", content=orjson.dumps(envelope(*objects))).json()
        first = client.get(url + "objects/", params={"limit": "4"}).json()
    process.stop()
    process.start()
    with _client(hub) as client:
        rest = client.get(url + "objects/", params={"limit": "4", "next": first["next"]}).json()
        again = client.get(hub.root + f"status/{status['id']}/").json()
    assert [o["id"] for o in first["objects"] + rest["objects"]] == [o["id"] for o in objects]
    assert again["success_count"] == 6
