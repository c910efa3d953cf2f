"""The outbox: an email to send is written in the caller's transaction.

:func:`delivery_enqueue` records an :class:`EmailDelivery` and enqueues its
``send_delivery`` task in the same transaction as the change the email is
about (with the database task backend the task is a row too). So a comment
and its email commit or roll back together, nothing is lost if the process
dies right after the commit, and the web request never talks to SMTP: the
worker sends it (feedback.delivery).
"""

from django.db import transaction

from feedback.models import EmailDelivery
from feedback.tasks import send_delivery


# No savepoint when the caller has a transaction: the email belongs to the
# caller's change, and an error here must fail that change, not only the email.
@transaction.atomic(savepoint=False)
def delivery_enqueue(*, kind: str, comment=None, recipient_user=None) -> EmailDelivery:
    """Record one email to send and enqueue its task in the same transaction."""
    delivery = EmailDelivery.objects.create(
        kind=kind, comment=comment, recipient_user=recipient_user
    )
    send_delivery.enqueue(delivery_id=delivery.pk)
    return delivery
