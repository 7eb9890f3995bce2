"""Opaque, authenticated positions: TAXII `next` tokens and the console's page cursors.

A page ends at a row of the objects table, and the next page starts after it. Handing the
row's place out in clear (base64 of `v1:<date_added>`) let a client read the hub's
internal order, and forge a position that no page ever ended at (finding 15: a forged
`v1:9223372036854775808` reached the database). So a position is sealed with AES-256-GCM
under a key derived from the hub secret, with the request it belongs to (the collection
and a digest of the filters) as associated data: the token reveals nothing, and one that
was altered, forged, or made for another collection or other filters does not open.

Tokens are stateless: they survive restarts, and every process of a hub opens the
others' (the hub secret is shared; set `secret_key` when processes do not share a data
directory). A peer hub keeps our `next` as an opaque string and sends it back with the
same filters, so federation is unaffected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from allyhub.errors import InvalidRequest

_VERSION = b"\x01"
_NONCE = 12
_SEALED = len(_VERSION) + _NONCE + 8 + 16  # version, nonce, an int64, the GCM tag
LONGEST = 128
"""Characters of the longest token worth trying to open (ours have 50)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class Cursors:
    """Seals positions (int64) into tokens bound to a context, and opens them."""

    def __init__(self, hub_secret: bytes) -> None:
        key = hmac.new(hub_secret, b"allyhub cursors v1", hashlib.sha256).digest()
        self._aead = AESGCM(key)

    def seal(self, position: int, context: bytes) -> str:
        """A token for `position` that opens only with the same `context`."""
        nonce = os.urandom(_NONCE)
        plain = position.to_bytes(8, "big", signed=True)
        return _b64(_VERSION + nonce + self._aead.encrypt(nonce, plain, _VERSION + context))

    def open(self, token: str, context: bytes, *, param: str, bound_to: str) -> int:
        """The position a token holds; InvalidRequest naming `param` when the token was
        not made by this hub for this `context` (`bound_to` says what that is)."""
        refusal = InvalidRequest(
            f"{param}: not a token this hub handed out for {bound_to}; it was altered, "
            f"forged or made for another request. Start again without {param}"
        )
        if len(token) > LONGEST or not token.isascii():
            raise refusal
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (binascii.Error, ValueError):
            raise refusal from None
        if len(raw) != _SEALED or raw[:1] != _VERSION:
            raise refusal
        nonce, sealed = raw[1 : 1 + _NONCE], raw[1 + _NONCE :]
        try:
            plain = self._aead.decrypt(nonce, sealed, _VERSION + context)
        except InvalidTag:
            raise refusal from None
        return int.from_bytes(plain, "big", signed=True)


def digest(*parts: object) -> bytes:
    """A context from the parts of a request (canonical: repr of each part, in order)."""
    return hashlib.sha256("\x1f".join(repr(p) for p in parts).encode()).digest()
