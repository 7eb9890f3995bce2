"""Every error of errors.py is mapped at every edge, as httpx maps every httpcore error.

The tree is walked, not listed: a new class without its own row in the HTTP table
(`http_status.STATUS`, which TAXII, /api, the guard middleware and the console's error
page all read) or in the CLI's exit codes (`cli/exits.CODES`) fails here, and so does a
class that no example below raises through the edges.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import httpx
import orjson
import pytest
import typer
from fastapi import FastAPI
from starlette.requests import Request

import allyhub
from allyhub import errors
from allyhub.api.errors import install
from allyhub.cli.exits import CODES, REFUSED, UNREACHABLE, USAGE, exit_code
from allyhub.cli.group import CommandGroup
from allyhub.http_status import STATUS, status_of
from allyhub.taxii.exception_handlers import HANDLERS, allyhub_error

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on a loop of its own, in a thread of its own: a browser
    test earlier in the session may leave an event loop running in this one, and
    asyncio.run refuses to start under it."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _tree(root: type[errors.AllyhubError]) -> list[type[errors.AllyhubError]]:
    found = [root]
    for sub in root.__subclasses__():
        found += _tree(sub)
    return found


TREE = _tree(errors.AllyhubError)
IDS = [cls.__name__ for cls in TREE]

EXAMPLES: dict[type[errors.AllyhubError], errors.AllyhubError] = {
    errors.AllyhubError: errors.AllyhubError("something went wrong"),
    errors.SettingsInvalid: errors.SettingsInvalid("max_page_size: not a number (env)"),
    errors.CharterInvalid: errors.CharterInvalid("charter.toml:3: members: missing"),
    errors.StoreError: errors.StoreError("the database is at 0003, not 0010"),
    errors.NotAuthenticated: errors.NotAuthenticated("no key"),
    errors.Throttled: errors.Throttled("too many failures", retry_after=7),
    errors.NotPermitted: errors.NotPermitted("an analyst may not vote"),
    errors.NotFound: errors.NotFound("no such object"),
    errors.InvalidRequest: errors.InvalidRequest("bad filter"),
    errors.UnsupportedMediaType: errors.UnsupportedMediaType("text/plain"),
    errors.NotAcceptable: errors.NotAcceptable("application/xml"),
    errors.TooLarge: errors.TooLarge("over 10 bytes", limit=10),
    errors.PeerUnavailable: errors.PeerUnavailable("peer b did not answer"),
}
"""One instance per class, raised through each edge below."""

HTTP = {
    errors.AllyhubError: 500,
    errors.SettingsInvalid: 500,
    errors.CharterInvalid: 500,
    errors.StoreError: 503,
    errors.NotAuthenticated: 401,
    errors.Throttled: 429,
    errors.NotPermitted: 403,
    errors.NotFound: 404,
    errors.InvalidRequest: 400,
    errors.UnsupportedMediaType: 415,
    errors.NotAcceptable: 406,
    errors.TooLarge: 413,
    errors.PeerUnavailable: 502,
}
EXIT = {
    errors.AllyhubError: REFUSED,
    errors.SettingsInvalid: USAGE,
    errors.CharterInvalid: USAGE,
    errors.StoreError: UNREACHABLE,
    errors.NotAuthenticated: REFUSED,
    errors.Throttled: REFUSED,
    errors.NotPermitted: REFUSED,
    errors.NotFound: REFUSED,
    errors.InvalidRequest: REFUSED,
    errors.UnsupportedMediaType: REFUSED,
    errors.NotAcceptable: REFUSED,
    errors.TooLarge: REFUSED,
    errors.PeerUnavailable: UNREACHABLE,
}


def test_error_tree_is_what_errors_exports() -> None:
    defined = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, BaseException)
    }
    assert set(IDS) == defined == set(errors.__all__)
    assert errors.__all__ == sorted(errors.__all__)


def test_error_tree_is_drawn_in_the_docstring() -> None:
    doc = errors.__doc__ or ""
    assert [cls.__name__ for cls in TREE if cls.__name__ not in doc] == []


def test_every_error_has_an_example_and_an_expected_mapping() -> None:
    assert set(EXAMPLES) == set(TREE) == set(HTTP) == set(EXIT)


@pytest.mark.parametrize("cls", TREE, ids=IDS)
def test_error_has_its_own_row_in_the_http_table(cls: type[errors.AllyhubError]) -> None:
    assert cls in STATUS, f"http_status.STATUS has no row for {cls.__name__}"
    assert status_of(EXAMPLES[cls]) == STATUS[cls]
    assert STATUS[cls][0] == HTTP[cls]


@pytest.mark.parametrize("cls", TREE, ids=IDS)
def test_error_has_its_own_exit_code(cls: type[errors.AllyhubError]) -> None:
    assert cls in CODES, f"cli/exits.CODES has no row for {cls.__name__}"
    assert exit_code(EXAMPLES[cls]) == EXIT[cls]


def test_http_table_and_exit_codes_name_only_errors_of_the_tree() -> None:
    assert set(STATUS) == set(TREE)
    assert set(CODES) == set(TREE)


@pytest.mark.parametrize("cls", TREE, ids=IDS)
def test_taxii_answers_each_error_with_its_status(cls: type[errors.AllyhubError]) -> None:
    assert HANDLERS[errors.AllyhubError] is allyhub_error
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/taxii2/",
        "headers": [],
        "query_string": b"",
    }
    response = _run(allyhub_error(Request(scope), EXAMPLES[cls]))
    body = orjson.loads(bytes(response.body))
    assert response.status_code == HTTP[cls]
    assert body["http_status"] == str(HTTP[cls])
    assert body["description"] == str(EXAMPLES[cls])
    assert response.media_type == "application/taxii+json;version=2.1"
    if HTTP[cls] == 401:
        assert "WWW-Authenticate" in response.headers
    if cls is errors.Throttled:
        assert response.headers["Retry-After"] == "7"


@pytest.mark.parametrize("cls", TREE, ids=IDS)
def test_api_answers_each_error_with_its_status(cls: type[errors.AllyhubError]) -> None:
    api = FastAPI()
    install(api)

    @api.get("/fail")
    def fail() -> None:
        raise EXAMPLES[cls]

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=api)
        async with httpx.AsyncClient(transport=transport, base_url="http://hub") as client:
            return await client.get("/fail")

    response = _run(call())
    assert response.status_code == HTTP[cls]
    assert response.json()["http_status"] == str(HTTP[cls])
    assert response.json()["description"] == str(EXAMPLES[cls])


@pytest.mark.parametrize("cls", TREE, ids=IDS)
def test_cli_prints_one_line_and_exits_with_each_code(
    cls: type[errors.AllyhubError], capsys: pytest.CaptureFixture[str]
) -> None:
    app = typer.Typer(cls=CommandGroup)

    @app.command()
    def fail() -> None:
        raise EXAMPLES[cls]

    @app.command()
    def other() -> None:  # two commands, so that `fail` is a subcommand as in allyhub
        pass

    with pytest.raises(SystemExit) as raised:
        app(["fail"], standalone_mode=True)
    assert raised.value.code == EXIT[cls]
    assert capsys.readouterr().err == f"allyhub: {EXAMPLES[cls]}\n"


def test_console_draws_its_error_page_from_the_one_table() -> None:
    """The console's one error mapping (`Pages._error`) takes status and title from
    `status_of`, so the rows checked above are the console's too; NotAuthenticated alone
    sends to the login page instead (tests/integration/test_console.py)."""
    pages = Path(allyhub.__file__).parent / "console" / "pages.py"
    tree = ast.parse(pages.read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "allyhub.http_status"
        for alias in node.names
    }
    error = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "_error"
    )
    called = {
        node.func.id
        for node in ast.walk(error)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert "status_of" in imported and "status_of" in called
