"""The OpenAPI document of /api: FastAPI's, plus what it does not say by itself.

- `securitySchemes`: HTTP Basic (user = principal id, password = API key) and Bearer
  (the key), required by every operation;
- the error responses every operation may give, all in the one error shape (ErrorOut):
  400 (bad request, including a body or query that fails validation, in place of
  FastAPI's 422), 401 (no or bad key), 403 (not permitted), 404 (nothing by that name
  for this caller), 429 (too many failed attempts; Retry-After says when to come back).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from allyhub.api.errors import ErrorOut

ERRORS = {
    "400": "The request is malformed or fails validation; `details.problems` says where.",
    "401": "No API key, or a wrong, expired or revoked one.",
    "403": "The caller may not do this.",
    "404": "Nothing by that name that the caller may see (missing and hidden alike).",
    "429": "Too many failed attempts from this client; retry after `Retry-After` seconds.",
}
_REF = {"$ref": "#/components/schemas/ErrorOut"}


def document(api: FastAPI) -> dict[str, Any]:
    """The full OpenAPI document (computed once, then kept)."""
    if api.openapi_schema:
        return api.openapi_schema
    schema = get_openapi(
        title=api.title,
        version=api.version,
        description=api.description,
        routes=api.routes,
        servers=api.servers,
    )
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["ErrorOut"] = ErrorOut.model_json_schema()
    components["securitySchemes"] = {
        "basic": {
            "type": "http",
            "scheme": "basic",
            "description": "User: the principal id (e.g. ru.analyst). Password: its API key.",
        },
        "bearer": {"type": "http", "scheme": "bearer", "description": "The API key."},
    }
    schema["security"] = [{"basic": []}, {"bearer": []}]
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status, text in ERRORS.items():
                responses.setdefault(
                    status,
                    {"description": text, "content": {"application/json": {"schema": _REF}}},
                )
    schemas = components["schemas"]
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    api.openapi_schema = schema
    return schema
