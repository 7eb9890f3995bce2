"""Raw requests with random paths, parameters, headers, credentials and bodies never get a
500 and never change what is stored: every refusal is a 4xx with a TAXII error body.

The values are chosen to hurt: digits that are not ASCII (`²`, `９`), thousands of digits,
numbers past 2^63, forged `next` tokens (`v1:<position>` in base64, tokens of the right
length, tokens from another request), NUL characters, lone surrogates in JSON, bodies
nested deeper than the limit or with more items than it, wrong and malformed credentials.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Iterator

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allyhub.app import build_services
from allyhub.settings import Settings
from tests.conftest import RunningHub, serving
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"
EXAMPLES = 200

segments = st.sampled_from(
    [
        "",
        "collections",
        "objects",
        "manifest",
        "versions",
        "status",
        "joint",
        "rfi",
        "x",
        "..",
        "indicator--00000000-0000-4000-8000-000000000000",
        "%00",
        "ü",
        "a" * 300,
        "²",
        "%ff",
        "indicator--00000000-0000-4000-8000-00000000000%00",
    ]
)
numbers = st.sampled_from(
    [
        "0",
        "-1",
        "1",
        "²",
        "９",
        "1e3",
        "0x10",
        " 7",
        "7 ",
        "9" * 20,
        "9" * 5000,
        str(2**63 - 1),
        str(2**63),
        str(2**70),
        "+5",
        "٣",
    ]
)
times = st.sampled_from(
    [
        "2016-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z",
        "2016-02-30T00:00:00Z",
        "2016-01-01T00:00:00." + "9" * 400 + "Z",
        "２０１６-01-01T00:00:00Z",
        "last",
        "first",
        "all",
        "first,last",
        ",",
        "all,last",
    ]
)


def _b64(text: bytes) -> str:
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


tokens = st.sampled_from(
    [
        _b64(b"v1:9223372036854775808"),
        _b64(b"v1:-1"),
        _b64(b"v1:" + b"9" * 400),
        "A" * 50,
        _b64(b"\x01" + b"\x00" * 36),
        "",
        "=",
        "é",
        "x" * 5000,
        "%00",
    ]
)
params = st.dictionaries(
    st.sampled_from(
        [
            "added_after",
            "limit",
            "next",
            "match[id]",
            "match[type]",
            "match[version]",
            "match[spec_version]",
            "match[bogus]",
            "other",
        ]
    ),
    st.text(max_size=40) | numbers | times | tokens,
    max_size=4,
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _nested(depth: int) -> bytes:
    return b'{"objects": [{"a": ' + b"[" * depth + b"]" * depth + b"}]}"


hostile = st.sampled_from(
    [
        _nested(40),
        _nested(2000),  # deeper than orjson parses
        b'{"objects": [' + b",".join([b"1"] * 30_000) + b"]}",  # over max_envelope_objects
        b'{"objects": [{"refs": [' + b",".join([b"0"] * 25_000) + b"]}]}",  # over max_json_items
        b'{"objects": [{"type": "indicator", "name": "a\\u0000b"}]}',
        b'{"objects": [{"type": "indicator", "name": "\\ud800"}]}',
        b'{"objects": [{"type": "indicator", "id": 1e400}]}',
        b'{"objects": [{"type": "indicator", "id": ' + b"9" * 5000 + b"}]}",
        b'{"objects": {"not": "a list"}}',
        b'{"objects": [' + b"{}," * 500 + b"{}]}",
        b"\xff\xfe{}",
    ]
)
bodies = (
    st.binary(max_size=200)
    | hostile
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
            [
                TAXII,
                "application/json",
                "*/*",
                "text/html",
                "",
                "application/taxii+json;version=9",
                "application/taxii+json;q=0",
                "a" * 500,
            ]
        ),
        "Content-Type": st.sampled_from(
            [TAXII, "application/json", "text/plain", "", "application/taxii+json;version=2.0"]
        ),
    },
)
credentials = st.sampled_from(["key", "key", "key", "none", "wrong", "bearer", "garbage", "named"])


@pytest.fixture
def fuzz_hub(settings: Settings) -> Iterator[RunningHub]:
    """A hub whose throttle never locks the fuzzer's address: wrong credentials are part
    of the input, and its own requests come from the same loopback address."""
    lenient = dataclasses.replace(
        settings, auth_failures_per_principal=10**6, auth_failures_per_address=10**6
    )
    services = build_services(lenient)
    with serving(services) as hub:
        yield hub
    services.engine.dispose()


@dataclasses.dataclass
class Stored:
    hub: RunningHub
    client: httpx.Client
    objects: list[dict[str, object]]
    user: str
    key: str


@pytest.fixture
def stored(fuzz_hub: RunningHub) -> Iterator[Stored]:
    user, key = fuzz_hub.key("ru")
    client = httpx.Client(auth=(user, key), timeout=60)
    objects = [indicator(value="192.0.2.77")]
    response = client.post(
        fuzz_hub.collection_url() + "objects/",
        content=orjson.dumps(envelope(*objects)),
        headers={"Accept": TAXII, "Content-Type": TAXII},
    )
    assert response.json()["success_count"] == 1
    yield Stored(fuzz_hub, client, objects, user, key)
    client.close()


def _authorization(kind: str, user: str, key: str) -> dict[str, str]:
    basic = {
        "wrong": f"{user}:ahk_000000000000_{'A' * 43}",
        "named": f"ru.nobody\x01:{key}",
    }
    if kind in basic:
        return {"Authorization": "Basic " + base64.b64encode(basic[kind].encode()).decode()}
    return {
        "none": {"Authorization": ""},
        "bearer": {"Authorization": f"Bearer {key[:-1]}x"},
        "garbage": {"Authorization": "Basic !!!"},
    }.get(kind, {})


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT", "PATCH"]),
    path=st.lists(segments, max_size=5),
    query=params,
    request_headers=headers,
    body=bodies,
    use_collection=st.booleans(),
    auth=credentials,
)
def test_random_requests_never_fail_the_server_or_touch_stored_data(
    stored: Stored,
    method: str,
    path: list[str],
    query: dict[str, str],
    request_headers: dict[str, str],
    body: bytes,
    use_collection: bool,
    auth: str,
) -> None:
    hub, client, objects = stored.hub, stored.client, stored.objects
    base = hub.collection_url() if use_collection else hub.root
    url = base + "/".join(path) + ("/" if path else "")
    if method == "DELETE":
        return  # deletion by the originator is legitimate; covered by its own tests
    sent = {**request_headers, **_authorization(auth, stored.user, stored.key)}
    response = client.request(method, url, params=query, headers=sent, content=body)
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        error = response.json()
        assert error["http_status"] == str(response.status_code) and error["title"]
    if response.status_code == 429:
        assert int(response.headers["retry-after"]) > 0
    still = client.get(
        hub.collection_url() + f"objects/{objects[0]['id']}/", headers={"Accept": TAXII}
    ).json()
    assert still["objects"] == objects


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=bodies, query=params)
def test_random_envelopes_get_a_status_or_a_4xx(
    stored: Stored, body: bytes, query: dict[str, str]
) -> None:
    """The add-objects endpoint itself, with TAXII headers: whatever the body, a status
    whose counts add up, or a refusal with the TAXII error body."""
    response = stored.client.post(
        stored.hub.collection_url() + "objects/",
        params=query,
        content=body,
        headers={"Accept": TAXII, "Content-Type": TAXII},
    )
    assert response.status_code in (202, 400, 413, 422), (response.status_code, response.text)
    answer = response.json()
    if response.status_code == 202:
        counted = answer["success_count"] + answer["failure_count"] + answer["pending_count"]
        assert counted == answer["total_count"]
        assert len(answer.get("failures", [])) <= stored.hub.services.settings.max_status_failures
    else:
        assert answer["http_status"] == str(response.status_code)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    endpoint=st.sampled_from(["objects/", "manifest/", "objects/{id}/", "objects/{id}/versions/"]),
    query=params,
)
def test_random_paging_parameters_are_answered_or_refused_with_a_400(
    stored: Stored, endpoint: str, query: dict[str, str]
) -> None:
    """The paged reads with hostile filters: a page (200), a 400 naming what is wrong,
    or the 404 of an object the filters leave nothing of. Never a 5xx."""
    url = stored.hub.collection_url() + endpoint.format(id=stored.objects[0]["id"])
    response = stored.client.get(url, params=query, headers={"Accept": TAXII})
    assert response.status_code in (200, 400, 404), (response.status_code, response.text)
    answer = response.json()
    if response.status_code == 200:
        assert isinstance(answer["more"], bool)
    else:
        assert answer["http_status"] == str(response.status_code) and answer["description"]
