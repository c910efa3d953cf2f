"""A worker that dies mid-send: the delivery row decides what a rerun may do.

The reaper (portal.reaper) runs a dead worker's task again; these tests put
the delivery row in the state such a death leaves and run the task again, on
the production task backend and a real SMTP server on loopback with the
production mailer (portal.mail.SMTPBackend).
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from feedback.delivery import HELD, message_id
from feedback.models import CommentStatus, EmailDelivery
from feedback.outbox import delivery_enqueue
from feedback.tasks import send_delivery
from feedback.tokens import new_token_fields
from portal.reaper import tasks_reap
from tests.factories import ResidentCommentFactory
from tests.feedback.test_smtp_delivery import SMTPServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Status = EmailDelivery.Status
LEASE = timedelta(seconds=60)


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    settings.MAILERS = {
        "default": {
            "BACKEND": "portal.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    settings.PORTAL_TASK_LEASE_SECONDS = LEASE.total_seconds()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def comment(article, principles):
    return ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.UNVERIFIED,
        author_email="mottagare@example.se",
        **new_token_fields(),
    )


def died_mid_send(comment, *, handed_over: bool, ago=LEASE * 2) -> EmailDelivery:
    """The rows a worker killed during an attempt leaves behind."""
    delivery = delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comment)
    claimed_at = timezone.now() - ago
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=Status.SENDING,
        attempts=1,
        claimed_at=claimed_at,
        handed_over_at=claimed_at if handed_over else None,
    )
    DBTaskResult.objects.filter(task_path="feedback.tasks.send_delivery").update(
        status=TaskResultStatus.RUNNING, started_at=claimed_at, worker_ids=["dead"]
    )
    return delivery


def run_worker():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
    )


def test_requeued_task_resends_a_mail_that_never_reached_the_server(
    smtp, database_tasks, comment
):
    delivery = died_mid_send(comment, handed_over=False)

    assert len(tasks_reap().requeued) == 1
    run_worker()
    tasks_reap()
    run_worker()

    delivery.refresh_from_db()
    assert len(smtp.messages) == 1
    assert (delivery.status, delivery.attempts) == (Status.SENT, 2)


def test_requeued_task_never_resends_a_mail_handed_to_the_server(
    smtp, database_tasks, comment
):
    delivery = died_mid_send(comment, handed_over=True)

    tasks_reap()
    run_worker()

    delivery.refresh_from_db()
    assert smtp.messages == []
    assert delivery.status == Status.SENT
    assert delivery.sent_at == delivery.handed_over_at
    assert delivery.last_error.startswith("Arbetsprocessen avbröts")


def test_claim_within_the_lease_is_looked_at_again_after_it(
    smtp, database_tasks, comment
):
    delivery = died_mid_send(comment, handed_over=False, ago=timedelta(seconds=5))

    assert send_delivery.call(delivery_id=delivery.pk) == HELD

    delivery.refresh_from_db()
    assert delivery.status == Status.SENDING
    assert smtp.messages == []
    later = DBTaskResult.objects.get(
        task_path="feedback.tasks.send_delivery", status=TaskResultStatus.READY
    )
    assert later.run_after == delivery.claimed_at + LEASE


def test_hand_over_is_stamped_only_once_the_server_takes_the_recipients(smtp, comment):
    smtp.handler.rcpt_replies = ["550 5.1.1 No such user"]
    refused = delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comment)
    refused.refresh_from_db()
    assert (refused.status, refused.handed_over_at) == (Status.FAILED, None)

    delivered = delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comment)

    delivered.refresh_from_db()
    assert delivered.status == Status.SENT
    assert delivered.claimed_at <= delivered.handed_over_at <= delivered.sent_at


def test_each_message_carries_its_deliverys_own_stable_message_id(smtp, comment):
    delivery = delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comment)
    other = delivery_enqueue(kind=EmailDelivery.Kind.VERIFICATION, comment=comment)

    ids = [message["Message-ID"] for _from, _to, message in smtp.messages]
    assert ids == [message_id(delivery), message_id(other)]
    assert message_id(EmailDelivery.objects.get(pk=delivery.pk)) == ids[0]
    assert ids[0] != ids[1]
    assert ids[0].endswith("@testserver>")
