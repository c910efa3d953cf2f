"""Bulk approve, reject and mark as spam from the moderation listing.

Registered with Wagtail's ``register_bulk_action`` for ResidentComment only.
Each action applies to exactly the selected comments the moderator may act
on; with "select all in listing" it takes the listing's own filters and search
from the query string (Wagtail passes them through), because Wagtail's default
ignores them (wagtail#12853).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from feedback.models import ResidentComment
from feedback.permissions import can_moderate_comment
from feedback.services import moderation as services

from .filters import listing_queryset
from .forms import BulkRejectForm


class ModerationBulkAction(SnippetBulkAction):
    models = [ResidentComment]
    template_name = "feedback/admin/bulk_confirm.html"
    service = None

    def dispatch(self, request, *args, **kwargs):
        from .views import require_moderator

        require_moderator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_all_objects_in_listing_query(self, parent_id):
        return listing_queryset(self.request).values_list("pk", flat=True)

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            ids = list(self.get_all_objects_in_listing_query(None))
        ids = [i for i in ids if str(i).isdigit()]
        user = self.request.user
        selected = list(
            ResidentComment.objects.filter(pk__in=ids)
            .select_related("principle", "article")
            .order_by("created_at", "pk")
        )
        objects = [c for c in selected if can_moderate_comment(user, c)]
        # Comments outside the user's principles are listed as "no access"
        # without their text (the template shows their id only).
        no_access = [c for c in selected if not can_moderate_comment(user, c)]
        return objects, {"items_with_no_access": no_access}

    def check_perm(self, obj):
        return can_moderate_comment(self.request.user, obj)

    def object_context(self, obj):
        return {"item": obj}

    def get_execution_context(self):
        return {"user": self.request.user, "view": self}

    @classmethod
    def execute_action(cls, objects, user=None, view=None, **kwargs):
        result = cls.run(objects, user=user, view=view)
        view.result = result
        return len(result.done), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for comment, reason in getattr(self, "result", None).skipped:
            messages.warning(
                self.request,
                _("Kommentar %(pk)s ändrades inte: %(reason)s")
                % {"pk": comment.pk, "reason": reason},
            )
        return self.success_message(num_parent_objects)


class ApproveBulkAction(ModerationBulkAction):
    display_name = _("Godkänn")
    action_type = "moderation_approve"
    aria_label = _("Godkänn markerade kommentarer")
    action_priority = 10

    @classmethod
    def run(cls, objects, *, user, view):
        return services.comments_bulk_approve(comments=objects, actor=user)

    def success_message(self, count):
        return ngettext(
            "%(count)d kommentar godkändes.",
            "%(count)d kommentarer godkändes.",
            count,
        ) % {"count": count}


class RejectBulkAction(ModerationBulkAction):
    display_name = _("Avvisa")
    action_type = "moderation_reject"
    aria_label = _("Avvisa markerade kommentarer")
    action_priority = 20
    form_class = BulkRejectForm

    @classmethod
    def run(cls, objects, *, user, view):
        return services.comments_bulk_reject(
            comments=objects,
            actor=user,
            reason=view.cleaned_form.cleaned_data["reason"],
        )

    def success_message(self, count):
        return ngettext(
            "%(count)d kommentar avvisades.",
            "%(count)d kommentarer avvisades.",
            count,
        ) % {"count": count}


class SpamBulkAction(ModerationBulkAction):
    display_name = _("Skräppost")
    action_type = "moderation_spam"
    aria_label = _("Markera markerade kommentarer som skräppost")
    action_priority = 30
    classes = {"serious"}

    @classmethod
    def run(cls, objects, *, user, view):
        return services.comments_bulk_mark_spam(comments=objects, actor=user)

    def success_message(self, count):
        return ngettext(
            "%(count)d kommentar markerades som skräppost.",
            "%(count)d kommentarer markerades som skräppost.",
            count,
        ) % {"count": count}


MODERATION_BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, SpamBulkAction]
