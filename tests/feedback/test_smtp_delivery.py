"""Email against a real SMTP server on loopback (aiosmtpd), and the whole flow.

Verification mail is a task: these tests switch to the production database
task backend and run ``db_worker --batch`` in this process, with time-machine
to step past each retry's ``run_after``. They commit for real
(transaction=True), as the worker does in production.
"""

import email
import re
import socket
from datetime import timedelta
from email import policy

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from feedback.delivery import delivery_send
from feedback.models import (
    CommentStatus,
    EmailDelivery,
    EmailSuppression,
    ResidentComment,
)
from feedback.outbox import delivery_enqueue
from feedback.services import comment_transition
from tests.factories import ResidentCommentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Status = EmailDelivery.Status


class RecordingHandler:
    """Accepts mail, or answers with the scripted replies first (e.g. "451 ...")."""

    def __init__(self):
        self.messages = []
        self.rcpt_replies = []
        self.data_replies = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies:
            return self.rcpt_replies.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.pop(0)
        self.messages.append(
            (
                envelope.mail_from,
                list(envelope.rcpt_tos),
                email.message_from_bytes(envelope.content, policy=policy.default),
            )
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    def __init__(self):
        self.port = free_port()
        self.handler = RecordingHandler()
        self.controller = None

    @property
    def messages(self):
        return self.handler.messages

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    server.start()
    yield server
    server.stop()


def run_worker():
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0
    )


def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def link_in(text: str, path: str) -> str:
    return re.search(r"(http://testserver" + re.escape(path) + r"[^\s\"<]+)", text)[1]


def plain_body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_body(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.fixture
def unverified(article, principles):
    from feedback.tokens import new_token_fields

    return ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.UNVERIFIED,
        author_email="mottagare@example.se",
        **new_token_fields(),
    )


# --- The whole resident flow -------------------------------------------------


def test_resident_flow_from_form_to_published_comment(
    smtp, database_tasks, article, principles, settings
):
    settings.FEEDBACK_MIN_FILL_SECONDS = 0
    browser = Client(enforce_csrf_checks=True)

    # Read the article; the form is there. Its script fetches the token and
    # the fill-time stamp (the page itself is the same for everyone).
    page = browser.get(article.url).content.decode()
    assert 'data-form-state="/kommentarer/formular/"' in page
    state = browser.get("/kommentarer/formular/").json()

    # Submit.
    response = browser.post(
        f"/kommentarer/artikel/{article.pk}/",
        {
            "csrfmiddlewaretoken": state["csrfmiddlewaretoken"],
            "author_name": "Karin Ek",
            "author_email": "karin.ek@example.se",
            "body": "Trygghet börjar i skolan.\nFler vuxna på rasterna!",
            "principle": str(principles[0].pk),
            "webbplats": "",
            "started": state["started"],
        },
    )
    assert response.status_code == 302
    comment = ResidentComment.objects.get()
    assert comment.status == CommentStatus.UNVERIFIED
    # The request itself did not talk to SMTP: the email waits for the worker.
    assert smtp.messages == []
    assert (
        "Tack! Nu behöver du bekräfta kommentaren"
        in browser.get(response["Location"]).content.decode()
    )

    # The worker sends the email.
    run_worker()
    [(sender, recipients, message)] = smtp.messages
    assert recipients == ["karin.ek@example.se"]
    assert message["From"] == "Kommunen <noreply@localhost>"
    assert message["Subject"] == "Bekräfta din kommentar"
    text = plain_body(message)
    assert "Den långsiktiga planen" in text
    assert "Trygghet börjar i skolan" not in text
    assert "Trygghet börjar i skolan" not in html_body(message)
    assert "Länken gäller till" in text
    assert "Har du inte bett om det här?" in text
    confirm_url = link_in(text, "/kommentarer/bekrafta/")
    assert confirm_url in html_body(message)

    # Opening the link (or a mail scanner doing so) changes nothing.
    path = confirm_url.removeprefix("http://testserver")
    confirm_page = browser.get(path)
    assert confirm_page.status_code == 200
    assert "Bekräfta kommentaren" in confirm_page.content.decode()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UNVERIFIED

    # Confirming moves it to the moderators.
    done = browser.post(
        path, {"csrfmiddlewaretoken": csrf_token_from(confirm_page.content.decode())}
    )
    assert "Nu granskar en moderator kommentaren" in done.content.decode()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.verified_at is not None
    assert "Trygghet börjar i skolan" not in browser.get(article.url).content.decode()

    # A moderator approves; the comment is shown, safely, under its article
    # and on its principle's page.
    from tests.factories import UserFactory

    comment_transition(
        comment=comment,
        to_status=CommentStatus.APPROVED,
        action="feedback.comment.approve",
        actor=UserFactory(),
    )
    article_html = browser.get(article.url).content.decode()
    assert "1 kommentar<" in article_html
    assert "Trygghet börjar i skolan.<br>\nFler vuxna på rasterna!" in article_html
    assert "Karin Ek" in article_html
    assert "karin.ek@example.se" not in article_html
    principle_html = browser.get("/principer/samhorighet/").content.decode()
    assert "Trygghet börjar i skolan." in principle_html
    assert "karin.ek@example.se" not in principle_html


# --- Delivery against the SMTP server ----------------------------------------


def test_verification_email_is_delivered_in_swedish_text_and_html(
    smtp, unverified, settings
):
    delivery = delivery_enqueue(
        kind=EmailDelivery.Kind.VERIFICATION, comment=unverified
    )

    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert delivery.sent_at is not None
    [(_sender, recipients, message)] = smtp.messages
    assert recipients == ["mottagare@example.se"]
    assert message.get_body(preferencelist=("plain",)) is not None
    assert '<html lang="sv">' in html_body(message)
    assert link_in(plain_body(message), "/kommentarer/stoppa-epost/")
    assert link_in(plain_body(message), "/kommentarer/aterkalla/")


def test_server_down_then_up_delivers_once_after_a_retry(
    smtp, database_tasks, unverified
):
    smtp.stop()
    delivery = delivery_enqueue(
        kind=EmailDelivery.Kind.VERIFICATION, comment=unverified
    )

    run_worker()

    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.attempts == 1
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error
    retry = DBTaskResult.objects.ready().exists()
    assert not retry  # not before its run_after
    pending = DBTaskResult.objects.filter(status="READY").get()
    assert pending.run_after > timezone.now() + timedelta(seconds=90)

    smtp.start()
    with time_machine.travel(timezone.now() + timedelta(minutes=3), tick=True):
        run_worker()

    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert delivery.attempts == 2
    assert len(smtp.messages) == 1
    assert ResidentComment.objects.filter(pk=unverified.pk).exists()


def test_temporary_4xx_is_retried_then_delivered(smtp, database_tasks, unverified):
    smtp.handler.data_replies = ["451 4.3.0 Try again later"]
    delivery = delivery_enqueue(
        kind=EmailDelivery.Kind.VERIFICATION, comment=unverified
    )

    run_worker()
    delivery.refresh_from_db()
    assert delivery.status == Status.RETRYING
    assert delivery.last_error.startswith("451")
    assert smtp.messages == []

    with time_machine.travel(timezone.now() + timedelta(minutes=3), tick=True):
        run_worker()

    delivery.refresh_from_db()
    assert delivery.status == Status.SENT
    assert len(smtp.messages) == 1


def test_permanent_5xx_fails_visibly_without_the_address(smtp, unverified):
    smtp.handler.rcpt_replies = [
        "550 5.1.1 <mottagare@example.se>: Recipient address rejected"
    ]

    delivery = delivery_enqueue(
        kind=EmailDelivery.Kind.VERIFICATION, comment=unverified
    )

    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.attempts == 1
    assert "550" in delivery.last_error
    assert "mottagare@example.se" not in delivery.last_error
    assert "@" not in delivery.last_error
    # The comment is never lost because of email.
    assert ResidentComment.objects.filter(pk=unverified.pk).exists()


def test_transient_failures_give_up_after_about_an_hour(
    smtp, database_tasks, unverified
):
    smtp.stop()
    delivery = delivery_enqueue(
        kind=EmailDelivery.Kind.VERIFICATION, comment=unverified
    )
    start = timezone.now()
    now = start
    run_worker()
    for _ in range(10):
        delivery.refresh_from_db()
        if delivery.status != Status.RETRYING:
            break
        task = DBTaskResult.objects.filter(status="READY").get()
        now = task.run_after + timedelta(seconds=1)
        with time_machine.travel(now, tick=False):
            run_worker()

    delivery.refresh_from_db()
    assert delivery.status == Status.FAILED
    assert delivery.attempts >= 5
    assert timedelta(minutes=45) <= now - start <= timedelta(minutes=90)


def test_a_sent_delivery_is_never_sent_again(smtp, unverified):
    delivery = delivery_enqueue(
        kind=EmailDelivery.Kind.VERIFICATION, comment=unverified
    )

    assert delivery_send(delivery.pk) == "skipped"
    assert delivery_send(delivery.pk) == "skipped"

    assert len(smtp.messages) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_suppressed_address_gets_no_mail(smtp, unverified):
    EmailSuppression.objects.create(email_hash=unverified.email_hash)

    delivery = delivery_enqueue(
        kind=EmailDelivery.Kind.VERIFICATION, comment=unverified
    )

    delivery.refresh_from_db()
    assert delivery.status == Status.SUPPRESSED
    assert smtp.messages == []
    assert mail.outbox == []
