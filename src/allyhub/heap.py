"""Python's cycle collector kept off the request path.

A hub's processes hold large, long-lived structures (modules, the charter, SQLAlchemy's
metadata and caches; in the fusion worker, and in a server once it answers a name search,
the name index: millions of small containers) among which there is nothing for the cycle
collector to find. CPython walks every tracked object of its oldest generation each time
it collects in full, so those structures were walked again and again: on a 200k-object
hub a page that met a full collection waited 50-240 ms more (≈ 150k objects walked, a
few dozen freed), which made the band of slow pages over the p99 budget; and each full
collection of the worker walked its whole name index (0.1 s at 30k names).

`gc.freeze()` moves every object alive into a permanent generation the collector no longer
walks (refcounting still frees them). So each of the hub's own processes freezes once it
has built what it keeps: the server once it is up (its full collections then took
10-40 ms, walking what requests make), the worker after building its index, and a name
index is built with the collector off, then frozen. Freezing after every fusion batch was
tried and cost more than it saved (docs/benchmarks.md). Cyclic garbage made of frozen
objects is never collected: freezing right after a collection keeps that to what was in
use then, the long-lived structures themselves.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_OWN = {"process": False}  # set by the hub's own processes only: see `own`

YOUNG = 20_000
"""Allocations between two collections of the youngest generation (CPython's default is
700). A page of 1,000 objects or a fusion batch makes tens of thousands of short-lived
containers; at 700 the collector runs every few hundred of them, walks them all, and
promotes those still in use to be walked again. In-process fusion of a 200k-object store:
the collector took 2.9 s of 100k objects' catch-up at 700, 0.7 s at 20,000 (0.5 s at
100,000), peak memory the same (docs/benchmarks.md)."""


def own() -> None:
    """Declare this process a hub's own (the server, the fusion worker), collect young
    generations less often, then collect what is garbage now and take everything still
    alive out of future collections. Only such a process changes its collector: a program
    that embeds allyhub (the tests, a script) keeps its own as it was. Costs a walk of the
    whole heap once: call it where the process has built what it keeps, not on a hot
    path."""
    _OWN["process"] = True
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)
    gc.collect()
    gc.freeze()


@contextmanager
def building() -> Iterator[None]:
    """Build a large long-lived structure without the collector: it would walk all of it
    again at each full collection while it grows, and once more to freeze it. Garbage is
    collected before, and what was built is frozen as it stands (a build makes no cycles
    worth a walk of millions of objects to find). Outside a hub's own process, nothing
    changes."""
    if not _OWN["process"]:
        yield
        return
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
