"""A TAXII status resource as the status store's port keeps it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StatusRecord:
    id: str
    principal: str
    member: str
    collection: str
    requested: int
    total: int
    success: int
    failure: int
    pending: int
    details: bytes  # JSON with successes, failures and pendings
