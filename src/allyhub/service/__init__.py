"""The use cases: the only layer that composes policy with storage.

Edges (taxii, api, console, cli, federation) call these services and import from here
what they pass in and get back, nothing below (tests/unit/test_faces.py).
"""

from allyhub.policy.permissions import Action
from allyhub.service.audit import from_wire, to_wire
from allyhub.service.browsing import FeedFilter, Graph, Item
from allyhub.service.coalition import Coalition
from allyhub.service.cursors import Cursors, digest
from allyhub.service.governance import MemberView
from allyhub.service.keys import KeyService
from allyhub.service.listing import Cursor, ListingService, Order
from allyhub.service.pivots import reason
from allyhub.service.principals import Principal
from allyhub.service.reading import (
    CollectionView,
    Filters,
    ReadingService,
    ReadPage,
)
from allyhub.service.replication import ReplicationService
from allyhub.service.rfi import (
    Declared,
    Marking,
    MemberCapability,
    NewRequirement,
    Question,
    RfiAct,
    RfiView,
)
from allyhub.service.search import MAX_QUERY, PER_KIND, SearchResult
from allyhub.service.sharing import Detail, SharingService, Status

__all__ = [
    "Action",
    "Coalition",
    "CollectionView",
    "Cursor",
    "Cursors",
    "Declared",
    "Detail",
    "FeedFilter",
    "Filters",
    "Graph",
    "Item",
    "KeyService",
    "ListingService",
    "MAX_QUERY",
    "Marking",
    "MemberCapability",
    "MemberView",
    "NewRequirement",
    "Order",
    "PER_KIND",
    "Principal",
    "Question",
    "ReadPage",
    "ReadingService",
    "ReplicationService",
    "RfiAct",
    "RfiView",
    "SearchResult",
    "SharingService",
    "Status",
    "digest",
    "from_wire",
    "reason",
    "to_wire",
]
