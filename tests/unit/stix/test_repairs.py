"""Each repair mends one broken MUST that real producers emit, to an object that passes
the validator, and says what it changed; what it cannot read plainly it leaves alone."""

from __future__ import annotations

import copy
import warnings
from typing import Any

import pytest
import stix2

from allyhub.stix.repairs import repair
from allyhub.stix.validate import validate
from tests.opencti import sample_objects

SCO = {"spec_version": "2.1"}


def _email(headers: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "email-message",
        "id": "email-message--0c57a381-2a17-5e61-8754-5ef96efb286c",
        "is_multipart": False,
        "additional_header_fields": headers,
        **SCO,
    }


def _traffic(headers: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "network-traffic",
        "id": "network-traffic--5a2c5e0a-6a4a-5f0e-9a8b-7f2d1c0b9e8d",
        "protocols": ["tcp", "http"],
        "dst_ref": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
        "extensions": {
            "http-request-ext": {
                "request_method": "get",
                "request_value": "/",
                "request_header": headers,
            }
        },
        **SCO,
    }


def _registry(key: str) -> dict[str, Any]:
    return {
        "type": "windows-registry-key",
        "id": "windows-registry-key--2ba37ae7-2745-5082-9dfd-9486dad41016",
        "key": key,
        **SCO,
    }


def _url(value: str) -> dict[str, Any]:
    return {"type": "url", "id": "url--c1477287-23ac-5971-a010-5c287877fa60", "value": value, **SCO}


@pytest.mark.parametrize(
    ("obj", "path", "expected"),
    [
        pytest.param(
            _email({"X-Mailer": "Outlook", "Received": ["a", "b"]}),
            "additional_header_fields",
            {"X-Mailer": ["Outlook"], "Received": ["a", "b"]},
            id="email-header-string",
        ),
        pytest.param(
            _traffic({"Host": "example.com"}),
            "extensions.http-request-ext.request_header",
            {"Host": ["example.com"]},
            id="http-header-string",
        ),
        pytest.param(
            _registry("HKLM\\Software\\Run"), "key", "HKEY_LOCAL_MACHINE\\Software\\Run", id="hklm"
        ),
        pytest.param(_registry("hkcu\\Env"), "key", "HKEY_CURRENT_USER\\Env", id="hkcu-lower"),
        pytest.param(
            _url("evil.example.com/login?x=1"),
            "value",
            "http://evil.example.com/login?x=1",
            id="url-without-scheme",
        ),
    ],
)
def test_a_repair_makes_the_object_valid_and_says_so(
    obj: dict[str, Any], path: str, expected: Any
) -> None:
    assert validate(obj)
    notes = repair(obj)
    assert validate(obj) == []
    value: Any = obj
    for part in path.split("."):
        value = value[part]
    assert value == expected
    assert notes and all("STIX 2.1 §" in note for note in notes)


@pytest.mark.parametrize(
    "obj",
    [
        pytest.param(_url("not a url at all"), id="url-with-spaces"),
        pytest.param(_url("/login.php"), id="path-only"),
        pytest.param(_url("localhost login"), id="words"),
    ],
)
def test_what_is_not_plainly_meant_is_left_refused(obj: dict[str, Any]) -> None:
    before = copy.deepcopy(obj)
    assert repair(obj) == [] and obj == before
    assert validate(obj)


def test_valid_objects_are_not_touched() -> None:
    for obj in (_registry("HKEY_USERS\\x"), _url("https://example.com/"), _email({"A": ["b"]})):
        before = copy.deepcopy(obj)
        assert repair(obj) == [] and obj == before


def test_opencti_objects_are_accepted_by_stix2_and_repaired_to_valid() -> None:
    """OpenCTI's shapes: stix2.parse accepts them; allyhub's validator (as strict as the
    spec) does not; each repair turns them valid and names the rule."""
    for obj in sample_objects():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stix2.parse(copy.deepcopy(obj), allow_custom=True, version="2.1")
        assert validate(obj), obj["type"]
        notes = repair(obj)
        assert validate(obj) == [], obj["type"]
        assert any("renamed x_id" in note for note in notes)
        if obj["type"] == "incident":
            assert obj["x_severity"] in ("high", "medium") and "severity" not in obj
            extension = next(iter(obj["extensions"].values()))
            assert extension["extension_type"] == "property-extension"


def test_a_repair_never_overwrites_a_property() -> None:
    obj = sample_objects()[3]
    obj["x_severity"] = "kept"
    repair(obj)
    assert obj["x_severity"] == "kept" and obj["severity"] == "high"
    assert validate(obj)


def test_scos_inside_a_deprecated_observed_data_container_are_repaired() -> None:
    observed = {
        "type": "observed-data",
        "spec_version": "2.1",
        "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
        "created": "2016-04-06T19:58:16.000Z",
        "modified": "2016-04-06T19:58:16.000Z",
        "first_observed": "2015-12-21T19:00:00Z",
        "last_observed": "2015-12-21T19:00:00Z",
        "number_observed": 1,
        "objects": {"0": {"type": "windows-registry-key", "key": "HKLM\\Run"}},
    }
    notes = repair(observed)
    assert observed["objects"]["0"]["key"] == "HKEY_LOCAL_MACHINE\\Run"
    assert notes == [
        "objects.0.key: hive HKLM written in full as HKEY_LOCAL_MACHINE (STIX 2.1 §6.17.1)"
    ]
