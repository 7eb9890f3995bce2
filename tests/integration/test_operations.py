"""What an operator watches and relies on: health, readiness, metrics, access logs, gzip,
the settings page, forwarded headers, one API error shape, the OpenAPI document."""

from __future__ import annotations

import dataclasses
import gzip
import logging
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from allyhub.app import build_services
from allyhub.charter import Role
from allyhub.settings import Settings
from tests.conftest import RSII, HubProcess, RunningHub, free_port, serving
from tests.factories import envelope, indicator

TAXII = "application/taxii+json;version=2.1"


def _samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_healthz_and_readyz_answer_without_a_key(hub: RunningHub) -> None:
    alive = httpx.get(hub.url + "/healthz")
    assert alive.status_code == 200 and alive.json() == {"status": "alive"}
    ready = httpx.get(hub.url + "/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "schema": "ok"}}


def test_readyz_is_not_ready_when_the_schema_is_behind(hub: RunningHub) -> None:
    engine = hub.services.engine
    with engine.begin() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        answer = httpx.get(hub.url + "/readyz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["schema"] == "behind"
        assert "0001" not in answer.text  # no revision ids for an unauthenticated caller
    finally:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = :h"), {"h": head})
    assert httpx.get(hub.url + "/readyz").status_code == 200


def test_readyz_is_not_ready_when_postgresql_is_down(tmp_path: Path, postgres_url: str) -> None:
    settings = Settings(
        charter=str(RSII),
        hub="damascus",
        data_dir=str(tmp_path),
        db=postgres_url,
        secret_key="test-secret",
    )
    services = build_services(settings)
    name = postgres_url.rsplit("/", 1)[1]
    admin = postgres_url.rsplit("/", 1)[0] + "/postgres"
    try:
        with serving(services) as hub:
            assert httpx.get(hub.url + "/readyz").status_code == 200
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                connection.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (name,),
                )
            down = httpx.get(hub.url + "/readyz", timeout=30)
            assert down.status_code == 503
            assert down.json()["checks"]["database"] == "unreachable"
            assert httpx.get(hub.url + "/healthz").status_code == 200  # alive all the same
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        services.engine.dispose()


def test_metrics_count_requests_and_shares_by_outcome_and_reason(hub: RunningHub) -> None:
    user, key = hub.key("ru")
    headers = {"Accept": TAXII, "Content-Type": TAXII}
    good = [indicator(value=f"192.0.2.{i}") for i in range(3)]
    bad = dict(indicator(), created="yesterday")
    with httpx.Client(auth=(user, key), headers=headers) as client:
        url = hub.collection_url() + "objects/"
        assert client.post(url, content=orjson.dumps(envelope(*good, bad))).status_code == 202
        assert client.post(url, content=orjson.dumps(envelope(good[0]))).status_code == 202
        assert client.get(url).status_code == 200
        assert httpx.get(hub.url + "/metrics").status_code == 401  # a key, as for any read
        assert client.get(hub.url + "/metrics").status_code == 403  # not the operator's
    operator = hub.key(hub.services.coalition.hub.operator, Role.LIAISON)
    scraped = httpx.get(hub.url + "/metrics", auth=operator)
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    samples = _samples(scraped.text)
    shared = "allyhub_shared_objects_total"
    assert samples[(shared, (("outcome", "accepted"), ("reason", "")))] == 3
    assert samples[(shared, (("outcome", "duplicate"), ("reason", "")))] == 1
    assert samples[(shared, (("outcome", "refused"), ("reason", "invalid")))] == 1
    route = "/taxii2/rsii/collections/{collection}/objects/"  # ids are not labels
    posts = (("method", "POST"), ("route", route), ("status", "202"))
    assert samples[("allyhub_http_requests_total", posts)] == 2
    names = {name for name, _ in samples}
    for family in (
        "allyhub_http_request_duration_seconds_bucket",
        "allyhub_fusion_backlog",
        "allyhub_fusion_lag_seconds",
        "allyhub_db_pool_connections",
        "allyhub_build_info",
        "process_resident_memory_bytes",
        "python_info",
        "python_gc_collections_total",
    ):
        assert family in names, family
    assert samples[("allyhub_fusion_backlog", ())] >= 4  # no worker runs in this test hub
    assert samples[("allyhub_gc_frozen_objects", ())] == 0  # embedded here: nothing frozen


def test_a_served_hub_takes_what_it_keeps_out_of_the_cycle_collector(
    hub_process: tuple[HubProcess, RunningHub],
) -> None:
    """Once up, `allyhub serve` freezes what it has built (allyhub/heap.py): a full
    collection then walks only what requests make, not the whole heap, each time."""
    process, hub = hub_process
    operator = hub.key(hub.services.coalition.hub.operator, Role.LIAISON)
    samples = _samples(httpx.get(process.url + "/metrics", auth=operator).text)
    assert samples[("allyhub_gc_frozen_objects", ())] > 10_000


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_metrics_pass_promtool(hub: RunningHub) -> None:
    user, key = hub.key(hub.services.coalition.hub.operator, Role.LIAISON)
    body = httpx.get(hub.url + "/metrics", auth=(user, key)).text
    done = subprocess.run(
        ["promtool", "check", "metrics"], input=body, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_access_log_says_who_what_and_how_it_went(
    hub: RunningHub, caplog: pytest.LogCaptureFixture
) -> None:
    user, key = hub.key("ru")
    with caplog.at_level(logging.INFO, logger="allyhub.access"):
        answer = httpx.get(
            hub.root + "collections/",
            auth=(user, key),
            headers={"Accept": TAXII, "X-Request-ID": "trace-42"},
        )
    assert answer.headers["X-Request-ID"] == "trace-42"
    (record,) = [r for r in caplog.records if getattr(r, "request_id", "") == "trace-42"]
    assert record.levelno == logging.INFO
    assert record.principal == user  # type: ignore[attr-defined]
    assert record.route == "/taxii2/rsii/collections/"  # type: ignore[attr-defined]
    assert record.status == 200  # type: ignore[attr-defined]
    assert record.duration_ms >= 0  # type: ignore[attr-defined]
    made_up = httpx.get(hub.url + "/healthz", headers={"X-Request-ID": "no spaces allowed"})
    assert made_up.headers["X-Request-ID"] != "no spaces allowed"


def test_large_taxii_pages_are_gzipped_and_console_pages_are_not(hub: RunningHub) -> None:
    user, key = hub.key("ru")
    objects = [indicator(value=f"198.51.100.{i % 250}", name=f"n{i}") for i in range(300)]
    headers = {"Accept": TAXII, "Content-Type": TAXII}
    with httpx.Client(auth=(user, key), headers=headers) as client:
        url = hub.collection_url() + "objects/"
        assert client.post(url, content=orjson.dumps(envelope(*objects))).status_code == 202
        raw = client.get(url, headers={"Accept-Encoding": "gzip"}, params={"limit": "300"})
    assert raw.headers["content-encoding"] == "gzip"
    assert len(raw.json()["objects"]) == 300  # httpx decodes it
    login = httpx.get(hub.url + "/login", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in login.headers  # CSRF tokens beside reflected input


def test_settings_json_is_for_the_operators_liaisons_with_secrets_masked(
    hub: RunningHub,
) -> None:
    operator = hub.services.coalition.hub.operator
    user, key = hub.key(operator, Role.LIAISON)
    shown = httpx.get(hub.url + "/-/settings.json", auth=(user, key))
    assert shown.status_code == 200
    assert shown.json()["hub"] == "damascus" and shown.json()["secret_key"] == "********"
    assert "test-secret" not in shown.text
    other = next(m.id for m in hub.services.charter.members if m.id != operator)
    user, key = hub.key(other, Role.LIAISON)
    assert httpx.get(hub.url + "/-/settings.json", auth=(user, key)).status_code == 403
    user, key = hub.key(operator, Role.ANALYST)
    assert httpx.get(hub.url + "/-/settings.json", auth=(user, key)).status_code == 403
    assert httpx.get(hub.url + "/-/settings.json").status_code == 401


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[RunningHub]:
    """A hub that believes forwarded headers from loopback (its proxy)."""
    settings = Settings(
        charter=str(RSII),
        hub="damascus",
        data_dir=str(tmp_path),
        secret_key="test-secret",
        db=f"sqlite:///{tmp_path / 'hub.sqlite'}",
        trusted_proxies="127.0.0.1",
    )
    services = build_services(settings)
    with serving(services) as running:
        yield running
    services.engine.dispose()


def _login_cookie(url: str, proto: str | None) -> str:
    headers = {"X-Forwarded-Proto": proto} if proto else {}
    return httpx.get(url + "/login", headers=headers).headers["set-cookie"]


def test_console_cookies_are_secure_behind_a_trusted_tls_proxy(proxied: RunningHub) -> None:
    assert "secure" in _login_cookie(proxied.url, "https").lower()
    assert "secure" not in _login_cookie(proxied.url, None).lower()


def test_forwarded_headers_from_an_untrusted_address_are_ignored(tmp_path: Path) -> None:
    settings = Settings(
        charter=str(RSII),
        hub="damascus",
        data_dir=str(tmp_path),
        secret_key="test-secret",
        db=f"sqlite:///{tmp_path / 'hub.sqlite'}",
        trusted_proxies="192.0.2.1",
    )
    services = build_services(settings)
    try:
        with serving(services) as running:
            assert "secure" not in _login_cookie(running.url, "https").lower()
    finally:
        services.engine.dispose()


def test_api_errors_have_the_taxii_error_shape(hub: RunningHub) -> None:
    user, key = hub.key("ru", Role.LIAISON)
    shape = {"title", "description", "error_id", "http_status"}
    invalid = httpx.post(hub.url + "/api/motions", auth=(user, key), json={"kind": 3})
    assert invalid.status_code == 400 and shape <= set(invalid.json())
    assert invalid.json()["details"]["problems"]
    missing = httpx.get(hub.url + "/api/nowhere", auth=(user, key))
    assert missing.status_code == 404 and shape <= set(missing.json())
    unauthenticated = httpx.get(hub.url + "/api/members")
    assert unauthenticated.status_code == 401 and shape <= set(unauthenticated.json())
    assert "Basic" in unauthenticated.headers["www-authenticate"]


def test_openapi_declares_security_and_every_error_response(hub: RunningHub) -> None:
    document = httpx.get(hub.url + "/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["basic"]["scheme"] == "basic" and schemes["bearer"]["scheme"] == "bearer"
    assert document["security"] == [{"basic": []}, {"bearer": []}]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "429"):
                assert status in operation["responses"], (method, path, status)
            assert "422" not in operation["responses"]


def test_serve_on_a_busy_port_fails_before_touching_the_database(tmp_path: Path) -> None:
    port = free_port()
    with socket_on(port):
        data = tmp_path / "data"
        command = [
            sys.executable,
            "-m",
            "allyhub",
            "serve",
            "--charter",
            str(RSII),
            "--hub",
            "damascus",
            "--data-dir",
            str(data),
            "--port",
            str(port),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (data / "damascus.sqlite").exists()


class socket_on:  # noqa: N801 - a context manager read as a phrase
    """A listening socket on a port, held for the block."""

    def __init__(self, port: int) -> None:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen()

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def test_the_idle_sync_loop_and_http_client_are_quiet_at_info() -> None:
    from allyhub import logs

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        logs.configure("info", "json")
        assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
        assert logging.getLogger("allyhub.access").getEffectiveLevel() == logging.INFO
        formatter = root.handlers[-1].formatter
        assert formatter is not None
        record = logging.LogRecord("allyhub.access", logging.INFO, "", 0, "GET / 200", (), None)
        record.request_id, record.status = "abc", 200
        line = orjson.loads(formatter.format(record))
        assert line["level"] == "info" and line["logger"] == "allyhub.access"
        assert line["ts"].endswith("Z") and line["request_id"] == "abc"
        assert line["status"] == 200
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_settings_json_masks_a_database_password() -> None:
    from allyhub.settings import public_settings

    shown = public_settings(
        dataclasses.replace(Settings(), db="postgresql+psycopg://hub:s3cret@db:5432/hub")
    )
    assert "s3cret" not in orjson.dumps(shown).decode()
    assert shown["db"] == "postgresql+psycopg://hub:********@db:5432/hub"


def test_gzip_decoding_is_what_a_client_gets(hub: RunningHub) -> None:
    """The compressed body is the page itself (decoded by hand, not by httpx)."""
    user, key = hub.key("ru")
    objects = [indicator(value=f"203.0.113.{i}") for i in range(40)]
    headers = {"Accept": TAXII, "Content-Type": TAXII}
    url = hub.collection_url() + "objects/"
    with httpx.Client(auth=(user, key), headers=headers) as client:
        client.post(url, content=orjson.dumps(envelope(*objects)))
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as streamed:
            raw = b"".join(streamed.iter_raw())
    assert len(orjson.loads(gzip.decompress(raw))["objects"]) == 40
