"""The governance fold on its own: what a record can change depends on where its author
stands when the record is folded, whichever hub it came from (issue 11, finding 12)."""

from __future__ import annotations

from typing import Any

import pytest

from allyhub.charter import Tier, derived_uuid, load_charter
from allyhub.policy.governance import MOTION, RESPONSE, VOTE, fold
from allyhub.policy.standing import Standing
from allyhub.timestamps import format_timestamp
from tests.conftest import SEED_RSII

CHARTER = load_charter(SEED_RSII)
IDENTITY = {m.id: m.identity for m in CHARTER.members}
NEW = "identity--" + derived_uuid(CHARTER.id, "member", "nv")
T0 = 1_500_000_000_000_000


def _record(kind: str, at: int, author: str, ident: str, **props: Any) -> dict[str, Any]:
    when = format_timestamp(T0 + at * 1_000_000)
    return {
        "type": kind,
        "id": f"{kind}--{ident}",
        "created": when,
        "modified": when,
        "created_by_ref": author,
        **props,
    }


def _invitation() -> list[dict[str, Any]]:
    """ru moves to admit nv as an associate; the four full members vote yes."""
    admit = _record(
        MOTION,
        1,
        IDENTITY["ru"],
        "00000000-0000-4000-8000-000000000001",
        motion="admit",
        subject="nv",
        subject_tier="associate",
        subject_identity=NEW,
        subject_hub="damascus",
    )
    votes = [
        _record(
            VOTE,
            2 + i,
            IDENTITY[m],
            f"00000000-0000-4000-8000-00000000001{i}",
            motion_ref=admit["id"],
            vote="yes",
        )
        for i, m in enumerate(("ru", "sy", "ir", "iq"))
    ]
    return [admit, *votes]


def _suspension(kind: str) -> list[dict[str, Any]]:
    motion = _record(
        MOTION,
        10,
        IDENTITY["ru"],
        "00000000-0000-4000-8000-000000000002",
        motion=kind,
        subject="nv",
    )
    votes = [
        _record(
            VOTE,
            11 + i,
            IDENTITY[m],
            f"00000000-0000-4000-8000-00000000002{i}",
            motion_ref=motion["id"],
            vote="yes",
        )
        for i, m in enumerate(("ru", "sy", "ir", "iq"))
    ]
    return [motion, *votes]


def _answer(response: str) -> dict[str, Any]:
    return _record(
        RESPONSE,
        20,
        NEW,
        "00000000-0000-4000-8000-000000000003",
        motion_ref="allyhub-motion--00000000-0000-4000-8000-000000000001",
        response=response,
    )


def test_an_active_invitee_joins_by_accepting() -> None:
    state = fold(CHARTER, [*_invitation(), _answer("accept")]).state
    member = state.member("nv")
    assert member is not None and (member.tier, member.standing) == (
        Tier.ASSOCIATE,
        Standing.ACTIVE,
    )


@pytest.mark.parametrize(
    ("kind", "standing"), [("suspend", Standing.SUSPENDED), ("expel", Standing.EXPELLED)]
)
@pytest.mark.parametrize("response", ["accept", "decline"])
def test_finding12_a_suspended_or_expelled_invitee_cannot_answer_its_way_out(
    kind: str, standing: Standing, response: str
) -> None:
    """Its answer (made at a hub that had not heard of the motion yet, say) changes
    nothing: an accept would have made it an active member again."""
    state = fold(CHARTER, [*_invitation(), *_suspension(kind), _answer(response)]).state
    member = state.member("nv")
    assert member is not None and (member.tier, member.standing) == (Tier.INVITEE, standing)
