"""The outbox: an email to send is written in the caller's transaction.

:func:`delivery_enqueue` records an :class:`EmailDelivery` and enqueues its
``send_delivery`` task in the same transaction as the change the email is
about (with the database task backend the task is a row too). So a comment
and its email commit or roll back together, nothing is lost if the process
dies right after the commit, and the web request never talks to SMTP: the
worker sends it (feedback.delivery). Within :func:`batched_deliveries` (a
bulk action) the emails of the batch and their tasks are written together,
in two INSERTs, when the block ends.
"""

from collections import defaultdict
from contextvars import ContextVar

from django.db import transaction

from feedback.models import EmailDelivery
from feedback.tasks import sending
from portal.task_backend import enqueue_many
from portal.transactions import collecting

# The deliveries of a batch (see batched_deliveries), or None outside one.
_batch: ContextVar[list | None] = ContextVar("feedback_outbox_batch", default=None)


# No savepoint when the caller has a transaction: the emails belong to the
# caller's change, and an error here must fail that change, not only the email.
@transaction.atomic(savepoint=False)
def _write(deliveries: list[EmailDelivery]) -> None:
    EmailDelivery.objects.bulk_create(deliveries)
    by_kind = defaultdict(list)
    for delivery in deliveries:
        by_kind[delivery.kind].append({"delivery_id": delivery.pk})
    for kind, kwargs_list in by_kind.items():
        enqueue_many(sending(kind), kwargs_list)


def batched_deliveries():
    """Within the block, :func:`delivery_enqueue` collects its emails; they
    and their tasks are written when the block ends without an error (in the
    caller's transaction: call it inside one)."""
    return collecting(_batch, _write)


def delivery_enqueue(*, kind: str, comment=None, recipient_user=None) -> EmailDelivery:
    """Record one email to send and enqueue its task in the same transaction.

    In a batch the delivery is written (and gets its id) when the batch ends.
    """
    delivery = EmailDelivery(kind=kind, comment=comment, recipient_user=recipient_user)
    batch = _batch.get()
    if batch is None:
        _write([delivery])
    else:
        batch.append(delivery)
    return delivery
