"""The public surface of allyhub.stix is its sorted __all__, and nothing more."""

import types

import allyhub.stix


def test_all_is_sorted_and_complete() -> None:
    exported = allyhub.stix.__all__
    assert exported == sorted(exported)
    public = {
        name
        for name, value in vars(allyhub.stix).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(exported)
