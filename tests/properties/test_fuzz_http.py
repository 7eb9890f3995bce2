"""Raw requests with random paths, parameters, headers and bodies never get a 500 and never
change what is stored: every refusal is a 4xx with a TAXII error body."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import RunningHub
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"

segments = st.sampled_from(
    ["", "collections", "objects", "manifest", "versions", "status", "joint", "rfi", "x", "..",
     "indicator--00000000-0000-4000-8000-000000000000", "%00", "ü", "a" * 300]
)  # fmt: skip
params = st.dictionaries(
    st.sampled_from(
        ["added_after", "limit", "next", "match[id]", "match[type]", "match[version]",
         "match[spec_version]", "match[bogus]", "other"]
    ),
    st.text(max_size=40)
    | st.sampled_from(["all", "first,last", "2016-01-01T00:00:00Z", "0", "-1", ","]),
    max_size=4,
)  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
bodies = (
    st.binary(max_size=200)
    | json_values.map(lambda v: json.dumps(v).encode())
    | st.lists(json_values, max_size=3).map(lambda objs: json.dumps({"objects": objs}).encode())
    | st.builds(
        lambda o: orjson.dumps({"objects": [o]}),
        st.fixed_dictionaries({"type": st.text(max_size=12), "id": st.text(max_size=50)}),
    )
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept": st.sampled_from(
            [TAXII, "application/json", "*/*", "text/html", "", "application/taxii+json;version=9"]
        ),
        "Content-Type": st.sampled_from([TAXII, "application/json", "text/plain", ""]),
    },
)


@pytest.fixture
def stored(hub: RunningHub) -> Iterator[tuple[RunningHub, httpx.Client, list[dict]]]:  # type: ignore[type-arg]
    user, key = hub.key("ru")
    client = httpx.Client(auth=(user, key), timeout=30)
    objects = [indicator(value="192.0.2.77")]
    response = client.post(
        hub.collection_url() + "objects/",
        content=orjson.dumps(envelope(*objects)),
        headers={"Accept": TAXII, "Content-Type": TAXII},
    )
    assert response.json()["success_count"] == 1
    yield hub, client, objects
    client.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT", "PATCH"]),
    path=st.lists(segments, max_size=5),
    query=params,
    request_headers=headers,
    body=bodies,
    use_collection=st.booleans(),
)
def test_random_requests_never_fail_the_server_or_touch_stored_data(
    stored: tuple[RunningHub, httpx.Client, list[dict]],  # type: ignore[type-arg]
    method: str,
    path: list[str],
    query: dict[str, str],
    request_headers: dict[str, str],
    body: bytes,
    use_collection: bool,
) -> None:
    hub, client, objects = stored
    base = hub.collection_url() if use_collection else hub.root
    url = base + "/".join(path) + ("/" if path else "")
    if method == "DELETE":
        return  # deletion by the originator is legitimate; covered by its own tests
    response = client.request(method, url, params=query, headers=request_headers, content=body)
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        error = response.json()
        assert error["http_status"] == str(response.status_code) and error["title"]
    still = client.get(
        hub.collection_url() + f"objects/{objects[0]['id']}/", headers={"Accept": TAXII}
    ).json()
    assert still["objects"] == objects
