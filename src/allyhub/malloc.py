"""Fewer malloc arenas for a hub's processes: memory freed by one thread is reused by the
next, instead of each thread keeping heaps of its own.

glibc gives each thread that allocates at once another arena, up to eight per core, and
keeps what an arena frees for that arena. A server answers from a pool of threads, each
parsing and building pages of up to 1,000 objects, so every arena grows to the largest
page it ever built. Four clients paging a 1M-object hub, five runs each: the server's
peak was 232-295 MB (mean 266) with glibc's default, 235-256 MB (mean 242) with two
arenas (docs/benchmarks.md). The threads wait for the GIL anyway, so sharing arenas
costs little.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import MutableMapping

ARENAS = 2
"""Arenas per process; glibc's own setting (the MALLOC_ARENA_MAX variable) wins."""

_M_ARENA_MAX = -8  # mallopt's parameter number (malloc.h)


def limit_arenas(environ: MutableMapping[str, str]) -> bool:
    """Limit this process's arenas, and its children's through `environ` (the process's
    environment, which the CLI owns: glibc reads MALLOC_ARENA_MAX when a process starts).
    True when the limit is set here; False when the operator set one, or the C library is
    not glibc."""
    if "MALLOC_ARENA_MAX" in environ:
        return False
    environ["MALLOC_ARENA_MAX"] = str(ARENAS)
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    return bool(mallopt(_M_ARENA_MAX, ARENAS))
