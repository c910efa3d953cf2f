"""Email to moderators (immediately or as digests) and their opt-out."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from feedback.models import DiscussionSettings, EmailDelivery, ModeratorPreference
from feedback.notifications import notify_moderators_of_pending, send_moderation_digests
from tests.factories import ResidentCommentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion(site_pages):
    return DiscussionSettings.for_site(site_pages["home"].get_site())


@pytest.fixture
def digest_mode(discussion):
    discussion.moderator_notifications = DiscussionSettings.NotifyMode.DIGEST
    discussion.digest_interval_minutes = 30
    discussion.save()
    return discussion


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_immediate_mail_goes_to_the_principles_moderators_only(
    comment_a, moderator_a, moderator_b, chief_moderator
):
    count = notify_moderators_of_pending(comment_a)

    assert count == 2
    assert recipients() == sorted([moderator_a.email, chief_moderator.email])
    message = next(m for m in mail.outbox if m.to == [moderator_a.email])
    assert message.subject == "Ny kommentar att granska: Samhörighet"
    assert f"http://testserver/admin/moderering/kommentar/{comment_a.pk}/" in (
        message.body
    )
    # The comment's text and the author's address stay out of the mail.
    assert comment_a.body not in message.body
    assert comment_a.author_email not in message.body


def test_a_moderator_who_opted_out_gets_no_mail(comment_a, moderator_a):
    ModeratorPreference.objects.create(user=moderator_a, receive_notifications=False)

    assert notify_moderators_of_pending(comment_a) == 0
    assert mail.outbox == []


def test_no_immediate_mail_in_digest_or_off_mode(comment_a, moderator_a, discussion):
    for mode in (
        DiscussionSettings.NotifyMode.DIGEST,
        DiscussionSettings.NotifyMode.OFF,
    ):
        discussion.moderator_notifications = mode
        discussion.save()
        assert notify_moderators_of_pending(comment_a) == 0
    assert mail.outbox == []


def test_pending_mail_is_not_sent_once_the_comment_was_handled(comment_a, moderator_a):
    from feedback.delivery import delivery_send

    comment_a.status = "approved"
    comment_a.save()
    delivery = EmailDelivery.objects.create(
        kind=EmailDelivery.Kind.MODERATOR, comment=comment_a, recipient_user=moderator_a
    )

    delivery_send(delivery.pk)

    assert mail.outbox == []
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SUPPRESSED


@pytest.mark.clock_sensitive
def test_digest_lists_each_queue_with_its_count(
    digest_mode, comment_a, comment_b, moderator_a, moderator_b, article, principles
):
    ResidentCommentFactory(article=article, principle=principles[0])

    assert send_moderation_digests() == 2

    by_user = {m.to[0]: m for m in mail.outbox}
    assert by_user[moderator_a.email].subject == (
        "Kommentarer väntar på granskning (2)"
    )
    assert "Samhörighet: 2" in by_user[moderator_a.email].body
    assert "Självständighet" not in by_user[moderator_a.email].body
    assert "Självständighet: 1" in by_user[moderator_b.email].body


@pytest.mark.clock_sensitive
def test_digest_waits_for_the_interval_and_for_new_comments(
    digest_mode, comment_a, moderator_a, article, principles
):
    start = timezone.now()
    assert send_moderation_digests(now=start) == 1

    # Too soon, even with a new comment.
    ResidentCommentFactory(article=article, principle=principles[0])
    assert send_moderation_digests(now=start + datetime.timedelta(minutes=10)) == 0

    # Later: the new comment makes a second digest.
    later = start + datetime.timedelta(minutes=31)
    assert send_moderation_digests(now=later) == 1

    # Later still, nothing new: nothing sent.
    assert send_moderation_digests(now=later + datetime.timedelta(hours=2)) == 0
    assert len(mail.outbox) == 2


def test_digest_respects_opt_out_and_mode(digest_mode, comment_a, moderator_a):
    ModeratorPreference.objects.create(user=moderator_a, receive_notifications=False)
    assert send_moderation_digests() == 0

    digest_mode.moderator_notifications = DiscussionSettings.NotifyMode.IMMEDIATE
    digest_mode.save()
    ModeratorPreference.objects.filter(user=moderator_a).update(
        receive_notifications=True
    )
    assert send_moderation_digests() == 0
    assert mail.outbox == []


def test_digest_command_runs_the_digest(digest_mode, comment_a, moderator_a, capsys):
    call_command("send_moderation_digests")

    assert "1 digest(s) enqueued." in capsys.readouterr().out
    assert recipients() == [moderator_a.email]


def test_superuser_without_a_group_gets_no_moderation_mail(comment_a):
    UserFactory(username="root", is_superuser=True, is_staff=True)

    assert notify_moderators_of_pending(comment_a) == 0


def test_moderator_can_opt_out_in_account_settings(client_a, moderator_a):
    url = reverse("wagtailadmin_account")
    page = client_a.get(url).content.decode()
    assert "moderation_notifications-receive_notifications" in page

    client_a.post(
        url,
        {
            "name_email-first_name": "Mo",
            "name_email-last_name": "Derator",
            "name_email-email": moderator_a.email,
            "locale-preferred_language": "sv",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
            # unchecked: moderation_notifications-receive_notifications
        },
    )

    assert ModeratorPreference.objects.get(user=moderator_a).receive_notifications is (
        False
    )


def test_reclassifying_a_pending_comment_tells_the_new_principles_moderators(
    comment_a, chief_moderator, moderator_a, moderator_b, principles
):
    from feedback.services.moderation import comment_reclassify

    comment_reclassify(
        comment=comment_a, actor=chief_moderator, principle=principles[1]
    )

    assert moderator_b.email in recipients()
    assert moderator_a.email not in recipients()
