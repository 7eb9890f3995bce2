"""Schemathesis against the hub's own `/openapi.json`, authenticated, over real HTTP: every
operation of the HTTP API with generated parameters and bodies, then generated workflows
that follow the links schemathesis infers (a motion's id into its votes, an RFI's id into
its tasking, response and closure). Zero server errors: every refusal is a 4xx with the
TAXII error body. Bounded for CI (a few hundred requests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.generation.stateful.state_machine import APIStateMachine

from allyhub.charter import Role
from tests.conftest import RunningHub

EXAMPLES_PER_OPERATION = 8
WORKFLOWS = 12
STEPS = 6
LAST = {"post /withdrawal"}
"""Run after the rest: once ru has withdrawn, every later call is (rightly) refused."""


@pytest.fixture
def api(hub: RunningHub) -> Iterator[tuple[Any, dict[str, requests.Session]]]:
    """The schema as served, and a session per kind of caller: ru's liaison (a full
    member) for everything, the peer hub baghdad for the replication operations."""
    schema = schemathesis.openapi.from_dict(httpx.get(hub.url + "/openapi.json").json())
    member, member_key = hub.key("ru", Role.LIAISON)
    peer_key, _ = hub.services.keys.create_peer("baghdad")
    sessions = {"member": requests.Session(), "peer": requests.Session()}
    sessions["member"].auth = (member, member_key)
    sessions["peer"].auth = ("hub.baghdad", peer_key)
    yield schema, sessions
    for session in sessions.values():
        session.close()


def _caller(path: str) -> str:
    return "peer" if path.startswith("/replication") else "member"


def _bounded(case: Any) -> None:
    """The live event stream would never end: ask for what is there now."""
    if case.operation.path == "/rfis/events":
        case.query = {**(case.query or {}), "follow": "false"}


def _check(response: requests.Response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code, response.text[:500])
    if response.status_code >= 400:
        error = response.json()
        assert error["http_status"] == str(response.status_code) and error["title"], what


def test_every_api_operation_takes_generated_input_without_a_server_error(
    hub: RunningHub, api: tuple[Any, dict[str, requests.Session]]
) -> None:
    schema, sessions = api
    operations = [result.ok() for result in schema.get_all_operations()]
    operations.sort(key=lambda op: f"{op.method} {op.path}" in LAST)
    assert len(operations) >= 30
    for operation in operations:
        _runner(operation, sessions[_caller(operation.path)], hub.url + "/api")()


def _runner(operation: Any, session: requests.Session, base_url: str) -> Any:
    """A hypothesis test of one operation: generated cases, each sent and checked."""
    label = f"{operation.method.upper()} {operation.path}"

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        _bounded(case)
        _check(case.call(base_url=base_url, session=session, timeout=60), label)

    return run


def test_generated_api_workflows_never_fail_the_server(
    hub: RunningHub, api: tuple[Any, dict[str, requests.Session]]
) -> None:
    schema, sessions = api
    base_url = hub.url + "/api"

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: Any) -> None:
            _bounded(case)

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {
                "base_url": base_url,
                "session": sessions[_caller(case.operation.path)],
                "timeout": 60,
            }

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            _check(response, f"{case.operation.method.upper()} {case.operation.path}")

    assert issubclass(Workflow, APIStateMachine)
    Workflow.run(
        settings=settings(
            max_examples=WORKFLOWS,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
