"""Principal: who acts, and whether its role may share."""

from __future__ import annotations

import pytest

from allyhub.charter import Role
from allyhub.service import Principal


@pytest.mark.parametrize(
    ("role", "may"),
    [(Role.ANALYST, True), (Role.LIAISON, True), (Role.READER, False), (Role.PEER, False)],
)
def test_only_analysts_and_liaisons_share(role: Role, may: bool) -> None:
    assert Principal("x", "ru", role, "k").may_share is may
