"""Reading a request body within the hub's size limit, for every edge that takes one."""

from __future__ import annotations

from starlette.requests import Request

from allyhub.errors import InvalidRequest, TooLarge


async def read_limited(request: Request, limit: int) -> bytes:
    """The whole body, or TooLarge (413, naming the limit) as soon as it is known to be
    over: from Content-Length before reading, else while streaming."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not (declared.isascii() and declared.isdigit()):
            raise InvalidRequest("Content-Length must be a number of bytes")
        if len(declared) > 18 or int(declared) > limit:
            raise TooLarge(
                f"the body has {declared[:20]} bytes; this hub takes at most {limit} "
                "(max_content_length): split the envelope",
                limit,
            )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(
                f"the body is over {limit} bytes (max_content_length): split the envelope",
                limit,
            )
        chunks.append(chunk)
    return b"".join(chunks)
