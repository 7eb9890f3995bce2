"""A hub's own processes take what they keep out of Python's cycle collector; a program
that embeds allyhub keeps its collector as it was. Each case runs in a fresh interpreter:
freezing is process-wide and this one is the test runner's."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_an_embedding_program_keeps_its_collector() -> None:
    out = _run(
        """
        import gc
        from allyhub import heap
        with heap.building():
            enabled_inside = gc.isenabled()
            kept = [(i, str(i)) for i in range(1000)]
        print(gc.get_freeze_count(), enabled_inside, gc.isenabled(), gc.get_threshold()[0])
        """
    )
    assert out == "0 True True 700"  # CPython's own threshold, untouched


def test_a_hub_process_collects_garbage_freezes_what_lives_and_collects_young_less_often() -> None:
    out = _run(
        """
        import gc, weakref
        from allyhub import heap

        class Node:
            pass

        garbage = Node(); garbage.me = garbage  # a cycle only the collector can free
        gone = weakref.ref(garbage); del garbage
        kept = [Node() for _ in range(1000)]
        heap.own()
        print(gone() is None, gc.get_freeze_count() >= 1000, gc.get_threshold()[0] == heap.YOUNG)
        """
    )
    assert out == "True True True"


def test_a_build_runs_without_the_collector_and_is_frozen_after() -> None:
    out = _run(
        """
        import gc
        from allyhub import heap
        heap.own()
        before = gc.get_freeze_count()
        with heap.building():
            enabled_inside = gc.isenabled()
            index = {i: (str(i), [i]) for i in range(5000)}
        print(enabled_inside, gc.isenabled(), gc.get_freeze_count() - before >= 10000)
        """
    )
    assert out == "False True True"


def test_a_failed_build_gives_the_collector_back() -> None:
    out = _run(
        """
        import gc
        from allyhub import heap
        heap.own()
        try:
            with heap.building():
                raise ValueError("a bad name")
        except ValueError:
            pass
        print(gc.isenabled())
        """
    )
    assert out == "True"
