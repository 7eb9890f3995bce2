"""CLI start-up (issue 15: ≤ 0.3 s): `--help`, `share --help`, `pull --help`, and `share
FILE` / `pull` up to their first request (refused: nothing listens on port 9).

Each source tree (`--src NAME=PATH`, put first on PYTHONPATH) runs each command once per
round, in alternating order, so that other work on a shared machine weighs on every tree
alike; hyperfine runs one command's runs in a row, and a change of load in between reads
as a difference. Prints the median and minimum wall time and the median CPU time (user +
system) per command and tree, with the load average; asserts nothing.

    .venv/bin/python bench/startup.py --src before=../base/src --src now=src [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REFUSED = ["--url", "http://127.0.0.1:9", "--key", "x"]
UNREACHABLE = 3  # cli/exits.py: the exit code of PeerUnavailable


def _commands(work: Path) -> dict[str, tuple[list[str], int]]:
    """Command name -> its arguments and the exit code that shows it ran as meant."""
    bundle = work / "empty.json"
    bundle.write_text('{"type": "bundle", "id": "bundle--1", "objects": []}')
    out = str(work / "out.jsonl")
    return {
        "--help": (["--help"], 0),
        "share --help": (["share", "--help"], 0),
        "pull --help": (["pull", "--help"], 0),
        "share FILE (to a refused request)": (["share", str(bundle), *REFUSED], UNREACHABLE),
        "pull (to a refused request)": (["pull", "-o", out, *REFUSED], UNREACHABLE),
    }


def _run(argv: list[str], src: str, cwd: Path, code: int) -> tuple[float, float]:
    """One run's wall and CPU seconds; exits naming the command if it did not run as
    meant (a usage error is quick, and not a start-up)."""
    env = {**os.environ, "PYTHONPATH": src}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode != code:
        tail = done.stderr.decode(errors="replace")[-500:]
        raise SystemExit(f"{' '.join(argv)} (PYTHONPATH={src}) exited {done.returncode}: {tail}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def _summary(tree: str, runs: list[tuple[float, float]]) -> str:
    wall = [w * 1000 for w, _ in runs]
    cpu = statistics.median(c for _, c in runs) * 1000
    return f"{tree} {statistics.median(wall):.0f} ms (min {min(wall):.0f}, cpu {cpu:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", action="append", required=True, help="NAME=PATH of a src/")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument(
        "--script", action="store_true", help="run the console script next to the interpreter"
    )
    args = parser.parse_args()
    trees = [(name, str(Path(src).resolve())) for name, src in (s.split("=", 1) for s in args.src)]
    script = Path(sys.executable).with_name("allyhub")
    prefix = [str(script)] if args.script else [sys.executable, "-m", "allyhub"]
    print(f"load average {os.getloadavg()[0]:.2f}; {' '.join(prefix)} ...")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, (command, code) in _commands(work).items():
            runs: dict[str, list[tuple[float, float]]] = {tree: [] for tree, _ in trees}
            for _, src in trees:  # warm the file cache and the bytecode
                _run([*prefix, *command], src, work, code)
            for round_ in range(args.rounds):
                order = trees if round_ % 2 == 0 else trees[::-1]
                for tree, src in order:
                    runs[tree].append(_run([*prefix, *command], src, work, code))
            cells = [_summary(tree, r) for tree, r in runs.items()]
            print(f"{name:36} " + " | ".join(cells), flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
