"""Who may act: one function for every write path and for what the console offers.

Pure: `decide` takes the acting principal's role, its member's standing now, whether the
member works at this hub, and the collection acted on, and says yes or why not. The
service enforces with it (`Coalition.require`) and the console asks it before showing a
button, so the two can never disagree. Reading is the visibility rule's business
(visibility.py), not this one's.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from allyhub.charter import Collection, Role, Tier
from allyhub.policy.standing import MemberState, Standing


class Action(enum.StrEnum):
    """Everything a member's principal can do that changes what a hub holds."""

    SHARE = "share"  # add objects to a collection (TAXII, console, CLI)
    DELETE = "delete"  # delete versions of one's own object
    DECIDE = "decide"  # confirm or reject a fused link
    RFI = "rfi"  # ask, route, answer or close a request for information; state a PIR
    DECLARE = "declare"  # declare the member's collection capabilities
    PROPOSE = "propose"  # move a motion (admit, suspend, reinstate, expel)
    VOTE = "vote"  # vote on a motion
    ANSWER = "answer"  # accept or decline an invitation
    WITHDRAW = "withdraw"  # leave the coalition
    DENY = "deny"  # skip (or stop skipping) a member in one's later shares
    SYNC = "sync"  # read the hub's replication figures (the operating member's liaisons)
    KEYS = "keys"  # issue and revoke its own member's API keys at this hub


_DOING = {
    Action.SHARE: "add objects",
    Action.DELETE: "delete objects",
    Action.DECIDE: "decide fused links",
    Action.RFI: "act on requests for information",
    Action.DECLARE: "declare capabilities",
    Action.PROPOSE: "move motions",
    Action.VOTE: "vote",
    Action.ANSWER: "answer an invitation",
    Action.WITHDRAW: "withdraw",
    Action.DENY: "deny members",
    Action.SYNC: "read replication figures",
    Action.KEYS: "issue or revoke its member's keys",
}
_LIAISON_ONLY = frozenset(
    {
        Action.DECLARE,
        Action.PROPOSE,
        Action.VOTE,
        Action.ANSWER,
        Action.WITHDRAW,
        Action.DENY,
        Action.SYNC,
        Action.KEYS,
    }
)
_INTO_COLLECTION = frozenset({Action.SHARE, Action.DELETE, Action.RFI, Action.DECLARE})
_NEED_ACTIVE = frozenset(Action) - {Action.WITHDRAW}
_FULL_ONLY = frozenset({Action.PROPOSE, Action.VOTE})
_MEMBERS = frozenset({Tier.FULL, Tier.ASSOCIATE})  # in good standing: who fuses and decides


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


_YES = Decision(True)


def decide(
    action: Action,
    role: Role,
    member: MemberState | None,
    *,
    hosted: bool,
    operator: bool = False,
    collection: Collection | None = None,
) -> Decision:
    """May a principal with this role, acting for this member, do this here and now?

    `hosted`: the member's people work at this hub (what a hub originates for a member it
    does not host, its peers refuse). `operator`: the member runs this hub.
    """
    if role is Role.PEER:
        return Decision(False, "a peer hub replicates; it does not act for a member")
    if member is None:
        return Decision(False, "not a member of the coalition")
    who = repr(member.member)
    doing = _DOING[action]
    if member.sees_nothing:
        return Decision(False, f"{who} is {member.standing} and may not {doing}")
    if role is Role.READER:
        return Decision(False, f"a reader key only reads: it may not {doing}")
    if action in _LIAISON_ONLY and role is not Role.LIAISON:
        return Decision(False, f"an {role} key may not {doing}: that needs a liaison key")
    if action is Action.ANSWER:
        if member.tier is not Tier.INVITEE:
            return Decision(False, f"{who} is not an invitee: there is no invitation to answer")
        if member.standing is not Standing.ACTIVE:  # accepting would make it active again
            return Decision(False, f"{who} is {member.standing} and may not {doing}")
        return _YES if hosted else _not_hosted(who)
    if member.tier is Tier.INVITEE:
        return Decision(False, f"{who} is an invitee: it may answer its invitation, nothing more")
    if action in _NEED_ACTIVE and member.standing is not Standing.ACTIVE:
        return Decision(False, f"{who} is {member.standing} and may not {doing}")
    if action in _FULL_ONLY and member.tier is not Tier.FULL:
        return Decision(False, f"only full members may {doing}; {who} is {member.tier}")
    if action is Action.DECIDE and member.tier not in _MEMBERS:
        return Decision(False, f"{who} is an {member.tier}: only members may {doing}")
    if action is Action.SYNC and not operator:
        return Decision(False, "replication figures are for the liaisons of the hub's operator")
    if collection is not None and action in _INTO_COLLECTION:
        if member.tier not in collection.write:
            return Decision(
                False, f"{who} ({member.tier}) may not {doing} in collection {collection.alias!r}"
            )
    if not hosted and action is not Action.SYNC:  # reading figures originates nothing
        return _not_hosted(who)
    return _YES


def _not_hosted(who: str) -> Decision:
    return Decision(
        False,
        f"{who} does not work at this hub: act at the hub that hosts it (the charter's "
        "`hosts`), where its peers will accept what it does",
    )
