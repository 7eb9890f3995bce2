"""Who may see, publish and do what: pure rules over the charter and the coalition's state.

The service layer applies them; the edges import from here only the words they show or
take (an action, a motion's kind and status, a member's standing), never a rule.
"""

from allyhub.policy.governance import Motion, MotionKind, MotionStatus
from allyhub.policy.permissions import Action
from allyhub.policy.standing import Standing

__all__ = [
    "Action",
    "Motion",
    "MotionKind",
    "MotionStatus",
    "Standing",
]
