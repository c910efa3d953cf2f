from .comments import (
    CommentStatus,
    EmailDelivery,
    EmailSuppression,
    OfficialReply,
    ResidentComment,
)
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
    "RejectionReason",
    "ResidentComment",
]
