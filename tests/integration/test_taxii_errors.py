"""Bad input gets the right 4xx with a TAXII error body that says what to fix; nothing
already stored is touched."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import orjson
import pytest

from allyhub.charter import Role, Tlp
from tests.conftest import RunningHub
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"
MemberClient = Callable[..., httpx.Client]


def assert_taxii_error(response: httpx.Response, status: int, phrase: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == TAXII
    body = response.json()
    assert body["http_status"] == str(status)
    assert body["title"]
    assert phrase in body["description"], body["description"]


def test_missing_credentials_get_401_with_a_challenge(hub: RunningHub) -> None:
    response = httpx.get(hub.root + "collections/", headers={"Accept": TAXII})
    assert_taxii_error(response, 401, "send an API key")
    assert "Basic" in response.headers["www-authenticate"]


@pytest.mark.parametrize(
    "auth",
    [
        pytest.param(("ru.analyst", "ahk_000000000000_" + "A" * 43), id="unknown-key"),
        pytest.param(("ru.analyst", "not-a-key"), id="malformed-key"),
    ],
)
def test_wrong_credentials_get_401(hub: RunningHub, auth: tuple[str, str]) -> None:
    response = httpx.get(hub.root + "collections/", headers={"Accept": TAXII}, auth=auth)
    assert response.status_code == 401


def test_basic_user_must_match_the_key(hub: RunningHub) -> None:
    _, key = hub.key("ru")
    response = httpx.get(
        hub.root + "collections/", headers={"Accept": TAXII}, auth=("ir.analyst", key)
    )
    assert_taxii_error(response, 401, "does not match")


def test_bearer_key_works_and_revoked_key_stops_at_once(hub: RunningHub) -> None:
    key, record = hub.services.keys.create("ru", Role.ANALYST)
    headers = {"Accept": TAXII, "Authorization": f"Bearer {key}"}
    assert httpx.get(hub.root + "collections/", headers=headers).status_code == 200
    hub.services.keys.revoke(record.key_id)
    assert_taxii_error(httpx.get(hub.root + "collections/", headers=headers), 401, "revoked")


def test_wrong_accept_gets_406(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    response = ru.get(hub.root + "collections/", headers={"Accept": "application/xml"})
    assert_taxii_error(response, 406, "application/taxii+json")


def test_wrong_content_type_gets_415(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    response = ru.post(
        hub.collection_url() + "objects/",
        content=b'{"objects": []}',
        headers={"Content-Type": "application/json"},
    )
    assert_taxii_error(response, 415, "Content-Type")


def test_oversized_body_gets_413_naming_the_limit(
    hub: RunningHub, member_client: MemberClient
) -> None:
    limit = hub.services.settings.max_content_length
    ru = member_client("ru")
    response = ru.post(hub.collection_url() + "objects/", content=b" " * (limit + 1))
    assert_taxii_error(response, 413, str(limit))
    assert response.json()["details"]["max_content_length"] == limit


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        pytest.param(b"{not json", "not valid JSON", id="malformed-json"),
        pytest.param(b"[1, 2]", "TAXII envelope", id="not-an-envelope"),
        pytest.param(b'{"objects": {}}', "must be a list", id="objects-not-a-list"),
    ],
)
def test_malformed_envelope_gets_400(
    hub: RunningHub, member_client: MemberClient, body: bytes, phrase: str
) -> None:
    response = member_client("ru").post(hub.collection_url() + "objects/", content=body)
    assert_taxii_error(response, 400, phrase)


@pytest.mark.parametrize(
    ("query", "phrase"),
    [
        pytest.param("added_after=yesterday", "added_after", id="added-after-not-a-timestamp"),
        pytest.param("limit=0", "limit", id="limit-zero"),
        pytest.param("limit=ten", "limit", id="limit-not-a-number"),
        pytest.param("limit=1&limit=2", "only once", id="limit-twice"),
        pytest.param("match[version]=all,last", "all", id="all-with-others"),
        pytest.param("match[version]=soon", "match[version]", id="version-not-a-timestamp"),
        pytest.param("next=bogus", "next", id="next-not-ours"),
        pytest.param("match[type]=indicator,,malware", "commas", id="empty-list-item"),
    ],
)
def test_bad_filters_get_400(
    hub: RunningHub, member_client: MemberClient, query: str, phrase: str
) -> None:
    response = member_client("ru").get(hub.collection_url() + "objects/?" + query)
    assert_taxii_error(response, 400, phrase)


def test_unknown_collection_and_status_get_404(
    hub: RunningHub, member_client: MemberClient
) -> None:
    ru = member_client("ru")
    assert_taxii_error(ru.get(hub.root + "collections/nope/objects/"), 404, "no collection")
    assert_taxii_error(
        ru.get(hub.root + "status/00000000-0000-4000-8000-000000000000/"), 404, "no status"
    )


def test_status_of_another_member_is_404(hub: RunningHub, member_client: MemberClient) -> None:
    ru = member_client("ru")
    status = ru.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(indicator()))
    ).json()
    assert ru.get(hub.root + f"status/{status['id']}/").status_code == 200
    assert_taxii_error(
        member_client("ir").get(hub.root + f"status/{status['id']}/"), 404, "no status"
    )


def test_reader_may_not_share(hub: RunningHub, member_client: MemberClient) -> None:
    reader = member_client("ru", Role.READER)
    response = reader.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(indicator()))
    )
    assert_taxii_error(response, 403, "may not add")


def test_invalid_objects_fail_alone_and_valid_ones_are_stored(
    hub: RunningHub, member_client: MemberClient
) -> None:
    ru = member_client("ru")
    good = indicator()
    bad = dict(indicator(), created="last tuesday")
    status = ru.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(good, bad, 7))
    ).json()
    assert status["success_count"] == 1 and status["failure_count"] == 2
    reasons = {f["id"]: f["message"] for f in status["failures"]}
    assert "created" in reasons[bad["id"]]
    assert "objects[2]" in reasons
    stored = ru.get(hub.collection_url() + "objects/").json()["objects"]
    assert [o["id"] for o in stored] == [good["id"]]


def test_exact_duplicate_is_a_success_and_a_no_op(
    hub: RunningHub, member_client: MemberClient
) -> None:
    ru = member_client("ru")
    obj = indicator()
    for _ in range(2):
        status = ru.post(
            hub.collection_url() + "objects/", content=orjson.dumps(envelope(obj, obj))
        ).json()
        assert status["success_count"] == 2 and status["failure_count"] == 0
    assert len(ru.get(hub.collection_url() + "objects/?match[version]=all").json()["objects"]) == 1


def test_another_members_object_cannot_be_versioned_or_claimed(
    hub: RunningHub, member_client: MemberClient
) -> None:
    charter = hub.services.charter
    ru_identity = charter.member("ru").identity  # type: ignore[union-attr]
    original = indicator(ru_identity)
    member_client("ru").post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(original))
    )
    ir = member_client("ir")
    newer = dict(original, modified="2016-01-01T00:00:00.000Z")
    newer.pop("created_by_ref")
    claimed = indicator(ru_identity)
    status = ir.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(newer, claimed))
    ).json()
    assert status["failure_count"] == 2
    messages = " ".join(f["message"] for f in status["failures"])
    assert "only the originator" in messages and "created_by_ref" in messages


def test_delete_by_a_non_originator_is_403(hub: RunningHub, member_client: MemberClient) -> None:
    obj = indicator()
    member_client("ru").post(hub.collection_url() + "objects/", content=orjson.dumps(envelope(obj)))
    response = member_client("ir").delete(hub.collection_url() + f"objects/{obj['id']}/")
    assert_taxii_error(response, 403, "only the originator")


def test_releasability_marking_ids_are_bound_to_their_lists(
    hub: RunningHub, member_client: MemberClient
) -> None:
    from allyhub.stix.markings import releasability_marking

    charter = hub.services.charter
    ru_id, ir_id, hz_id = (charter.member(m).identity for m in ("ru", "ir", "hz"))  # type: ignore[union-attr]
    to_ir = releasability_marking([ir_id], ru_id)
    forged = dict(releasability_marking([hz_id], ru_id), id=to_ir["id"])  # hz's list under ir's id
    status = (
        member_client("ru")
        .post(hub.collection_url() + "objects/", content=orjson.dumps(envelope(forged)))
        .json()
    )
    assert (
        status["failure_count"] == 1 and "derived from its list" in status["failures"][0]["message"]
    )
    for member in ("ru", "sy"):  # the same list shared by two members: both fine, one version
        identity = charter.member(member).identity  # type: ignore[union-attr]
        status = (
            member_client(member)
            .post(
                hub.collection_url() + "objects/",
                content=orjson.dumps(envelope(releasability_marking([ir_id], identity))),
            )
            .json()
        )
        assert status["success_count"] == 1, status


def test_a_reference_may_not_reveal_its_target(
    hub: RunningHub, member_client: MemberClient
) -> None:
    from allyhub.stix.markings import releasability_marking
    from tests.factories import T0, marked, sid

    charter = hub.services.charter
    ru, ir = (charter.member(m).identity for m in ("ru", "ir"))  # type: ignore[union-attr]
    to_ir = releasability_marking([ir, ru], ru)
    secret = indicator(ru, tlp=Tlp.AMBER, markings=(to_ir["id"],))
    client = member_client("ru")
    client.post(hub.collection_url() + "objects/", content=orjson.dumps(envelope(to_ir, secret)))

    def opinion(tlp: Tlp, *markings: str) -> dict:  # type: ignore[type-arg]
        return marked(
            {
                "type": "opinion",
                "spec_version": "2.1",
                "id": sid("opinion"),
                "created": T0,
                "modified": T0,
                "opinion": "agree",
                "object_refs": [secret["id"]],
                "created_by_ref": ru,
            },
            tlp,
            *markings,
        )

    loud, quiet = opinion(Tlp.GREEN), opinion(Tlp.AMBER, to_ir["id"])
    status = client.post(
        hub.collection_url() + "objects/", content=orjson.dumps(envelope(loud, quiet))
    ).json()
    assert [s["id"] for s in status["successes"]] == [quiet["id"]]
    assert "may see this object but not the object it refers to" in status["failures"][0]["message"]
