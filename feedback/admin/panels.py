from wagtail.admin.ui.components import Component

from feedback.selectors_moderation import pending_queues

from .views import url


class ModerationQueuesPanel(Component):
    """Dashboard panel: pending count and oldest pending age per principle."""

    name = "moderation_queues"
    order = 60
    template_name = "feedback/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        queues = pending_queues(self.user)
        base = url("list")
        return {
            "queues": [
                {
                    "principle": queue.principle,
                    "pending": queue.pending,
                    "oldest_pending_at": queue.oldest_pending_at,
                    "url": f"{base}?principle={queue.principle.pk}&status=pending",
                }
                for queue in queues
            ],
            "total": sum(queue.pending for queue in queues),
            "queue_url": f"{base}?status=pending",
        }
