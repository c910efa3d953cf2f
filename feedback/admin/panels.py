from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.ui.components import Component

from feedback.links import queue_url
from feedback.selectors_moderation import principles_without_moderators
from news.models import Principle

from .queue import request_pending_queues


class ModerationQueuesPanel(Component):
    """Dashboard panel: pending count and oldest pending age per principle."""

    name = "moderation_queues"
    order = 60
    template_name = "feedback/admin/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        queues = request_pending_queues(self.request)
        return {
            "queues": [
                {
                    "principle": queue.principle,
                    "pending": queue.pending,
                    "oldest_pending_at": queue.oldest_pending_at,
                    "url": queue_url(queue.principle),
                }
                for queue in queues
            ],
            "total": sum(queue.pending for queue in queues),
            "queue_url": queue_url(),
        }


class UnmoderatedPrinciplesPanel(Component):
    """Dashboard warning for administrators: principles no moderator group
    with an active member looks after, so their comments would wait unseen.
    Renders nothing when every principle has one."""

    name = "unmoderated_principles"
    order = 50
    template_name = "feedback/admin/unmoderated_panel.html"

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        self.principles = list(principles_without_moderators())
        if not self.principles:
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context):
        edit = Principle.snippet_viewset.get_url_name("edit")
        return {
            "principles": [
                {
                    "principle": principle,
                    "pending": principle.pending,
                    "edit_url": reverse(edit, args=[quote(principle.pk)]),
                }
                for principle in self.principles
            ]
        }
