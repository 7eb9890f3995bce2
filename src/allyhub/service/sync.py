"""Who may see how this hub keeps in step with its peers, and what they see.

Replication figures — versions pulled from and served to each peer, cursors, lag, the
times of the last pulls — count every version that crossed, including those a member may
not see, and they move when another member shares something hidden. So they are the hub
operator's: the liaisons of the member that operates this hub (the charter's hub
`operator`) see them all; a peer hub sees the figures of its own link with this hub (what
it was served, what this hub pulled from it), which it knows already. Everyone else is
refused with the reason, the same way on `/api/sync`, `/metrics` and the console's hubs
page, all of which ask `figures` here.
"""

from __future__ import annotations

from dataclasses import dataclass

from allyhub.errors import NotPermitted
from allyhub.policy.permissions import Action
from allyhub.records import Cursor
from allyhub.service.coalition import Coalition
from allyhub.service.principals import Principal
from allyhub.service.replication import ReplicationService


@dataclass(frozen=True, slots=True)
class SyncFigure:
    """One pull of this hub from a peer (or feed), per collection."""

    cursor: Cursor
    collection: str  # alias
    quarantined: int = 0  # refused versions held until `allyhub sync retry`


@dataclass(frozen=True, slots=True)
class SyncFigures:
    pulls: list[SyncFigure]
    served: dict[str, tuple[int, int | None]]  # peer -> (versions served, last time)


class SyncService:
    def __init__(self, coalition: Coalition, replication: ReplicationService) -> None:
        self._coalition = coalition
        self._replication = replication

    def refusal(self, principal: Principal) -> str | None:
        """Why this principal may not see the sync figures, or None when it may (who may
        is policy/permissions.py's `Action.SYNC`; a peer sees its own link)."""
        if principal.peer:
            return None
        decision = self._coalition.allowed(principal, Action.SYNC)
        if decision:
            return None
        operator = self._coalition.hub.operator
        return (
            f"sync figures count objects that members may not see; they are for the "
            f"liaisons of {operator!r}, which operates hub {self._coalition.hub.id}, "
            f"and for peer hubs ({decision.reason})"
        )

    def require_operator(self, principal: Principal) -> None:
        """NotPermitted unless the principal is a liaison of the operating member: the
        hub-wide figures (`/metrics`) count every request and share, a peer's included."""
        refusal = self.refusal(principal) or (
            "the hub's metrics are for the liaisons of its operator; a peer hub reads its "
            "own link at /api/sync"
            if principal.peer
            else None
        )
        if refusal is not None:
            raise NotPermitted(refusal)

    def figures(self, principal: Principal) -> SyncFigures:
        """Every pull and what was served, for the operator's liaisons; a peer hub's own
        link; NotPermitted (with the reason) for anyone else."""
        refusal = self.refusal(principal)
        if refusal is not None:
            raise NotPermitted(refusal)
        aliases = self._replication.collection_aliases()
        only = principal.peer or None
        held = self._replication.quarantine_counts()
        pulls = [
            SyncFigure(
                c, aliases.get(c.collection, c.collection), held.get((c.peer, c.collection), 0)
            )
            for c in self._replication.cursors(only)
        ]
        served = {
            peer: figures
            for peer, figures in self._replication.served().items()
            if only is None or peer == only
        }
        return SyncFigures(pulls, served)
