from collections.abc import Sequence

def distance(
    a: Sequence[int],
    b: Sequence[int],
    del_a: Sequence[float],
    del_b: Sequence[float],
    strict: bool,
    give_up: float,
) -> float: ...
def configure(
    near: Sequence[float],
    masks: tuple[int, int, int, int, int, int, int, int],
    costs: tuple[float, float, float, float],
) -> None: ...
def gather(
    scratch: object, postings: list[object], weights: list[float]
) -> tuple[bytes, bytes]: ...
def rank(
    slots: object,
    sums: object,
    key_counts: object,
    kinds: object,
    alive: object,
    compatible: bytes,
    limit: int,
) -> list[tuple[int, float]]: ...
def locate(
    keys: object, directory: object, shift: int, offsets: object, hashes: list[int]
) -> tuple[list[int], list[int]]: ...
