"""Cursors: a position sealed for one request opens for that request only."""

from __future__ import annotations

import pytest

from allyhub.errors import InvalidRequest
from allyhub.service import Cursors, digest


def test_a_token_opens_to_its_position_for_its_own_context() -> None:
    cursors = Cursors(b"secret")
    token = cursors.seal(1_700_000_000_000_123, b"joint|filters")
    assert (
        cursors.open(token, b"joint|filters", param="next", bound_to="x") == 1_700_000_000_000_123
    )
    assert "1700000000000123" not in token  # it reveals nothing


@pytest.mark.parametrize(
    "how",
    ["another context", "another hub", "altered", "too long", "not base64"],
)
def test_a_token_made_elsewhere_or_altered_does_not_open(how: str) -> None:
    cursors = Cursors(b"secret")
    token = cursors.seal(42, b"joint")
    context = b"joint"
    opener = cursors
    if how == "another context":
        context = b"rfi"
    elif how == "another hub":
        opener = Cursors(b"other secret")
    elif how == "altered":
        token = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    elif how == "too long":
        token = token * 4
    else:
        token = "!!!"
    with pytest.raises(InvalidRequest, match="^next: not a token"):
        opener.open(token, context, param="next", bound_to="this collection")


def test_digest_separates_its_parts() -> None:
    assert digest("a", "bc") != digest("ab", "c")
    assert digest("a", 1) == digest("a", 1)
