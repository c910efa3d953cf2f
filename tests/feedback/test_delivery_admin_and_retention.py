"""Administrators see deliveries read-only; unconfirmed comments are purged."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from feedback.delivery import email_builder, get_builder, retry_delay
from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    ResidentComment,
)
from feedback.outbox import delivery_enqueue
from feedback.tokens import new_token_fields
from tests.factories import ResidentCommentFactory, UserFactory

pytestmark = pytest.mark.django_db
S = CommentStatus


@pytest.fixture
def failed_delivery(article, principles):
    comment = ResidentCommentFactory(
        article=article, principle=principles[0], author_email="syns.inte@example.se"
    )
    return EmailDelivery.objects.create(
        kind=EmailDelivery.Kind.VERIFICATION,
        comment=comment,
        status=EmailDelivery.Status.FAILED,
        attempts=1,
        last_error="550 5.1.1 <mottagare>: Recipient address rejected",
    )


def admin_user(*, superuser=False, codenames=()):
    user = UserFactory(is_superuser=superuser, is_staff=superuser)
    if not superuser:
        group = Group.objects.create(name=f"grupp-{user.pk}")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in codenames:
            group.permissions.add(Permission.objects.get(codename=codename))
        user.groups.add(group)
    return user


def test_administrator_sees_failed_deliveries(client, failed_delivery, site_pages):
    client.force_login(admin_user(superuser=True))

    response = client.get("/admin/email-deliveries/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Misslyckades" in html
    assert "550 5.1.1" in html
    assert "syns.inte@example.se" not in html


def test_listing_is_read_only_even_for_superusers(client, failed_delivery, site_pages):
    client.force_login(admin_user(superuser=True))

    add = client.get("/admin/email-deliveries/new/")
    edit = client.get(f"/admin/email-deliveries/edit/{failed_delivery.pk}/")
    delete = client.post(f"/admin/email-deliveries/delete/{failed_delivery.pk}/")
    inspect = client.get(f"/admin/email-deliveries/inspect/{failed_delivery.pk}/")

    assert inspect.status_code == 200
    assert {add.status_code, edit.status_code, delete.status_code} <= {302, 403}
    assert EmailDelivery.objects.filter(pk=failed_delivery.pk).exists()


def test_editor_without_the_permission_cannot_see_deliveries(
    client, failed_delivery, site_pages
):
    client.force_login(admin_user())

    response = client.get("/admin/email-deliveries/")

    assert response.status_code in (302, 403)


def test_user_with_view_permission_sees_deliveries(client, failed_delivery, site_pages):
    client.force_login(admin_user(codenames=["view_emaildelivery"]))

    assert client.get("/admin/email-deliveries/").status_code == 200


# --- the registry -----------------------------------------------------------------


def test_every_kind_has_a_builder():
    for kind in EmailDelivery.Kind.values:
        assert get_builder(kind) is not None, kind


def test_builder_returning_none_closes_the_delivery(article, principles):
    comment = ResidentCommentFactory(article=article, principle=principles[0])
    previous = get_builder(EmailDelivery.Kind.REPLY)
    try:
        email_builder(EmailDelivery.Kind.REPLY)(lambda delivery: None)
        delivery = delivery_enqueue(kind=EmailDelivery.Kind.REPLY, comment=comment)
    finally:
        email_builder(EmailDelivery.Kind.REPLY)(previous)

    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SUPPRESSED


def test_builder_that_crashes_fails_the_delivery_not_the_caller(article, principles):
    comment = ResidentCommentFactory(article=article, principle=principles[0])
    previous = get_builder(EmailDelivery.Kind.REPLY)

    def broken(delivery):
        raise RuntimeError("mallen saknas")

    try:
        email_builder(EmailDelivery.Kind.REPLY)(broken)
        delivery = delivery_enqueue(kind=EmailDelivery.Kind.REPLY, comment=comment)
    finally:
        email_builder(EmailDelivery.Kind.REPLY)(previous)

    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.FAILED
    assert ResidentComment.objects.filter(pk=comment.pk).exists()


def test_backoff_spreads_six_attempts_over_about_an_hour():
    total = sum((retry_delay(attempt) for attempt in range(1, 6)), timedelta())

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [120, 240, 480]
    assert timedelta(minutes=50) <= total <= timedelta(minutes=70)


def test_a_rolled_back_submission_leaves_no_email_behind(article, principles):
    from django.db import transaction

    from feedback.services.submission import comment_submit

    with pytest.raises(RuntimeError), transaction.atomic():
        comment_submit(
            article=article,
            principle=principles[0],
            author_name="Ada",
            author_email="ada@example.se",
            body="Hej",
            ip="192.0.2.1",
        )
        raise RuntimeError("något annat gick fel")

    assert not ResidentComment.objects.exists()
    assert not EmailDelivery.objects.exists()


# --- retention ---------------------------------------------------------------------


def make_unverified(article, principle):
    return ResidentCommentFactory(
        article=article,
        principle=principle,
        status=S.UNVERIFIED,
        **new_token_fields(),
    )


@pytest.mark.clock_sensitive
def test_purge_deletes_unverified_comments_after_expiry_and_grace(article, principles):
    discussion = DiscussionSettings.for_site(article.get_site())
    discussion.unverified_retention_hours = 24
    discussion.save()
    stale = make_unverified(article, principles[0])
    confirmed = ResidentCommentFactory(article=article, principle=principles[0])

    with time_machine.travel(timezone.now() + timedelta(hours=48 + 23)):
        call_command("purge_unverified_comments", verbosity=0)
    assert ResidentComment.objects.filter(pk=stale.pk).exists()

    with time_machine.travel(timezone.now() + timedelta(hours=48 + 25)):
        call_command("purge_unverified_comments", verbosity=0)
        fresh = make_unverified(article, principles[0])
        call_command("purge_unverified_comments", verbosity=0)

    remaining = set(ResidentComment.objects.values_list("pk", flat=True))
    assert remaining == {confirmed.pk, fresh.pk}


def test_purge_dry_run_deletes_nothing(article, principles, capsys):
    make_unverified(article, principles[0])

    with time_machine.travel(timezone.now() + timedelta(days=5)):
        call_command("purge_unverified_comments", "--dry-run")

    assert "Skulle radera 1" in capsys.readouterr().out
    assert ResidentComment.objects.count() == 1
