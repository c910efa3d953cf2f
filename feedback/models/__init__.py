from .comments import (
    CommentStatus,
    EmailDelivery,
    EmailSuppression,
    OfficialReply,
    ResidentComment,
)
from .principles import Principle
from .settings import (
    DiscussionSettings,
    ModeratorPreference,
    RejectionReason,
)

__all__ = [
    "CommentStatus",
    "DiscussionSettings",
    "EmailDelivery",
    "EmailSuppression",
    "ModeratorPreference",
    "OfficialReply",
    "Principle",
    "RejectionReason",
    "ResidentComment",
]
