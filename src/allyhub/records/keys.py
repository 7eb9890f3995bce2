"""An API key as the key store's port keeps it: its keyed hash, never the key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KeyRecord:
    key_id: str
    principal: str
    member: str
    role: str
    digest: bytes
    created: int
    expires: int | None
    revoked: int | None
