"""The console's places in the objects table, sealed: the feed's `before` (the next,
older page) and the live updates' `after` (the page's `data-mark`, each event's id and
the `Last-Event-ID` a browser sends back).

A place is a date_added, the hub's internal order; handed out in clear it could be
edited into one no page ever showed (a forged `before=2^70` failed in the database,
finding 15). Sealed by service/cursors.py and bound to the principal it was made for,
it reveals nothing, and an altered or foreign one is a 400 that says so.
"""

from __future__ import annotations

from allyhub.service import Cursors, digest

START = "0"
"""The mark of a page that showed nothing: live updates then start from the beginning."""


class Marks:
    def __init__(self, cursors: Cursors) -> None:
        self._cursors = cursors

    def seal(self, kind: str, principal: str, position: int) -> str:
        """The token for `position`, for a `kind` of mark ("before" or "after")."""
        if kind == "after" and position == 0:
            return START
        return self._cursors.seal(position, digest("console", kind, principal))

    def open(self, kind: str, principal: str, token: str) -> int:
        """The position a token holds; InvalidRequest when it is not one this hub sealed
        for this principal and kind."""
        if kind == "after" and token == START:
            return 0
        return self._cursors.open(
            token,
            digest("console", kind, principal),
            param=kind,
            bound_to=f"your session's {kind} mark",
        )
