"""Browser tests: Playwright for Python driving Debian's Chromium, headless, against a
real hub served by uvicorn on 127.0.0.1.

They need /usr/bin/chromium (`apt-get install -y chromium`; `.ci/run` installs it). Where
it is absent they skip and say so; under CI (ALLYHUB_CI=1) they fail instead. They run on
SQLite only: what they prove is the console's, and the reads under it are run on both
databases by tests/integration/test_browsing.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from allyhub.charter import Role
from tests.conftest import RunningHub, share_seed

CHROMIUM = Path(os.environ.get("ALLYHUB_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 860}


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hub.sqlite'}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = (
            f"browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install -y chromium; .ci/run does it)"
        )
        if os.environ.get("ALLYHUB_CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def seeded(hub: RunningHub) -> dict[str, dict[str, Any]]:
    return share_seed(hub.services)


class Analyst:
    """One person at one browser: its own context (cookies), signed in as a principal."""

    def __init__(self, browser: Any, hub: RunningHub, member: str, role: Role) -> None:
        self.hub = hub
        self.principal, self.key = hub.key(member, role)
        self.context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        # a page answered 404 on purpose logs "Failed to load resource"; assets are checked
        # by the responses below instead
        self.page.on(
            "console",
            lambda msg: (
                self.errors.append(msg.text)
                if msg.type == "error" and not msg.text.startswith("Failed to load resource")
                else None
            ),
        )
        self.page.on(
            "response",
            lambda r: (
                self.errors.append(f"{r.status} {r.url}")
                if "/static/" in r.url and r.status >= 400
                else None
            ),
        )

    def sign_in(self) -> Analyst:
        page = self.page
        page.goto(self.hub.url + "/")
        assert re.search(r"/login\?next=", page.url), page.url
        page.get_by_label("Principal id").fill(self.principal)
        page.get_by_label("API key").fill(self.key)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(self.hub.url + "/")
        return self

    def go(self, path: str) -> Any:
        return self.page.goto(self.hub.url + path)


@pytest.fixture
def analyst(browser: Any, hub: RunningHub) -> Iterator[Any]:
    made: list[Analyst] = []

    def make(member: str, role: Role = Role.ANALYST) -> Analyst:
        made.append(Analyst(browser, hub, member, role).sign_in())
        return made[-1]

    yield make
    for person in made:
        person.context.close()
    for person in made:
        assert not person.errors, f"{person.principal}: {person.errors}"
