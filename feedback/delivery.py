"""Sending one email that loses nothing: the worker's side of the outbox.

``feedback.outbox.delivery_enqueue`` writes an :class:`EmailDelivery` and its
task in the caller's transaction; the ``send_delivery`` task (feedback.tasks)
calls :func:`delivery_send` in the worker. Transient SMTP failures
(connection refused, timeouts, 4xx) leave the delivery RETRYING and the task
runs again later (Django Tasks have no automatic retries); a permanent
failure (5xx) marks it FAILED with an error that carries no address, for
administrators to see. A delivery that was SENT is never sent again.

A worker can die in the middle of an attempt (``kill -9``, the machine going
down); the task reaper (portal.reaper) then runs the task again. The
delivery row decides whether that may send: each attempt moves it to SENDING
with ``claimed_at``, and stamps ``handed_over_at`` when the mail server has
taken sender and recipients and waits for the message itself (portal.mail's
SMTP backend reports that moment; other backends stamp just before sending).
A stale claim without the stamp provably sent nothing and is attempted
again; a stale claim with it may have reached the server and is closed as
sent, never repeated. Every message carries a Message-ID derived from its
delivery, the same on every attempt, so that copies are recognisable
downstream.

Messages are built when they are sent, by a function per kind registered
with :func:`email_builder` (feedback.emails registers them all, from
``FeedbackConfig.ready()``), so an email reflects the comment as it is then.
"""

import logging
import re
import smtplib
from collections.abc import Callable
from datetime import timedelta
from email.headerregistry import Address
from email.utils import parseaddr
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import DatabaseError
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from feedback.conf import setting
from feedback.identity import keyed_hash
from feedback.models import DiscussionSettings, EmailDelivery, EmailSuppression
from feedback.selectors_discussion import site_for
from portal.links import page_absolute_url
from portal.models import PortalSettings
from portal.reaper import task_lease

logger = logging.getLogger(__name__)

Status = EmailDelivery.Status
Builder = Callable[[EmailDelivery], EmailMultiAlternatives | None]

# The worker runs higher priorities first. A resident waits for the
# confirmation link, and a cache purge (Wagtail's tasks, priority 0) must
# make a decision public within seconds; the notices that follow a decision
# can wait behind them, so that a bulk action's thousand emails hold up
# neither.
NOTICE_PRIORITY = -10


def delivery_priority(kind: str) -> int:
    """The task priority of sending an email of ``kind``."""
    return 0 if kind == EmailDelivery.Kind.VERIFICATION else NOTICE_PRIORITY


_builders: dict[str, Builder] = {}

# What delivery_send returns besides a delivery status: nothing to do, or
# another attempt holds the delivery and may still be running.
SKIPPED = "skipped"
HELD = "held"

EMAIL_PATTERN = re.compile(r"[^\s<>@\"']+@[^\s<>@\"']+")

# Why a delivery was closed without sending; administrators read them.
NO_BUILDER = _("Ingen mall för typen %(kind)s.")
BUILD_FAILED = _("Meddelandet kunde inte skapas.")
NOTHING_TO_SEND = _("Inget att skicka.")
HANDED_OVER = _(
    "Arbetsprocessen avbröts efter att meddelandet lämnats till e-postservern; "
    "det skickas inte igen."
)


def email_builder(kind: str) -> Callable[[Builder], Builder]:
    """Register ``builder(delivery) -> EmailMultiAlternatives | None`` for a kind.

    Returning None means there is nothing to send (the delivery is closed).
    """

    def register(builder: Builder) -> Builder:
        _builders[str(kind)] = builder
        return builder

    return register


def site_email_context(article=None) -> dict:
    """What any email names about the site: who sends it and the rules' address.

    From the settings of the article's site (the default site's for mail
    about no article): emails are written by the worker, outside any request.
    """
    site = site_for(article)
    if site is None:
        return {"site_name": PortalSettings().organisation_name, "rules_url": ""}
    rules = DiscussionSettings.for_site(site).rules_page
    return {
        "site_name": PortalSettings.for_site(site).organisation_name,
        "rules_url": page_absolute_url(rules) if rules and rules.live else "",
    }


def sender(organisation: str) -> str:
    """DEFAULT_FROM_EMAIL, named after the organisation unless it has a name."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name or not address:
        return settings.DEFAULT_FROM_EMAIL
    # Address quotes the name where needed; Django encodes it when sending.
    return str(Address(display_name=organisation, addr_spec=address))


def render_email(
    *, subject, template, context, to, article=None
) -> EmailMultiAlternatives:
    """A message from templates/email/<template>.txt and .html, to one address.

    Signed and sent in the name of the organisation of ``article``'s site.
    """
    context = {**site_email_context(article), **context}
    message = EmailMultiAlternatives(
        subject=str(subject),
        body=render_to_string(f"email/{template}.txt", context),
        from_email=sender(context["site_name"]),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"email/{template}.html", context), "text/html"
    )
    return message


def get_builder(kind: str) -> Builder | None:
    return _builders.get(str(kind))


def max_attempts() -> int:
    return setting("FEEDBACK_EMAIL_MAX_ATTEMPTS")


def retry_delay(attempt: int) -> timedelta:
    """Backoff after the ``attempt``-th failure: 2, 4, 8, 16, 32 minutes...

    With the default six attempts the last one is about an hour after the first.
    """
    base = setting("FEEDBACK_EMAIL_RETRY_BASE_SECONDS")
    return timedelta(seconds=base * 2 ** max(attempt - 1, 0))


def mailer_alias() -> str:
    return setting("FEEDBACK_MAILER")


def next_attempt_at(delivery_id: int):
    """When the ``send_delivery`` task should look at a delivery again.

    A RETRYING delivery: its backoff after its attempts. A SENDING one that
    another attempt holds (HELD): when that attempt's lease ends, after which
    its worker is known to be gone.
    """
    row = (
        EmailDelivery.objects.filter(pk=delivery_id)
        .values("status", "attempts", "claimed_at")
        .first()
    ) or {}
    if row.get("status") == Status.SENDING and row.get("claimed_at"):
        return row["claimed_at"] + task_lease()
    return timezone.now() + retry_delay(row.get("attempts") or 1)


def is_suppressed(delivery: EmailDelivery) -> bool:
    """Mail to a resident stops once the address said "I did not ask for this"."""
    if delivery.recipient_user_id is not None or delivery.comment is None:
        return False
    return EmailSuppression.objects.filter(
        email_hash=delivery.comment.email_hash
    ).exists()


def _scrub(text: str, recipients: list[str]) -> str:
    """An error message without any address in it (administrators read it)."""
    for address in recipients:
        if address:
            text = re.sub(re.escape(address), "<mottagare>", text, flags=re.I)
    return EMAIL_PATTERN.sub("<adress>", text)[:500]


def _smtp_code(error: Exception) -> int | None:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        # Retry only when every refusal was temporary.
        return max(codes) if codes else None
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code
    return None


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{code} {message.decode('utf-8', 'replace')}"
            for code, message in error.recipients.values()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        return f"{error.smtp_code} {message}"
    return f"{type(error).__name__}: {error}"


def is_transient(error: Exception) -> bool:
    """Worth another try: the server was away, slow or said "try later" (4xx)."""
    code = _smtp_code(error)
    if code is not None:
        return 400 <= code < 500
    # Refused or reset connections, timeouts, DNS trouble and a server that
    # hung up are all OSErrors (smtplib's exceptions are too).
    return isinstance(error, OSError)


def message_id(delivery: EmailDelivery) -> str:
    """The delivery's Message-ID: the same on every attempt, opaque outside."""
    domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"
    return f"<{keyed_hash(str(delivery.pk), purpose='message-id')[:32]}@{domain}>"


def _claim(delivery_id: int) -> EmailDelivery | str:
    """Take the delivery for one attempt, or say why not (SKIPPED or HELD).

    The row moves to SENDING with a conditional UPDATE on the status, claim
    and attempt count we read, so two workers running the same task at once
    cannot both send. A SENDING row is another attempt's: while its claim is
    younger than the task lease it may still be running (HELD: the task
    looks again when the lease ends, see :func:`next_attempt_at`); after
    that its worker is gone, and the hand-over stamp says whether it got as
    far as the mail server (see the module docstring).
    """
    delivery = (
        EmailDelivery.objects.filter(pk=delivery_id)
        .select_related("comment", "recipient_user")
        .first()
    )
    if delivery is None:
        return SKIPPED
    now = timezone.now()
    if delivery.status == Status.SENDING:
        lease_ends = delivery.claimed_at + task_lease()
        if lease_ends > now:
            return HELD
        if delivery.handed_over_at is not None:
            _close_handed_over(delivery)
            return SKIPPED
    elif delivery.status not in (Status.QUEUED, Status.RETRYING):
        return SKIPPED
    claimed = EmailDelivery.objects.filter(
        pk=delivery.pk,
        status=delivery.status,
        attempts=delivery.attempts,
        claimed_at=delivery.claimed_at,
    ).update(
        status=Status.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=now,
        handed_over_at=None,
    )
    if not claimed:
        return SKIPPED
    delivery.attempts += 1
    delivery.claimed_at = now
    return delivery


def _close_handed_over(delivery: EmailDelivery) -> None:
    """The attempt that died had given the message to the mail server: done."""
    closed = EmailDelivery.objects.filter(
        pk=delivery.pk, status=Status.SENDING, claimed_at=delivery.claimed_at
    ).update(
        status=Status.SENT,
        sent_at=delivery.handed_over_at,
        last_error=_stored_text(HANDED_OVER),
    )
    if closed:
        logger.warning(
            "Email %s (%s): its worker died after the hand-over; not sent again",
            delivery.pk,
            delivery.kind,
        )


def _hand_over(delivery: EmailDelivery) -> None:
    EmailDelivery.objects.filter(pk=delivery.pk).update(handed_over_at=timezone.now())


def _stored_text(error, **params) -> str:
    if isinstance(error, Promise):
        # One of the reasons above, stored in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            return str(error) % params if params else str(error)
    return error


def _close(delivery: EmailDelivery, status: str, error="", **params) -> None:
    fields = {"status": status, "last_error": _stored_text(error, **params)}
    if status == Status.SENT:
        fields["sent_at"] = timezone.now()
    EmailDelivery.objects.filter(pk=delivery.pk).update(**fields)


def _retry_later(delivery: EmailDelivery, error: str) -> None:
    # The send_delivery task sees RETRYING and runs again at next_attempt_at.
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=Status.RETRYING, last_error=error
    )


def delivery_send(delivery_id: int) -> str:
    """Make one attempt at sending a delivery; returns the resulting status.

    Called by the ``send_delivery`` task, which runs again later when this
    returns RETRYING or HELD. Never raises for SMTP trouble: the outcome is
    recorded on the delivery instead.
    """
    delivery = _claim(delivery_id)
    if isinstance(delivery, str):
        return delivery
    log_context = {"id": delivery.pk, "kind": delivery.kind, "n": delivery.attempts}

    if is_suppressed(delivery):
        _close(delivery, Status.SUPPRESSED)
        logger.info("Email %(id)s (%(kind)s) suppressed", log_context)
        return Status.SUPPRESSED

    builder = get_builder(delivery.kind)
    if builder is None:
        _close(delivery, Status.FAILED, NO_BUILDER, kind=delivery.kind)
        logger.error("Email %(id)s: no builder for %(kind)s", log_context)
        return Status.FAILED
    try:
        message = builder(delivery)
    except Exception:  # noqa: BLE001 - recorded, and the worker carries on
        logger.exception(
            "Email %(id)s: building the %(kind)s message failed", log_context
        )
        _close(delivery, Status.FAILED, BUILD_FAILED)
        return Status.FAILED
    if message is None:
        _close(delivery, Status.SUPPRESSED, NOTHING_TO_SEND)
        return Status.SUPPRESSED

    recipients = message.recipients()
    message.extra_headers["Message-ID"] = message_id(delivery)
    try:
        with mailers[mailer_alias()] as connection:
            if hasattr(connection, "before_payload"):
                # portal.mail.SMTPBackend: stamped when the server has taken
                # sender and recipients and waits for the message itself.
                connection.before_payload = partial(_hand_over, delivery)
            else:
                _hand_over(delivery)
            connection.send_messages([message])
    except DatabaseError:
        # Not a sending problem: the task fails and is run again once the
        # database is back (portal.reaper); the row still says SENDING.
        raise
    except Exception as error:  # noqa: BLE001 - every failure is recorded
        description = _scrub(_describe(error), recipients)
        if is_transient(error) and delivery.attempts < max_attempts():
            _retry_later(delivery, description)
            logger.warning(
                "Email %(id)s (%(kind)s) attempt %(n)s failed, will retry: %(error)s",
                {**log_context, "error": description},
            )
            return Status.RETRYING
        _close(delivery, Status.FAILED, description)
        logger.error(
            "Email %(id)s (%(kind)s) failed after %(n)s attempts: %(error)s",
            {**log_context, "error": description},
        )
        return Status.FAILED

    _close(delivery, Status.SENT)
    logger.info("Email %(id)s (%(kind)s) sent", log_context)
    return Status.SENT
