"""The API's errors, in one shape: the TAXII error body (`title`, `description`,
`error_id`, `http_status`, optional `details`), for allyhub's own errors and for what
FastAPI and Starlette would otherwise answer in theirs (a request that fails validation,
a path that matches nothing, a method not allowed)."""

from __future__ import annotations

import uuid

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from allyhub import errors
from allyhub.http_status import CHALLENGE, error_body, error_headers, status_of


class ErrorOut(BaseModel):
    """Every error the API answers (the TAXII 2.1 error message)."""

    title: str
    description: str
    error_id: str
    http_status: str
    details: dict[str, object] | None = None


def _response(body: dict[str, object], status: int) -> JSONResponse:
    headers = {"WWW-Authenticate": CHALLENGE} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def install(api: FastAPI) -> None:
    """Map every error the API can raise to the one shape."""

    @api.exception_handler(errors.AllyhubError)
    async def _domain(request: Request, exc: errors.AllyhubError) -> JSONResponse:
        status, title = status_of(exc)
        body = error_body(exc, status, title, str(uuid.uuid4()))
        return JSONResponse(body, status_code=status, headers=error_headers(exc, status))

    @api.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [  # each parameter and what was wrong with it, never the value
            f"{'.'.join(str(part) for part in e.get('loc', ()))}: {e.get('msg', 'invalid')}"
            for e in exc.errors()[:5]
        ]
        body: dict[str, object] = {
            "title": "Bad request",
            "description": "; ".join(problems) or "the request is not valid",
            "error_id": str(uuid.uuid4()),
            "http_status": "400",
            "details": {"problems": problems},
        }
        return _response(body, 400)

    @api.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        description = {
            404: f"nothing at {request.url.path}; the API's paths are in /openapi.json",
            405: f"{request.method} is not allowed on {request.url.path}",
        }.get(exc.status_code, str(exc.detail))
        body: dict[str, object] = {
            "title": str(exc.detail),
            "description": description,
            "error_id": str(uuid.uuid4()),
            "http_status": str(exc.status_code),
        }
        return _response(body, exc.status_code)
