"""The stored public HTML of comments and official replies.

Pages print ``body_html`` as stored; it is written here, through the one
sanitiser (``feedback.sanitize.render_plain_text``), when a comment is
published or a reply written. After a change to the sanitiser, the
``rerender_comments`` command runs :func:`rerender_stored_html` so that every
stored copy is what the sanitiser now produces.
"""

from django.db import transaction

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from feedback.sanitize import render_plain_text

BATCH_SIZE = 500


def body_html_for(body: str) -> str:
    """What ``body_html`` holds for ``body``."""
    return str(render_plain_text(body))


def _rerender(queryset, batch_size: int) -> int:
    changed = 0
    batch = []
    for obj in queryset.only("pk", "body", "body_html").iterator(chunk_size=batch_size):
        html = body_html_for(obj.body)
        if html != obj.body_html:
            obj.body_html = html
            batch.append(obj)
        if len(batch) >= batch_size:
            changed += _save(queryset.model, batch)
            batch = []
    return changed + _save(queryset.model, batch)


@transaction.atomic
def _save(model, batch) -> int:
    if batch:
        model.objects.bulk_update(batch, ["body_html"])
    return len(batch)


def rerender_stored_html(*, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Render the stored HTML of every published comment and every reply again.

    Comments not (or no longer) public get theirs when they are published.
    Returns how many rows changed, per kind.
    """
    return {
        "comments": _rerender(
            ResidentComment.objects.filter(status=CommentStatus.APPROVED), batch_size
        ),
        "replies": _rerender(OfficialReply.objects.all(), batch_size),
    }
