"""The deployment files, tested as far as this machine allows: no container engine runs
here, so the image is not built; instead its entry command and healthcheck run as plain
processes with the image's environment, the compose file is checked for what it must say,
and systemd checks the unit."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

from allyhub.settings import SETTINGS
from tests.conftest import ROOT, RSII, free_port

DEPLOY = ROOT / "deploy"
KNOWN = {f"ALLYHUB_{f.name.upper()}" for f in SETTINGS}


def _dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text()


def _instruction(name: str) -> str:
    """The last such instruction of the final stage, continuation lines joined."""
    text = _dockerfile().replace("\\\n", " ")
    found = re.findall(rf"^{name} (.+)$", text, flags=re.MULTILINE)
    assert found, name
    return str(found[-1])


def _image_env() -> dict[str, str]:
    return dict(
        shlex.split(pair)[0].split("=", 1) for pair in re.findall(r"\S+=\S+", _instruction("ENV"))
    )


def test_dockerfile_runs_allyhub_serve_as_a_user_with_a_healthcheck() -> None:
    assert _instruction("USER") not in ("root", "0")
    assert _instruction("ENTRYPOINT") == '["allyhub"]' and _instruction("CMD") == '["serve"]'
    assert "/healthz" in _instruction("HEALTHCHECK")
    assert set(k for k in _image_env() if k.startswith("ALLYHUB_")) <= KNOWN
    assert "postgresql-client" in _dockerfile()  # db backup of a PostgreSQL hub


def test_the_images_command_and_healthcheck_work_as_plain_processes(tmp_path: Path) -> None:
    port = free_port()
    environ = {
        **os.environ,
        **_image_env(),
        "ALLYHUB_DATA_DIR": str(tmp_path),
        "ALLYHUB_HOST": "127.0.0.1",  # the image listens on 0.0.0.0; loopback is enough here
        "ALLYHUB_PORT": str(port),
        "ALLYHUB_CHARTER": str(RSII),
        "ALLYHUB_HUB": "damascus",
        "ALLYHUB_SECRET_KEY": "test-secret",
    }
    allyhub = str(Path(sys.executable).with_name("allyhub"))
    server = subprocess.Popen([allyhub, "serve"], env=environ, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        check = re.search(r'CMD \["python", "-c", "(.+)"\]$', _instruction("HEALTHCHECK"))
        assert check is not None
        code = check.group(1).replace('\\"', '"')
        done = subprocess.run([sys.executable, "-c", code], env=environ, timeout=30)
        assert done.returncode == 0
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    first = err.decode().splitlines()[0]
    assert first.startswith("{") and '"ts"' in first  # the image logs JSON lines


def test_compose_runs_a_hub_on_postgresql_with_real_settings() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    hub, db = compose["services"]["hub"], compose["services"]["db"]
    assert db["image"].startswith("postgres:") and "healthcheck" in db
    assert hub["depends_on"]["db"]["condition"] == "service_healthy"
    assert (DEPLOY / hub["build"]["context"] / hub["build"]["dockerfile"]).is_file()
    assert set(hub["environment"]) <= KNOWN
    assert hub["environment"]["ALLYHUB_DB"].startswith("postgresql+psycopg://")
    assert any(v.endswith(":/data") for v in hub["volumes"])


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_unit_verifies(tmp_path: Path) -> None:
    unit = (DEPLOY / "allyhub.service").read_text()
    environment = tmp_path / "allyhub.env"
    environment.write_text(f"ALLYHUB_CHARTER={RSII}\nALLYHUB_HUB=damascus\n")
    allyhub = str(Path(sys.executable).with_name("allyhub"))
    unit = unit.replace("/opt/allyhub/bin/allyhub", allyhub)
    unit = unit.replace("/etc/allyhub/allyhub.env", str(environment))
    local = tmp_path / "allyhub.service"
    local.write_text(unit)
    done = subprocess.run(
        ["systemd-analyze", "verify", str(local)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ExecStart=" in unit and "RestartPreventExitStatus=2" in unit
