"""The use cases: the only layer that composes policy with storage.

Edges (taxii, console, cli, federation) call these services and nothing below them.
"""

from allyhub.policy.permissions import Action
from allyhub.service.coalition import Coalition
from allyhub.service.cursors import Cursors
from allyhub.service.keys import KeyService
from allyhub.service.principals import Principal
from allyhub.service.reading import (
    CollectionView,
    Filters,
    ReadingService,
    ReadPage,
)
from allyhub.service.sharing import Detail, SharingService, Status
from allyhub.store.objects import VersionMatch, VersionPick

__all__ = [
    "Action",
    "Coalition",
    "CollectionView",
    "Cursors",
    "Detail",
    "Filters",
    "KeyService",
    "Principal",
    "ReadPage",
    "ReadingService",
    "SharingService",
    "Status",
    "VersionMatch",
    "VersionPick",
]
