from wagtail.admin.ui.components import Component

from feedback.links import queue_url

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
