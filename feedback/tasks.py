"""Background tasks. Thin: each calls a function that holds the logic."""

from django.tasks import Task, task

from feedback.delivery import HELD, delivery_priority, delivery_send, next_attempt_at
from feedback.models import EmailDelivery


@task()
def send_delivery(*, delivery_id: int) -> str:
    """Try to send one EmailDelivery; after a transient failure, again later.

    Also again later when another attempt holds the delivery (HELD): its
    worker may have died, which is known once that attempt's lease is over.
    """
    status = delivery_send(delivery_id)
    if status in (EmailDelivery.Status.RETRYING, HELD):
        kinds = EmailDelivery.objects.filter(pk=delivery_id).values_list(
            "kind", flat=True
        )
        retry = sending(kinds.first() or "")
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=next_attempt_at(delivery_id))
        retry.enqueue(delivery_id=delivery_id)
    return str(status)


def sending(kind: str) -> Task:
    """``send_delivery`` at the priority of an email of ``kind``."""
    if send_delivery.get_backend().supports_priority:
        return send_delivery.using(priority=delivery_priority(kind))
    return send_delivery
