"""Verification links: GET changes nothing, POST confirms once, and the edges."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    EmailSuppression,
    ResidentComment,
)
from feedback.services import comment_transition
from feedback.services.verification import comment_verify
from feedback.tokens import (
    VerifyOutcome,
    new_token_fields,
    token_hash,
    verification_token,
)
from tests.factories import ResidentCommentFactory, UserFactory, comment_form_data

S = CommentStatus


def make_unverified(article, principle, **kwargs):
    return ResidentCommentFactory(
        article=article,
        principle=principle,
        status=S.UNVERIFIED,
        **{**new_token_fields(), **kwargs},
    )


def confirm_path(token: str) -> str:
    return f"/kommentarer/bekrafta/{token}/"


def csrf_from(response) -> str:
    return re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()
    )[1]


@pytest.fixture
def comment(article, principles):
    return make_unverified(article, principles[0])


@pytest.fixture
def token(comment):
    return verification_token(comment)


@pytest.mark.django_db
class TestLinks:
    def test_only_a_hash_of_the_token_is_stored(self, client, article, principles):
        client.post(
            f"/kommentarer/artikel/{article.pk}/", comment_form_data(principles[0])
        )
        comment = ResidentComment.objects.get()
        token = re.search(r"/kommentarer/bekrafta/([^/]+)/", mail.outbox[0].body)[1]

        assert len(token) >= 22  # at least 128 bits, base64
        assert comment.token_hash == token_hash(token)
        stored = {
            field.attname: str(getattr(comment, field.attname))
            for field in comment._meta.concrete_fields
        }
        assert all(token not in value for value in stored.values())

    def test_each_comment_gets_a_different_token(self, article, principles):
        first = make_unverified(article, principles[0])
        second = make_unverified(article, principles[0])

        assert verification_token(first) != verification_token(second)

    def test_link_is_built_from_the_base_url_not_the_host(
        self, client, article, principles, settings
    ):
        settings.PORTAL_BASE_URL = "https://kommun.example.se"
        settings.ALLOWED_HOSTS = ["*"]

        client.post(
            f"/kommentarer/artikel/{article.pk}/",
            comment_form_data(principles[0]),
            HTTP_HOST="evil.example.com",
        )

        body = mail.outbox[0].body
        assert "https://kommun.example.se/kommentarer/bekrafta/" in body
        assert "evil.example.com" not in body
        assert "evil.example.com" not in mail.outbox[0].alternatives[0].content

    def test_get_shows_a_confirm_button_and_changes_nothing(
        self, client, comment, token
    ):
        for _ in range(3):  # mail scanners may open it several times
            response = client.get(confirm_path(token))

        assert response.status_code == 200
        html = response.content.decode()
        assert "<button" in html and "Bekräfta kommentaren" in html
        assert 'method="post"' in html
        assert "no-cache" in response["Cache-Control"]
        comment.refresh_from_db()
        assert comment.status == S.UNVERIFIED
        assert not ModelLogEntry.objects.filter(object_id=str(comment.pk)).exists()

    def test_post_confirms_and_says_what_happens_next(self, comment, token):
        client = Client(enforce_csrf_checks=True)
        page = client.get(confirm_path(token))

        response = client.post(
            confirm_path(token), {"csrfmiddlewaretoken": csrf_from(page)}
        )

        assert response.status_code == 200
        assert "Nu granskar en moderator kommentaren" in response.content.decode()
        comment.refresh_from_db()
        assert comment.status == S.PENDING
        assert comment.verified_at is not None
        entry = ModelLogEntry.objects.get(object_id=str(comment.pk))
        assert entry.action == "feedback.comment.verify"

    def test_post_without_csrf_is_refused(self, comment, token):
        response = Client(enforce_csrf_checks=True).post(confirm_path(token))

        assert response.status_code == 403
        comment.refresh_from_db()
        assert comment.status == S.UNVERIFIED

    def test_confirming_again_is_harmless_and_says_so(self, client, comment, token):
        client.post(confirm_path(token))

        again = client.post(confirm_path(token))
        get_again = client.get(confirm_path(token))

        assert "Kommentaren är redan bekräftad" in again.content.decode()
        assert "Kommentaren är redan bekräftad" in get_again.content.decode()
        comment.refresh_from_db()
        assert comment.status == S.PENDING
        assert ModelLogEntry.objects.filter(object_id=str(comment.pk)).count() == 1

    def test_reused_token_cannot_undo_a_moderators_decision(
        self, client, comment, token
    ):
        client.post(confirm_path(token))
        comment.refresh_from_db()
        comment_transition(
            comment=comment,
            to_status=S.REJECTED,
            action="feedback.comment.reject",
            actor=UserFactory(),
            reason="Off topic",
        )

        client.post(confirm_path(token))

        comment.refresh_from_db()
        assert comment.status == S.REJECTED

    @pytest.mark.parametrize(
        "tamper",
        [
            lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
            lambda t: t[1:],
            lambda t: t + "x",
            lambda t: t.upper(),
            lambda t: "x" * 300,
            lambda t: "%00",
        ],
    )
    def test_tampered_token_gets_the_invalid_link_page(
        self, client, comment, token, tamper
    ):
        bad = tamper(token)

        get = client.get(confirm_path(bad))
        post = client.post(confirm_path(bad))

        for response in (get, post):
            assert response.status_code == 200
            html = response.content.decode()
            assert "Länken fungerar inte längre" in html
            assert "Skicka en ny länk" in html
            assert "Traceback" not in html
        comment.refresh_from_db()
        assert comment.status == S.UNVERIFIED

    def test_token_of_one_comment_confirms_only_that_comment(
        self, client, article, principles, comment, token
    ):
        other = make_unverified(article, principles[1])

        client.post(confirm_path(token))

        comment.refresh_from_db()
        other.refresh_from_db()
        assert comment.status == S.PENDING
        assert other.status == S.UNVERIFIED
        assert verification_token(other) != token

    @pytest.mark.clock_sensitive
    def test_expired_token_changes_nothing_and_offers_a_new_link(
        self, client, comment, token
    ):
        with time_machine.travel(timezone.now() + timedelta(hours=48, seconds=1)):
            get = client.get(confirm_path(token))
            post = client.post(confirm_path(token))

        for response in (get, post):
            assert "Länken fungerar inte längre" in response.content.decode()
        comment.refresh_from_db()
        assert comment.status == S.UNVERIFIED

    @pytest.mark.clock_sensitive
    def test_token_is_valid_until_just_before_expiry(self, client, comment, token):
        with time_machine.travel(timezone.now() + timedelta(hours=47, minutes=59)):
            client.post(confirm_path(token))

        comment.refresh_from_db()
        assert comment.status == S.PENDING

    def test_expiry_is_a_discussion_setting(self, client, article, principles):
        discussion = DiscussionSettings.for_site(article.get_site())
        discussion.verification_expiry_hours = 2
        discussion.save()
        client.post(
            f"/kommentarer/artikel/{article.pk}/", comment_form_data(principles[0])
        )
        comment = ResidentComment.objects.get()

        assert comment.token_expires_at - comment.created_at < timedelta(
            hours=2, seconds=5
        )
        with time_machine.travel(timezone.now() + timedelta(hours=2, seconds=5)):
            client.post(confirm_path(verification_token(comment)))
        comment.refresh_from_db()
        assert comment.status == S.UNVERIFIED

    def test_expired_and_unknown_links_look_the_same(self, client, comment, token):
        with time_machine.travel(timezone.now() + timedelta(days=3)):
            expired = client.get(confirm_path(token)).content.decode()
        unknown = client.get(confirm_path("okand-" + "x" * 40)).content.decode()

        def strip(html):
            html = re.sub(r'value="[^"]*"', "", html)
            return re.sub(r"/kommentarer/bekrafta/[^\"]+", "", html)

        assert strip(expired) == strip(unknown)


@pytest.mark.django_db
class TestResend:
    @pytest.mark.clock_sensitive
    def test_expired_link_can_ask_for_a_new_one(self, client, comment, token):
        with time_machine.travel(timezone.now() + timedelta(days=3)):
            response = client.post("/kommentarer/ny-lank/", {"token": token})
            assert response.status_code == 200
            assert "har vi skickat en ny länk" in response.content.decode()
            comment.refresh_from_db()
            new_token = verification_token(comment)
            assert new_token != token
            assert new_token in mail.outbox[-1].body
            # The old link is dead, the new one works.
            client.post(confirm_path(token))
            comment.refresh_from_db()
            assert comment.status == S.UNVERIFIED
            client.post(confirm_path(new_token))
        comment.refresh_from_db()
        assert comment.status == S.PENDING

    def test_unknown_token_gets_the_same_answer_and_no_mail(self, client, comment):
        known = client.post(
            "/kommentarer/ny-lank/", {"token": verification_token(comment)}
        )
        mail.outbox.clear()
        unknown = client.post("/kommentarer/ny-lank/", {"token": "x" * 43})

        def strip(response):
            # Only the per-response nonce and CSRF token may differ.
            html = response.content.decode()
            return re.sub(r'(nonce|value)="[^"]*"', "", html)

        assert known.status_code == unknown.status_code == 200
        assert strip(known) == strip(unknown)
        assert mail.outbox == []

    def test_resend_for_a_confirmed_comment_sends_nothing(self, client, comment, token):
        client.post(confirm_path(token))
        mail.outbox.clear()

        client.post("/kommentarer/ny-lank/", {"token": token})

        assert mail.outbox == []

    def test_resending_is_rate_limited_per_network(self, client, comment, settings):
        settings.FEEDBACK_RATE_LIMITS = {"resend_ip": (2, 3600)}
        for _ in range(2):
            assert (
                client.post("/kommentarer/ny-lank/", {"token": "x"}).status_code == 200
            )

        response = client.post("/kommentarer/ny-lank/", {"token": "x"})

        assert response.status_code == 429
        assert "För många försök" in response.content.decode()


@pytest.mark.django_db
class TestSuppression:
    def suppress_link(self):
        return re.search(
            r"http://testserver(/kommentarer/stoppa-epost/[^\s]+)", mail.outbox[0].body
        )[1]

    def test_i_did_not_ask_link_stops_further_mail(self, client, article, principles):
        client.post(
            f"/kommentarer/artikel/{article.pk}/", comment_form_data(principles[0])
        )
        link = self.suppress_link()

        assert "Stoppa e-post till min adress" in client.get(link).content.decode()
        assert not EmailSuppression.objects.exists()  # GET changes nothing
        client.post(link)

        assert EmailSuppression.objects.count() == 1
        first = ResidentComment.objects.get()
        assert first.status == S.WITHDRAWN
        mail.outbox.clear()
        client.post(
            f"/kommentarer/artikel/{article.pk}/", comment_form_data(principles[0])
        )
        assert mail.outbox == []
        delivery = EmailDelivery.objects.latest("created_at")
        assert delivery.status == EmailDelivery.Status.SUPPRESSED

    def test_new_known_and_suppressed_addresses_get_the_same_response(
        self, client, article, principles
    ):
        def submit(address):
            response = client.post(
                f"/kommentarer/artikel/{article.pk}/",
                comment_form_data(principles[0], author_email=address),
                follow=True,
            )
            html = response.content.decode()
            return response.status_code, re.sub(
                r'value="[^"]*"', "", html[html.index("<main") :]
            )

        new = submit("ny@example.se")
        known = submit("ny@example.se")
        EmailSuppression.objects.create(
            email_hash=ResidentComment.objects.first().email_hash
        )
        suppressed = submit("ny@example.se")
        other_new = submit("annan@example.se")

        assert new == known == suppressed == other_new

    def test_tampered_suppress_link_is_refused(self, client):
        response = client.post("/kommentarer/stoppa-epost/abc:def/")

        assert response.status_code == 404
        assert not EmailSuppression.objects.exists()


@pytest.mark.django_db
class TestWithdraw:
    def withdraw_link(self, client, article, principles):
        client.post(
            f"/kommentarer/artikel/{article.pk}/", comment_form_data(principles[0])
        )
        return re.search(
            r"http://testserver(/kommentarer/aterkalla/[^\s]+)", mail.outbox[0].body
        )[1]

    def test_get_asks_and_post_withdraws_an_approved_comment(
        self, client, article, principles
    ):
        link = self.withdraw_link(client, article, principles)
        comment = ResidentComment.objects.get()
        comment_verify(token=verification_token(comment))
        comment.refresh_from_db()
        comment_transition(
            comment=comment,
            to_status=S.APPROVED,
            action="feedback.comment.approve",
            actor=UserFactory(),
        )
        assert comment.body in client.get(article.url).content.decode()

        page = client.get(link)
        comment.refresh_from_db()
        assert comment.status == S.APPROVED
        assert "Återkalla kommentaren" in page.content.decode()

        done = client.post(link)

        assert "Kommentaren är återkallad" in done.content.decode()
        comment.refresh_from_db()
        assert comment.status == S.WITHDRAWN
        assert comment.body not in client.get(article.url).content.decode()
        entry = ModelLogEntry.objects.filter(object_id=str(comment.pk)).latest("pk")
        assert entry.action == "feedback.comment.withdraw"

    def test_withdrawing_twice_is_harmless(self, client, article, principles):
        link = self.withdraw_link(client, article, principles)
        client.post(link)

        again = client.post(link)

        assert again.status_code == 200
        assert ResidentComment.objects.get().status == S.WITHDRAWN

    def test_tampered_withdraw_link_is_refused(self, client, article, principles):
        link = self.withdraw_link(client, article, principles)

        response = client.post(link[:-3] + "abc/")

        assert response.status_code == 404
        assert ResidentComment.objects.get().status == S.UNVERIFIED


@pytest.mark.django_db
class TestAutoApproval:
    def test_off_by_default(self, article, principles, comment, token):
        for _ in range(3):
            ResidentCommentFactory(
                article=article,
                principle=principles[0],
                status=S.APPROVED,
                author_email=comment.author_email,
            )

        result = comment_verify(token=token)

        assert result.outcome == VerifyOutcome.CONFIRMED
        assert result.comment.status == S.PENDING

    def test_trusted_address_is_approved_at_verification(
        self, article, principles, comment, token
    ):
        discussion = DiscussionSettings.for_site(article.get_site())
        discussion.auto_approve_after = 2
        discussion.save()
        for _ in range(2):
            ResidentCommentFactory(
                article=article,
                principle=principles[0],
                status=S.APPROVED,
                author_email=comment.author_email.upper(),
            )

        result = comment_verify(token=token)

        assert result.outcome == VerifyOutcome.AUTO_APPROVED
        comment.refresh_from_db()
        assert comment.status == S.APPROVED
        actions = list(
            ModelLogEntry.objects.filter(object_id=str(comment.pk))
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert actions == ["feedback.comment.verify", "feedback.comment.auto_approve"]

    def test_not_enough_history_waits_for_a_moderator(
        self, article, principles, comment, token
    ):
        discussion = DiscussionSettings.for_site(article.get_site())
        discussion.auto_approve_after = 2
        discussion.save()
        ResidentCommentFactory(
            article=article,
            principle=principles[0],
            status=S.APPROVED,
            author_email=comment.author_email,
        )
        ResidentCommentFactory(
            article=article,
            principle=principles[0],
            status=S.REJECTED,
            author_email=comment.author_email,
        )

        assert comment_verify(token=token).comment.status == S.PENDING

    def test_flagged_comment_waits_even_for_a_trusted_address(
        self, article, principles
    ):
        discussion = DiscussionSettings.for_site(article.get_site())
        discussion.auto_approve_after = 1
        discussion.save()
        comment = make_unverified(article, principles[0], suspect_words=["bedrägeri"])
        ResidentCommentFactory(
            article=article,
            principle=principles[0],
            status=S.APPROVED,
            author_email=comment.author_email,
        )

        result = comment_verify(token=verification_token(comment))

        assert result.comment.status == S.PENDING


@pytest.mark.django_db
def test_confirmation_notifies_the_principles_moderators(article, principles):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Moderatorer Samhörighet")
    moderator = UserFactory(email="moderator@kommun.example.se")
    moderator.groups.add(group)
    principles[0].moderator_groups.add(group)
    comment = make_unverified(article, principles[0])

    comment_verify(token=verification_token(comment))

    assert EmailDelivery.objects.filter(
        kind=EmailDelivery.Kind.MODERATOR, recipient_user=moderator, comment=comment
    ).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_confirmations_apply_once(article, principles):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises writers with locks.")
    comment = make_unverified(article, principles[0])
    token = verification_token(comment)
    barrier = threading.Barrier(2)
    outcomes = []

    def confirm():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes.append(comment_verify(token=token).outcome)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted(
        [VerifyOutcome.CONFIRMED, VerifyOutcome.ALREADY_CONFIRMED]
    )
    comment.refresh_from_db()
    assert comment.status == S.PENDING
    assert (
        ModelLogEntry.objects.filter(
            object_id=str(comment.pk), action="feedback.comment.verify"
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_a_confirmation_that_loses_the_race_reports_already_confirmed(
    article, principles
):
    """The conditional UPDATE at work without threads: the status moved under us."""
    from unittest import mock

    from feedback.services import verification

    comment = make_unverified(article, principles[0])
    token = verification_token(comment)
    real_lookup = verification.comment_for_token

    def stale_lookup(value):
        stale = real_lookup(value)
        # Another request confirms between our read and our update.
        ResidentComment.objects.filter(pk=stale.pk).update(status=S.PENDING)
        return stale

    with mock.patch.object(verification, "comment_for_token", stale_lookup):
        result = comment_verify(token=token)

    assert result.outcome == VerifyOutcome.ALREADY_CONFIRMED
    assert not ModelLogEntry.objects.filter(object_id=str(comment.pk)).exists()
