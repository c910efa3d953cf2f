"""The moderation services: what each decision changes, logs and emails."""

import dataclasses

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry, Page, Site

from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    ResidentComment,
)
from feedback.services import actions
from feedback.services import moderation as services
from feedback.services.transitions import ConcurrentChangeError, TransitionError
from feedback.signals import comment_transitioned
from tests.factories import (
    ArticlePageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    ResidentCommentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = CommentStatus


def entries(comment):
    return list(ModelLogEntry.objects.filter(object_id=str(comment.pk)).order_by("pk"))


def test_approve_publishes_pending_comment_and_logs_it(comment_a, moderator_a):
    services.comment_approve(comment=comment_a, actor=moderator_a)

    comment_a.refresh_from_db()
    assert comment_a.status == S.APPROVED
    assert comment_a.moderated_by == moderator_a
    [entry] = entries(comment_a)
    assert entry.action == "feedback.comment.approve"
    assert entry.user == moderator_a
    assert entry.data == {"from": "pending", "to": "approved", "reason": ""}


def test_approve_emails_the_commenter_a_link_to_the_comment(comment_a, moderator_a):
    services.comment_approve(comment=comment_a, actor=moderator_a)

    [message] = mail.outbox
    assert message.to == [comment_a.author_email]
    assert message.subject == "Din kommentar är publicerad"
    assert f"http://testserver/nyheter/langsiktig-plan/#kommentar-{comment_a.pk}" in (
        message.body
    )
    delivery = EmailDelivery.objects.get(comment=comment_a)
    assert delivery.kind == EmailDelivery.Kind.PUBLISHED
    assert delivery.status == EmailDelivery.Status.SENT


def test_approve_sends_nothing_when_the_setting_is_off(
    comment_a, moderator_a, site_pages
):
    settings = DiscussionSettings.for_site(site_pages["home"].get_site())
    settings.notify_commenter_on_publish = False
    settings.save()

    services.comment_approve(comment=comment_a, actor=moderator_a)

    assert mail.outbox == []
    assert not EmailDelivery.objects.exists()


def test_nobody_can_approve_their_own_comment(article, principles, moderator_a):
    own = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        author_email=moderator_a.email.upper(),
    )

    with pytest.raises(services.SelfModerationError):
        services.comment_approve(comment=own, actor=moderator_a)

    own.refresh_from_db()
    assert own.status == S.PENDING
    assert entries(own) == []


def test_moderator_cannot_act_on_another_principle(comment_b, moderator_a):
    with pytest.raises(services.NotAllowedError):
        services.comment_approve(comment=comment_b, actor=moderator_a)
    with pytest.raises(services.NotAllowedError):
        services.comment_reject(comment=comment_b, actor=moderator_a, reason="Nej")

    comment_b.refresh_from_db()
    assert comment_b.status == S.PENDING


def test_reject_requires_a_reason(comment_a, moderator_a):
    with pytest.raises(services.ReasonRequiredError):
        services.comment_reject(comment=comment_a, actor=moderator_a, reason="   ")

    comment_a.refresh_from_db()
    assert comment_a.status == S.PENDING
    assert mail.outbox == []


def test_reject_stores_reason_logs_it_and_tells_the_author_why(comment_a, moderator_a):
    services.comment_reject(
        comment=comment_a, actor=moderator_a, reason="Personangrepp"
    )

    comment_a.refresh_from_db()
    assert comment_a.status == S.REJECTED
    assert comment_a.moderation_reason == "Personangrepp"
    [entry] = entries(comment_a)
    assert entry.data == {
        "from": "pending",
        "to": "rejected",
        "reason": "Personangrepp",
    }
    [message] = mail.outbox
    assert message.to == [comment_a.author_email]
    assert "Personangrepp" in message.body
    assert "Personangrepp" in message.alternatives[0].content


def test_reject_notification_follows_the_setting(comment_a, moderator_a, site_pages):
    settings = DiscussionSettings.for_site(site_pages["home"].get_site())
    settings.notify_commenter_on_reject = False
    settings.save()

    services.comment_reject(comment=comment_a, actor=moderator_a, reason="Reklam")

    assert mail.outbox == []


def test_mark_spam_does_not_email_the_author(comment_a, moderator_a):
    services.comment_mark_spam(comment=comment_a, actor=moderator_a)

    comment_a.refresh_from_db()
    assert comment_a.status == S.SPAM
    assert mail.outbox == []


def test_unreject_puts_a_rejected_comment_back_in_the_queue(comment_a, moderator_a):
    services.comment_reject(comment=comment_a, actor=moderator_a, reason="Fel")

    services.comment_unreject(comment=comment_a, actor=moderator_a)

    comment_a.refresh_from_db()
    assert comment_a.status == S.PENDING
    assert [e.action for e in entries(comment_a)] == [
        "feedback.comment.reject",
        "feedback.comment.unreject",
    ]


def test_unreject_refuses_a_pending_comment(comment_a, moderator_a):
    with pytest.raises(TransitionError):
        services.comment_unreject(comment=comment_a, actor=moderator_a)


def test_revoke_moves_an_approved_comment_to_rejected_with_reason(
    comment_a, moderator_a
):
    services.comment_approve(comment=comment_a, actor=moderator_a)

    services.comment_revoke(comment=comment_a, actor=moderator_a, reason="Felaktig")

    comment_a.refresh_from_db()
    assert comment_a.status == S.REJECTED
    assert entries(comment_a)[-1].data == {
        "from": "approved",
        "to": "rejected",
        "reason": "Felaktig",
    }


def test_revoke_refuses_a_pending_comment(comment_a, moderator_a):
    with pytest.raises(TransitionError):
        services.comment_revoke(comment=comment_a, actor=moderator_a, reason="X")
    comment_a.refresh_from_db()
    assert comment_a.status == S.PENDING


def test_reclassify_moves_the_comment_and_logs_both_principles(
    comment_a, chief_moderator, principles
):
    services.comment_reclassify(
        comment=comment_a, actor=chief_moderator, principle=principles[2]
    )

    comment_a.refresh_from_db()
    assert comment_a.principle == principles[2]
    assert comment_a.status == S.PENDING
    [entry] = entries(comment_a)
    assert entry.action == "feedback.comment.reclassify"
    assert entry.data["from_principle"] == principles[0].name
    assert entry.data["to_principle"] == principles[2].name


def test_reclassify_into_a_principle_one_does_not_moderate_is_refused(
    comment_a, moderator_a, principles
):
    with pytest.raises(services.NotAllowedError):
        services.comment_reclassify(
            comment=comment_a, actor=moderator_a, principle=principles[1]
        )
    comment_a.refresh_from_db()
    assert comment_a.principle == principles[0]


def test_stale_reclassify_loses_to_the_first(comment_a, chief_moderator, principles):
    services.comment_reclassify(
        comment=comment_a, actor=chief_moderator, principle=principles[1]
    )

    with pytest.raises(ConcurrentChangeError):
        services.comment_reclassify(
            comment=comment_a,
            actor=chief_moderator,
            principle=principles[2],
            expected_principle_id=principles[0].pk,
        )
    comment_a.refresh_from_db()
    assert comment_a.principle == principles[1]


def test_second_decision_on_a_stale_view_changes_nothing(comment_a, moderator_a):
    other = UserFactory()
    other.groups.add(*moderator_a.groups.all())
    services.comment_approve(comment=comment_a, actor=other, expected_status=S.PENDING)

    with pytest.raises(ConcurrentChangeError):
        services.comment_reject(
            comment=comment_a,
            actor=moderator_a,
            reason="Sent",
            expected_status=S.PENDING,
        )

    comment_a.refresh_from_db()
    assert comment_a.status == S.APPROVED
    assert comment_a.moderated_by == other
    assert len(entries(comment_a)) == 1
    assert len(mail.outbox) == 1  # the publication notice only


def test_bulk_approve_skips_own_and_changed_comments_and_does_the_rest(
    article, principles, moderator_a
):
    mine = ResidentCommentFactory(
        article=article, principle=principles[0], author_email=moderator_a.email
    )
    done = ResidentCommentFactory(article=article, principle=principles[0])
    already = ResidentCommentFactory(
        article=article, principle=principles[0], status=S.SPAM
    )

    result = services.comments_bulk_approve(
        comments=[mine, done, already], actor=moderator_a
    )

    assert [c.pk for c in result.done] == [done.pk]
    assert {c.pk for c, _reason in result.skipped} == {mine.pk, already.pk}
    mine.refresh_from_db()
    already.refresh_from_db()
    assert (mine.status, already.status) == (S.PENDING, S.SPAM)


def test_bulk_reject_requires_a_reason(comment_a, moderator_a):
    with pytest.raises(services.ReasonRequiredError):
        services.comments_bulk_reject(
            comments=[comment_a], actor=moderator_a, reason=""
        )
    comment_a.refresh_from_db()
    assert comment_a.status == S.PENDING


def test_taking_down_a_published_comment_says_so_in_the_mail(comment_a, moderator_a):
    services.comment_approve(comment=comment_a, actor=moderator_a)
    mail.outbox.clear()

    services.comment_revoke(comment=comment_a, actor=moderator_a, reason="Felaktig")

    [message] = mail.outbox
    assert message.subject == "Din kommentar har tagits bort"
    assert "har tagits bort från webbplatsen" in message.body
    assert "Felaktig" in message.body


def test_an_action_can_require_a_permission_beyond_moderating(
    comment_a, moderator_a, chief_moderator
):
    guarded = dataclasses.replace(
        actions.APPROVE, permission="feedback.moderate_all_principles"
    )

    with pytest.raises(services.NotAllowedError):
        services.comment_act(action=guarded, comment=comment_a, actor=moderator_a)
    comment_a.refresh_from_db()
    assert comment_a.status == S.PENDING

    services.comment_act(action=guarded, comment=comment_a, actor=chief_moderator)
    comment_a.refresh_from_db()
    assert comment_a.status == S.APPROVED


def test_an_action_is_refused_on_a_status_it_does_not_apply_to(comment_a, moderator_a):
    with pytest.raises(TransitionError) as refused:
        services.comment_unreject(comment=comment_a, actor=moderator_a)

    assert str(refused.value) == (
        "”Ångra och lägg tillbaka i kön” går inte på en kommentar med status "
        "”Väntar på granskning”."
    )


def test_taking_down_queues_the_taken_down_email(comment_a, moderator_a):
    services.comment_approve(comment=comment_a, actor=moderator_a)

    services.comment_revoke(comment=comment_a, actor=moderator_a, reason="Felaktig")

    assert list(
        EmailDelivery.objects.filter(comment=comment_a)
        .order_by("pk")
        .values_list("kind", flat=True)
    ) == [EmailDelivery.Kind.PUBLISHED, EmailDelivery.Kind.TAKEN_DOWN]


def test_decisions_follow_the_rules_of_the_articles_own_site(
    moderator_a, principles, site_pages
):
    """Not the default site's: each site's discussion settings govern its own."""
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug="annan")
    Site.objects.create(hostname="annan.example.se", port=80, root_page=other_home)
    other_news = NewsIndexPageFactory(parent=other_home)
    other_article = ArticlePageFactory(parent=other_news, principles=principles)
    quiet = DiscussionSettings.for_site(other_home.get_site())
    quiet.notify_commenter_on_publish = False
    quiet.save()
    here = ResidentCommentFactory(
        article=ArticlePageFactory(parent=site_pages["news_index"]),
        principle=principles[0],
    )
    there = ResidentCommentFactory(article=other_article, principle=principles[0])

    services.comment_approve(comment=here, actor=moderator_a)
    services.comment_approve(comment=there, actor=moderator_a)

    assert [m.to for m in mail.outbox] == [[here.author_email]]


def test_bulk_skips_a_comment_changed_after_it_was_loaded(
    article, principles, moderator_a, chief_moderator
):
    first, second = (
        ResidentCommentFactory(article=article, principle=principles[0])
        for _ in range(2)
    )
    # Another moderator rejects the second while this one's page shows it.
    services.comment_reject(
        comment=ResidentComment.objects.get(pk=second.pk),
        actor=chief_moderator,
        reason="Sent",
    )
    mail.outbox.clear()

    result = services.comments_bulk_approve(comments=[first, second], actor=moderator_a)

    assert [c.pk for c in result.done] == [first.pk]
    assert result.skipped == [
        (second, "Kommentaren har redan ändrats av någon annan. Ingenting ändrades.")
    ]
    second.refresh_from_db()
    assert (second.status, second.moderated_by) == (S.REJECTED, chief_moderator)
    assert [len(entries(c)) for c in (first, second)] == [1, 1]
    assert [m.to for m in mail.outbox] == [[first.author_email]]


def test_bulk_approve_moves_each_comment_from_its_own_status(
    article, principles, moderator_a
):
    pending = ResidentCommentFactory(article=article, principle=principles[0])
    rejected = ResidentCommentFactory(
        article=article, principle=principles[0], status=S.REJECTED
    )

    result = services.comments_bulk_approve(
        comments=[rejected, pending], actor=moderator_a
    )

    assert {c.pk for c in result.done} == {pending.pk, rejected.pk}
    for comment in (pending, rejected):
        comment.refresh_from_db()
        assert comment.status == S.APPROVED
        assert comment.body_html
    assert [e.data["from"] for e in entries(pending)] == [S.PENDING]
    assert [e.data["from"] for e in entries(rejected)] == [S.REJECTED]


def test_a_failing_bulk_action_writes_no_mail_task_or_entry(
    article, principles, moderator_a, database_tasks
):
    comments = [
        ResidentCommentFactory(article=article, principle=principles[0])
        for _ in range(3)
    ]
    calls = []

    def fail_on_the_last(sender, comment, **kwargs):
        calls.append(comment.pk)
        if len(calls) == 3:
            raise RuntimeError("boom")

    comment_transitioned.connect(fail_on_the_last, sender=ResidentComment)
    try:
        with pytest.raises(RuntimeError):
            services.comments_bulk_approve(comments=comments, actor=moderator_a)
    finally:
        comment_transitioned.disconnect(fail_on_the_last, sender=ResidentComment)

    assert set(ResidentComment.objects.values_list("status", flat=True)) == {S.PENDING}
    assert not EmailDelivery.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert not [c for c in comments if entries(c)]
    assert not mail.outbox
