"""The aliases of the objects table that read queries use, each made once.

A reader's visibility clause over an alias is built once and kept (records/visibility.py):
a peer hub's is one clause per member it hosts, and building it anew took a third of
serving a page. A fresh alias per query would make every clause new again.
"""

from __future__ import annotations

from allyhub.store.schema import objects

READ = objects.alias("o")  # the rows a query reads
LINE = objects.alias("line")
SEEN = objects.alias("seen")
NEWER = objects.alias("newer")
OLDER = objects.alias("older")
