"""Principals: who is making a request, once authenticated."""

from __future__ import annotations

from dataclasses import dataclass

from allyhub.charter import Role


@dataclass(frozen=True, slots=True)
class Principal:
    """An analyst, liaison or reader acting for a member, identified by an API key."""

    id: str  # e.g. "ru.analyst"; the HTTP Basic user name
    member: str
    role: Role
    key_id: str

    @property
    def may_share(self) -> bool:
        return self.role is not Role.READER
