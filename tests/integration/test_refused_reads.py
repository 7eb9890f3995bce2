"""A read of a hidden object and of an id never used do the same work: the same SQL
statements, in the same order, and the same writes (one audit entry each). Counted with
SQLAlchemy's `before_cursor_execute` on the hub's engine while real HTTP requests run;
the time each takes is reported by bench/refused_reads.py, not asserted here."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import event

from allyhub.charter import Role, Tlp
from allyhub.stix.markings import releasability_marking
from tests.conftest import RunningHub
from tests.factories import envelope, indicator

MISSING = "indicator--00000000-0000-4000-8000-000000000000"
TAXII = {"Accept": "application/taxii+json;version=2.1"}


class Statements:
    """Every statement the engine sends while recording, with its parameters' shape."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.recording = False
        self._lock = threading.Lock()

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if self.recording:
            with self._lock:
                self.seen.append(" ".join(statement.split()))

    @contextmanager
    def record(self) -> Iterator[list[str]]:
        self.seen = []
        self.recording = True
        try:
            yield self.seen
        finally:
            self.recording = False


@pytest.fixture
def statements(hub: RunningHub) -> Iterator[Statements]:
    listener = Statements()
    event.listen(hub.services.engine, "before_cursor_execute", listener)
    yield listener
    event.remove(hub.services.engine, "before_cursor_execute", listener)


def _hidden(hub: RunningHub) -> str:
    """ir's RED indicator released to itself: hidden from sy."""
    ir = hub.services.charter.member("ir")
    assert ir is not None
    to_ir = releasability_marking([ir.identity], ir.identity)
    secret = indicator(ir.identity, tlp=Tlp.RED, markings=(to_ir["id"],))
    principal = hub.services.keys.authenticate(hub.services.keys.create("ir", Role.ANALYST)[0])
    status = hub.services.sharing.share(principal, "joint", orjson.dumps(envelope(to_ir, secret)))
    assert not status.failures
    visible = indicator(ir.identity, tlp=Tlp.GREEN)  # so the collection is not empty for sy
    hub.services.sharing.share(principal, "joint", orjson.dumps(envelope(visible)))
    return str(secret["id"])


def _writes(seen: list[str]) -> list[str]:
    return [s for s in seen if re.match(r"(INSERT|UPDATE|DELETE)\b", s)]


def _console(hub: RunningHub, user: str, key: str) -> httpx.Client:
    client = httpx.Client(base_url=hub.url, timeout=20)
    token = re.search(r'name="token" value="([^"]+)"', client.get("/login").text)
    assert token
    client.post("/login", data={"principal": user, "key": key, "token": token.group(1)})
    return client


@pytest.mark.parametrize("path", ["object", "versions", "console"])
def test_hidden_and_missing_reads_run_the_same_statements(
    hub: RunningHub, statements: Statements, path: str
) -> None:
    hidden = _hidden(hub)
    user, key = hub.key("sy")
    taxii = httpx.Client(auth=(user, key), headers=TAXII, timeout=20)
    console = _console(hub, user, key)
    urls: dict[str, Callable[[str], str]] = {
        "object": lambda i: f"{hub.collection_url()}objects/{i}/",
        "versions": lambda i: f"{hub.collection_url()}objects/{i}/versions/",
        "console": lambda i: f"{hub.url}/objects/{i}",
    }
    client = console if path == "console" else taxii
    try:
        for stix_id in (hidden, MISSING):  # warm every cache once
            assert client.get(urls[path](stix_id)).status_code == 404
        runs: dict[str, list[list[str]]] = {hidden: [], MISSING: []}
        for _ in range(2):
            for stix_id in (hidden, MISSING):
                with statements.record() as seen:
                    response = client.get(urls[path](stix_id))
                assert response.status_code == 404
                runs[stix_id].append(list(seen))
    finally:
        taxii.close()
        console.close()
    for hidden_run, missing_run in zip(runs[hidden], runs[MISSING], strict=True):
        assert hidden_run == missing_run
        assert len(_writes(hidden_run)) == len(_writes(missing_run)) >= 1  # the audit entry
    refused = list(hub.services.audit.entries(act="read.refused"))
    assert [e.subject for e in refused].count(hidden) == [e.subject for e in refused].count(MISSING)


def test_a_visible_read_is_not_recorded_as_refused(hub: RunningHub) -> None:
    """The statements compared above are those of refusals: a read of a visible object
    writes nothing to the audit trail."""
    _hidden(hub)
    user, key = hub.key("ir", Role.ANALYST)
    with httpx.Client(auth=(user, key), headers=TAXII, timeout=20) as taxii:
        objects = taxii.get(f"{hub.collection_url()}objects/").json()["objects"]
        for obj in objects:
            url = f"{hub.collection_url()}objects/{obj['id']}/"
            assert taxii.get(url).status_code == 200
    assert list(hub.services.audit.entries(act="read.refused")) == []
