"""A small TAXII 2.1 client over httpx, for the CLI and for federation.

It speaks only the parts allyhub needs (discovery, add objects, page objects) and turns
transport failures into PeerUnavailable and TAXII errors into readable messages.
"""

from __future__ import annotations

import functools
import ssl
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Self

import orjson

from allyhub.errors import (
    InvalidRequest,
    NotAuthenticated,
    NotFound,
    PeerUnavailable,
    TooLarge,
)
from allyhub.limits import DEFAULT_LIMITS, JsonLimits, parse_json
from allyhub.timestamps import parse_rfc3339

# httpx's __init__ imports its own command line (`httpx._main`: click, pygments,
# rich.syntax, rich.progress; ≈ 20 ms of `allyhub share`'s start-up) when it can, and
# does without it when that import fails. None in sys.modules makes it fail; the entry is
# taken out again, so that an explicit `import httpx._main` later still works.
_BLOCK_CLI = "httpx._main" not in sys.modules
if _BLOCK_CLI:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
import httpx  # noqa: E402

if _BLOCK_CLI:
    del sys.modules["httpx._main"]

TAXII = "application/taxii+json;version=2.1"


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client of the process, made as httpx makes its default
    (certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR): making one reads the whole CA
    bundle (≈ 5 ms of CPU), and a hub's sync loop opens two clients per peer each round,
    by default every second. A context is safe to share between threads."""
    return httpx.create_ssl_context()


@dataclass(frozen=True, slots=True)
class ObjectsPage:
    objects: list[dict[str, Any]]
    more: bool
    next: str | None  # the server's `next`, whatever its form ("" means none)
    last_added: str | None  # X-TAXII-Date-Added-Last, when it is a date at all
    extensions: dict[str, Any]  # x_ custom properties of the envelope


def _date(header: str | None) -> str | None:
    """A date header as the server wrote it, if it is a date: a server may send none, or
    `undefined` (OpenCTI sets it from a property its STIX objects lack, and Express
    writes String(undefined))."""
    if not header:
        return None
    try:
        parse_rfc3339(header)
    except ValueError:
        return None
    return header


class _HttpClient:
    """An authenticated httpx client that turns failures into allyhub errors."""

    def __init__(self, url: str, *, user: str | None, key: str, timeout: float = 60.0) -> None:
        auth = httpx.BasicAuth(user, key) if user else None
        headers = {"Accept": TAXII, "User-Agent": "allyhub"}
        if user is None:
            headers["Authorization"] = f"Bearer {key}"
        self.base = url.rstrip("/")
        self.http = httpx.Client(auth=auth, headers=headers, timeout=timeout, verify=tls_context())

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise PeerUnavailable(f"{method} {url}: {exc.__class__.__name__}: {exc}") from exc
        return self._checked(method, url, response)

    def _limited(
        self, url: str, params: dict[str, str], limit: int
    ) -> tuple[httpx.Response, bytes]:
        """GET, reading the body only up to `limit` bytes (TooLarge beyond): a server
        that answers with more cannot make this process hold it."""
        try:
            with self.http.stream("GET", url, params=params) as response:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(
                            f"GET {url}: the answer is over {limit} bytes (max_content_length)",
                            limit,
                        )
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise PeerUnavailable(f"GET {url}: {exc.__class__.__name__}: {exc}") from exc
        content = b"".join(chunks)
        if response.status_code >= 400:
            self._checked("GET", url, httpx.Response(response.status_code, content=content))
        return response, content

    def _checked(self, method: str, url: str, response: httpx.Response) -> httpx.Response:
        """The response, or the allyhub error its status means."""
        if response.status_code < 400:
            return response
        message = _error_message(response)
        text = f"{method} {url}: HTTP {response.status_code}: {message}"
        if response.status_code == 401:
            raise NotAuthenticated(text)
        if response.status_code == 404:
            raise NotFound(text)
        if response.status_code in (400, 403, 406, 413, 415, 422):
            raise InvalidRequest(text)
        raise PeerUnavailable(text)


def _error_message(response: httpx.Response) -> str:
    """What an error body says: a TAXII error (title, description), or OpenCTI's, which
    adds `error_code` (`FunctionalError`, `AuthRequired`) and keeps the reason in
    `description`; the text itself when it is not JSON."""
    try:
        error = response.json()
    except ValueError:
        return response.text[:300]
    if not isinstance(error, dict):
        return response.text[:300]
    parts = [str(error[k]) for k in ("error_code", "description", "title") if error.get(k)]
    if "error_code" in error and len(parts) == 3:
        return f"{parts[0]}: {parts[1]} ({parts[2]})"
    return ": ".join(parts) if parts else response.text[:300]


class ApiClient(_HttpClient):
    """The hub's HTTP API (/api): governance and audit, for the CLI."""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        content = orjson.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else None
        response = self._request(method, f"{self.base}/api{path}", content=content, headers=headers)
        return response.json() if response.content else None

    def fetch(self, path: str) -> bytes:
        """The body of a GET under /api as it came (a CSV, a file to keep as is)."""
        return self._request("GET", f"{self.base}/api{path}").content


class TaxiiClient(_HttpClient):
    """One TAXII server, one principal, one collection at a time.

    Pages are read within `limits` (bytes, objects, values, depth, items, strings:
    limits.py), so a peer or feed cannot make this process hold more than it would
    take from a request."""

    def __init__(
        self,
        url: str,
        *,
        user: str | None,
        key: str,
        timeout: float = 60.0,
        limits: JsonLimits = DEFAULT_LIMITS,
        discovery: str | None = None,
    ) -> None:
        super().__init__(url, user=user, key=key, timeout=timeout)
        self.limits = limits
        self.discovery = discovery or f"{self.base}/taxii2/"

    def api_root(self) -> str:
        """The default API root's absolute URL, from discovery (which may need the
        credentials: OpenCTI's does). `default` MUST be one of `api_roots`; a server
        whose `default` is not (OpenCTI's says `/root` and lists `<base>/taxii2/root`)
        gets the listed root whose path ends as its default does, else its first."""
        discovery = self._request("GET", self.discovery).json()
        if not isinstance(discovery, dict):
            raise PeerUnavailable(f"{self.discovery} is not a TAXII discovery resource")
        here = httpx.URL(self.discovery)
        roots = [
            str(here.join(r)).rstrip("/") + "/"
            for r in discovery.get("api_roots") or []
            if isinstance(r, str)
        ]
        default = discovery.get("default")
        chosen = str(here.join(default)).rstrip("/") + "/" if isinstance(default, str) else None
        if chosen is not None and (not roots or chosen in roots):
            return chosen
        if chosen is not None:
            tail = httpx.URL(chosen).path.rstrip("/")
            for root in roots:
                if tail and root.rstrip("/").endswith(tail):
                    return root
        if not roots:
            raise PeerUnavailable(f"{self.discovery} advertises no API root")
        return roots[0]

    def collection_url(self, api_root: str, collection: str) -> str:
        """Find a collection by id or alias; its absolute URL."""
        data = self._request("GET", api_root + "collections/").json()
        for entry in data.get("collections", []):
            if collection in (entry.get("id"), entry.get("alias")):
                return f"{api_root}collections/{entry['id']}/"
        raise NotFound(f"no collection {collection!r} at {api_root}")

    def get_object(self, collection_url: str, stix_id: str) -> list[dict[str, Any]]:
        """The latest version of one object; NotFound if the principal cannot see it."""
        response = self._request("GET", f"{collection_url}objects/{stix_id}/")
        objects: list[dict[str, Any]] = orjson.loads(response.content).get("objects", [])
        return objects

    def add(self, collection_url: str, objects: Sequence[dict[str, Any]]) -> dict[str, Any]:
        response = self._request(
            "POST",
            collection_url + "objects/",
            content=orjson.dumps({"objects": list(objects)}),
            headers={"Content-Type": TAXII},
        )
        status: dict[str, Any] = response.json()
        return status

    def page(
        self,
        collection_url: str,
        *,
        added_after: str | None = None,
        next_token: str | None = None,
        limit: int = 1000,
        all_versions: bool = True,
        versions: str | None = None,
    ) -> ObjectsPage:
        """One page. `versions`: the match[version] to ask (`all`, `last`); by default
        `all` when `all_versions`, none otherwise."""
        params: dict[str, str] = {"limit": str(limit)}
        wanted = versions if versions is not None else ("all" if all_versions else None)
        if wanted:
            params["match[version]"] = wanted
        if added_after:
            params["added_after"] = added_after
        if next_token:
            params["next"] = next_token
        url = collection_url + "objects/"
        response, content = self._limited(url, params, self.limits.size)
        data = parse_json(content, self.limits, f"the page of {url}")
        if not isinstance(data, dict):
            raise PeerUnavailable(f"GET {url}: the answer is not a TAXII envelope")
        objects = data.get("objects") or []
        if not isinstance(objects, list):
            raise PeerUnavailable(f"GET {url}: `objects` is not a list")
        token = data.get("next")
        return ObjectsPage(
            objects=objects,
            more=bool(data.get("more")),
            next=token if isinstance(token, str) and token else None,
            last_added=_date(response.headers.get("X-TAXII-Date-Added-Last")),
            extensions={k: v for k, v in data.items() if k.startswith("x_")},
        )

    def pages(
        self, collection_url: str, *, added_after: str | None = None, all_versions: bool = True
    ) -> Iterator[ObjectsPage]:
        """Every page from `added_after` on, following `next`."""
        token: str | None = None
        while True:
            page = self.page(
                collection_url, added_after=added_after, next_token=token, all_versions=all_versions
            )
            yield page
            if not page.more:
                return
            if page.next:
                token = page.next
            elif page.last_added:
                added_after, token = page.last_added, None
            else:
                return
