"""The bulk actions of the moderation listing, one per registry entry.

:func:`moderation_bulk_actions` makes a Wagtail bulk action for each action
``feedback.services.actions`` offers in bulk (``bulk=True``); wagtail_hooks
registers them with ``register_bulk_action``, for ResidentComment only. Each
applies to exactly the selected comments the moderator may act on; with
"select all in listing" it takes the listing's own filters and search from
the query string (Wagtail passes them through), because Wagtail's default
ignores them (wagtail#12853).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from feedback.models import ResidentComment
from feedback.permissions import can_moderate_comment, require_moderator
from feedback.selectors_moderation import selected_comments
from feedback.services import actions
from feedback.services.actions import CommentAction
from feedback.services.moderation import comments_bulk_act

from .filters import listing_queryset
from .forms import BulkRejectForm


class ModerationBulkAction(SnippetBulkAction):
    """A registry action in bulk; subclasses set ``action``."""

    models = [ResidentComment]
    template_name = "feedback/admin/bulk_confirm.html"
    action: CommentAction

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request.user)
        if self.action.permission and not request.user.has_perm(self.action.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_all_objects_in_listing_query(self, parent_id):
        return listing_queryset(self.request).values_list("pk", flat=True)

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            ids = list(self.get_all_objects_in_listing_query(None))
        ids = [i for i in ids if str(i).isdigit()]
        objects = selected_comments(actor=self.request.user, ids=ids)
        # Comments outside the user's principles are counted as "no access"
        # without their text (the template shows how many only).
        no_access = list(
            ResidentComment.objects.filter(pk__in=ids)
            .exclude(pk__in=[comment.pk for comment in objects])
            .only("pk")
        )
        return objects, {"items_with_no_access": no_access}

    def check_perm(self, obj):
        return can_moderate_comment(self.request.user, obj)

    def object_context(self, obj):
        return {"item": obj}

    def get_execution_context(self):
        return {"user": self.request.user, "view": self}

    @classmethod
    def execute_action(cls, objects, user=None, view=None, **kwargs):
        reason = view.cleaned_form.cleaned_data.get("reason", "")
        view.result = comments_bulk_act(
            action=cls.action,
            comments=objects,
            actor=user,
            reason=reason,
            seen=seen_statuses(view.request.POST),
        )
        return len(view.result.done), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for comment, reason in self.result.skipped:
            messages.warning(
                self.request,
                _("Kommentar %(pk)s ändrades inte: %(reason)s")
                % {"pk": comment.pk, "reason": reason},
            )
        return self.action.bulk.success_message % {"count": num_parent_objects}


def seen_statuses(data) -> dict[int, str]:
    """The status of each comment as the confirmation page showed it: its
    ``seen`` field, ``id:status`` pairs apart by spaces (one field, so that
    "select all" stays below DATA_UPLOAD_MAX_NUMBER_FIELDS)."""
    pairs = (pair.partition(":") for pair in data.get("seen", "").split())
    return {int(pk): status for pk, _colon, status in pairs if pk.isdigit()}


def moderation_bulk_actions() -> list[type[ModerationBulkAction]]:
    """A Wagtail bulk action class for each action offered in bulk."""
    return [
        type(
            f"{action.name.title().replace('_', '')}BulkAction",
            (ModerationBulkAction,),
            {
                "action": action,
                "display_name": action.label,
                "action_type": action.bulk_action_type,
                "aria_label": action.bulk.aria_label,
                "action_priority": 10 * (priority + 1),
                "classes": set(action.bulk.classes),
                "form_class": (
                    BulkRejectForm
                    if action.needs_reason
                    else ModerationBulkAction.form_class
                ),
            },
        )
        for priority, action in enumerate(actions.bulk_actions())
    ]
