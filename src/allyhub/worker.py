"""`python -m allyhub.worker PARENT_PID`: the fusion worker's process.

`app.start_fusion` starts it with the server's settings as JSON on its standard input
(not on its command line, where `ps` would show the hub's secret key). A plain child
process rather than multiprocessing's "spawn", which also starts a resource-tracker
process (12 MB resident) for semaphores the worker never uses.
"""

from __future__ import annotations

import sys

import orjson


def main() -> None:
    from allyhub.app import run_fusion

    settings = orjson.loads(sys.stdin.buffer.read())
    run_fusion(settings, int(sys.argv[1]))


if __name__ == "__main__":
    main()
