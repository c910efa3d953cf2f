"""Background tasks. Thin: each calls a function that holds the logic."""

from django.tasks import task

from .delivery import delivery_send


@task()
def send_delivery(*, delivery_id: int) -> str:
    """Try to send one EmailDelivery; retries re-enqueue this task."""
    return str(delivery_send(delivery_id))
