"""The only place that changes a comment's state.

Views, admin actions and tasks call these functions; they never write
``ResidentComment.status`` themselves. The lifecycle is declared in
``feedback.services.actions``; see docs/architecture.md.
"""

from .transitions import (
    ConcurrentChangeError,
    TransitionError,
    comment_transition,
)

__all__ = [
    "ConcurrentChangeError",
    "TransitionError",
    "comment_transition",
]
