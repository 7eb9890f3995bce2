"""Principals: who is making a request, once authenticated."""

from __future__ import annotations

from dataclasses import dataclass

from allyhub.charter import Role


@dataclass(frozen=True, slots=True)
class Principal:
    """An analyst, liaison or reader acting for a member, or a peer hub, identified by an
    API key."""

    id: str  # e.g. "ru.analyst", or "hub.baghdad" for a peer; the HTTP Basic user name
    member: str  # the member it acts for; "" for a peer hub
    role: Role
    key_id: str
    peer: str = ""  # the hub id, for a peer

    @property
    def may_share(self) -> bool:
        return self.role in (Role.ANALYST, Role.LIAISON)
