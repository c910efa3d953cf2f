from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from feedback.links import URL_NAMESPACE, queue_url, url
from feedback.models import EmailDelivery, ResidentComment
from feedback.permissions import is_moderator

from . import reports, views
from .queue import ModerationIndexView, request_pending_queues


class ResidentCommentViewSet(SnippetViewSet):
    """The moderation queue, as a snippet listing so that bulk actions work.

    Comments cannot be created, edited or deleted here (the permission policy
    says no); they change only through the moderation actions.
    """

    model = ResidentComment
    icon = "comment"
    url_prefix = "moderering"
    url_namespace = URL_NAMESPACE
    index_view_class = ModerationIndexView
    list_per_page = 50
    search_fields = ["body", "author_name"]
    copy_view_enabled = False
    # An article's "usage" page would otherwise list its comments (with the
    # authors' names) to every editor.
    add_to_reference_index = False
    inspect_view_enabled = False
    # The "Moderering" submenu (below) is ours; keep comments out of Snippets.
    menu_item_is_registered = True
    index_template_name = "feedback/admin/index.html"
    index_results_template_name = "feedback/admin/index_results.html"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "kommentar/<int:pk>/", views.CommentDetailView.as_view(), name="detail"
            ),
            # Before the actions' pattern, which would take the name too.
            path(
                "kommentar/<int:pk>/reclassify/",
                views.ReclassifyView.as_view(),
                name="reclassify",
            ),
            path(
                "kommentar/<int:pk>/<slug:action>/",
                views.CommentActionView.as_view(),
                name="action",
            ),
            path("svar/<int:pk>/", views.ReplyView.as_view(), name="reply"),
            path("rapport/", reports.PrincipleReportView.as_view(), name="report"),
        ]

    def register_chooser_viewset(self):
        # Nothing chooses a comment, and Wagtail's generic chooser lists every
        # instance to every admin user: no chooser, so no leak of names.
        pass

    def get_permissions_to_register(self):
        # Only the permissions that mean something here show up in the group
        # editor; add/change/delete would promise what the policy refuses.
        content_type = ContentType.objects.get_for_model(ResidentComment)
        return Permission.objects.filter(
            content_type=content_type,
            codename__in=["moderate_all_principles", "view_personal_data"],
        )


class ModerationMenu(Menu):
    """Items built per request: each principle's queue with its pending count."""

    def menu_items_for_request(self, request):
        cached = getattr(request, "_feedback_moderation_menu", None)
        if cached is not None:
            return cached
        items = []
        user = request.user
        if is_moderator(user):
            queues = request_pending_queues(request)
            total = sum(queue.pending for queue in queues)
            items.append(
                MenuItem(
                    _("Alla väntande (%(count)d)") % {"count": total},
                    queue_url(),
                    name="moderation-pending",
                    icon_name="comment",
                    order=100,
                )
            )
            for index, queue in enumerate(queues):
                items.append(
                    MenuItem(
                        _("%(principle)s (%(count)d)")
                        % {"principle": queue.principle.name, "count": queue.pending},
                        queue_url(queue.principle),
                        name=f"moderation-principle-{queue.principle.pk}",
                        icon_name="list-ul",
                        order=200 + index,
                    )
                )
            for order, (status, label, icon) in enumerate(
                [
                    ("approved", _("Publicerade"), "success"),
                    ("rejected", _("Avvisade"), "cross"),
                    ("spam", _("Skräppost"), "warning"),
                ]
            ):
                items.append(
                    MenuItem(
                        label,
                        f"{url('list')}?status={status}",
                        name=f"moderation-{status}",
                        icon_name=icon,
                        order=800 + order,
                    )
                )
            items.append(
                MenuItem(
                    _("Rapport"),
                    url("report"),
                    name="moderation-report",
                    icon_name="table",
                    order=900,
                )
            )
        request._feedback_moderation_menu = items
        return items


def moderation_menu_item():
    return SubmenuMenuItem(
        _("Moderering"),
        ModerationMenu(),
        name="moderering",
        icon_name="comment",
        order=260,
    )


class EmailDeliveryViewSet(ModelViewSet):
    """A read-only listing of outgoing email, for administrators.

    Shows kind, status, attempts and the last error (which never holds an
    address), so permanent failures are visible. The permission policy
    (feedback.permissions) allows viewing only: the worker owns deliveries.
    """

    model = EmailDelivery
    icon = "mail"
    menu_label = _("E-postutskick")
    menu_name = "email-deliveries"
    url_prefix = "email-deliveries"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    list_filter = ["kind", "status"]
    inspect_view_fields = [
        "kind",
        "status",
        "comment",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    ordering = ["-created_at"]
    # Never used (the policy allows no add or edit); Wagtail wants a form anyway.
    form_fields = ["kind"]
