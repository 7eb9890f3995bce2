"""The public surface of allyhub.rfi is what __all__ says, sorted."""

import allyhub.rfi


def test_rfi_all_is_sorted_and_complete():
    exported = allyhub.rfi.__all__
    assert exported == sorted(exported)
    for name in exported:
        assert hasattr(allyhub.rfi, name), name
