"""The one exception hierarchy of allyhub.

Classes use the domain's words and carry no HTTP status: only the edges (taxii, console,
cli) map them, once each, in their exception handlers.

    AllyhubError
    ├── SettingsInvalid        a setting has a bad value (names the key and its source)
    ├── CharterInvalid         the charter file is wrong (names the file, line and field)
    ├── StoreError             the database failed or is not at the expected revision
    ├── NotAuthenticated       no credentials, or wrong, expired or revoked ones
    ├── Throttled              too many failed authentications: try again after a while
    ├── NotPermitted           the principal may not do this (never used to hide existence)
    ├── NotFound               no such thing *for this principal* (missing and invisible alike)
    ├── InvalidRequest         the request itself is malformed (bad filter, bad JSON, ...)
    │   ├── UnsupportedMediaType   the body is not a media type we take
    │   ├── NotAcceptable          no media type the client accepts can be produced
    │   └── TooLarge               the body is over a configured limit (size, count, depth)
    └── PeerUnavailable        a federation peer did not answer or answered wrongly
"""

from __future__ import annotations


class AllyhubError(Exception):
    """Root of every error allyhub raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SettingsInvalid(AllyhubError):
    """A setting has a wrong value; the message names the key and where it came from."""


class CharterInvalid(AllyhubError):
    """The charter is malformed or inconsistent; the message names the file, line and field."""


class StoreError(AllyhubError):
    """The database failed, or its schema is not at the revision this code expects."""


class NotAuthenticated(AllyhubError):
    """Missing, wrong, expired or revoked credentials."""


class Throttled(AllyhubError):
    """Too many failed authentications from this address or naming this principal.

    `retry_after` is the whole number of seconds until an attempt is heard again. It is
    not a NotAuthenticated: nothing about the credentials of this request was checked.
    """

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class NotPermitted(AllyhubError):
    """The principal is known but may not do this.

    Never raised for reads of objects: an object the principal may not see is NotFound,
    with the same message as one that does not exist.
    """


class NotFound(AllyhubError):
    """Nothing by that name for this principal: missing and invisible are the same."""


class InvalidRequest(AllyhubError):
    """The request is malformed: bad JSON, bad filter values, wrong envelope shape."""


class UnsupportedMediaType(InvalidRequest):
    """The request body's media type is not one we take."""


class NotAcceptable(InvalidRequest):
    """The client accepts no media type we can produce."""


class TooLarge(InvalidRequest):
    """The request body is over a configured limit: its size, or how many objects,
    values, list items or characters it holds, or how deep it nests.

    `setting` names the setting that holds the limit, `limit` its value.
    """

    def __init__(self, message: str, limit: int, setting: str = "max_content_length") -> None:
        super().__init__(message)
        self.limit = limit
        self.setting = setting


class PeerUnavailable(AllyhubError):
    """A federation peer did not answer, or answered something we cannot use."""


__all__ = [
    "AllyhubError",
    "CharterInvalid",
    "InvalidRequest",
    "NotAcceptable",
    "NotAuthenticated",
    "NotFound",
    "NotPermitted",
    "PeerUnavailable",
    "SettingsInvalid",
    "StoreError",
    "Throttled",
    "TooLarge",
    "UnsupportedMediaType",
]
