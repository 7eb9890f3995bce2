"""The public surface of allyhub.fusion is what __all__ says, sorted."""

import allyhub.fusion


def test_fusion_all_is_sorted_and_complete():
    exported = allyhub.fusion.__all__
    assert exported == sorted(exported)
    for name in exported:
        assert hasattr(allyhub.fusion, name), name
