"""Comments in Wagtail's audit log: writing their entries, and keeping them
free of names once a comment is gone.

The entries of a deleted comment stay, for accountability (who decided what,
and when), under the neutral label "Raderad kommentar <id>".
"""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import CharField, F, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context, log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from feedback.models import ResidentComment
from portal.transactions import collecting

# The audit label of a deleted comment. Stored in the site's language, whatever
# language the caller runs in, so that it is one fixed text per comment.
ERASED_LABEL = _("Raderad kommentar %(pk)s")


# The entries of a batch (see batched_comment_log), or None outside one.
_batch: ContextVar[list | None] = ContextVar("feedback_audit_batch", default=None)


def batched_comment_log():
    """Within the block, :func:`comment_log` collects its entries, and they
    are written in one INSERT when the block ends without an error.

    For a bulk action in one transaction: the same entries as one by one,
    each with the time it was made, but without a validating save (two
    queries) for each.
    """
    return collecting(_batch, ModelLogEntry.objects.bulk_create)


def _entry(comment, action, actor, data) -> ModelLogEntry:
    """The entry wagtail.log_actions.log would save, built as it builds it."""
    if not log_registry.action_exists(action):
        raise ValidationError(f"The log action {action!r} has not been registered.")
    context = get_active_log_context()
    return ModelLogEntry(
        content_type=ContentType.objects.get_for_model(
            comment, for_concrete_model=False
        ),
        label=ModelLogEntry.objects.get_instance_title(comment),
        action=action,
        timestamp=timezone.now(),
        data=data,
        user=actor or context.user,
        uuid=context.uuid,
        object_id=str(comment.pk),
    )


def comment_log(
    *,
    comment: ResidentComment,
    action: str,
    actor=None,
    from_status: str | None = None,
    reason: str = "",
    **extra,
):
    """Write a comment's audit-log entry in the one shape every entry has.

    ``data`` always carries ``from``, ``to`` and ``reason`` (for an event that
    is not a status change, such as a reply, from and to are the same);
    ``extra`` adds keys of its own.
    """
    data = {
        "from": from_status or comment.status,
        "to": comment.status,
        "reason": reason,
        **extra,
    }
    batch = _batch.get()
    if batch is not None:
        batch.append(_entry(comment, action, actor, data))
        return batch[-1]
    return log(instance=comment, action=action, user=actor, data=data)


def comment_log_entries() -> QuerySet[ModelLogEntry]:
    """Every audit-log entry about a comment, whether it still exists or not."""
    content_type = ContentType.objects.get_for_model(
        ResidentComment, for_concrete_model=False
    )
    return ModelLogEntry.objects.filter(content_type=content_type)


def erased_label_expression() -> Concat:
    """SQL for the neutral label of an entry, built from its own object_id."""
    with translation.override(settings.LANGUAGE_CODE):
        template = str(ERASED_LABEL)
    prefix, _pk, suffix = template.partition("%(pk)s")
    return Concat(
        Value(prefix), F("object_id"), Value(suffix), output_field=TextField()
    )


def ids_as_text(comments: QuerySet[ResidentComment]) -> QuerySet:
    """The comments' ids as text, to match against audit entries' object_id."""
    return comments.annotate(pk_text=Cast("pk", output_field=CharField())).values(
        "pk_text"
    )
