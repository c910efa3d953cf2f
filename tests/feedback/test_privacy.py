"""Retention, access requests and erasure requests (feedback.services.retention,
feedback.services.resident_data)."""

import json
import logging
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, Site

from feedback.identity import email_hash
from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    EmailSuppression,
    OfficialReply,
    ResidentComment,
)
from feedback.services.resident_data import resident_data_erase, resident_data_export
from feedback.services.retention import comments_apply_retention
from feedback.services.transitions import comment_transition
from feedback.tokens import new_token_fields
from tests.factories import (
    ArticlePageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    ResidentCommentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
S = CommentStatus

WINDOW = 90  # DiscussionSettings.rejected_retention_days, default


def comment_in(article, principle, *, days_ago=0, moderated_days_ago=None, **kwargs):
    """A comment created ``days_ago`` and decided ``moderated_days_ago`` (or never)."""
    now = timezone.now()
    comment = ResidentCommentFactory(article=article, principle=principle, **kwargs)
    moderated_at = (
        None if moderated_days_ago is None else now - timedelta(days=moderated_days_ago)
    )
    ResidentComment.objects.filter(pk=comment.pk).update(
        created_at=now - timedelta(days=days_ago), moderated_at=moderated_at
    )
    return comment


def remaining_ids():
    return set(ResidentComment.objects.values_list("pk", flat=True))


def reject(comment, *, reason="Personangrepp"):
    return comment_transition(
        comment=comment,
        to_status=S.REJECTED,
        action="feedback.comment.reject",
        actor=UserFactory(),
        reason=reason,
    )


@pytest.fixture
def other_site_article(site_pages, principles):
    """An article on a second site, whose discussion settings keep for 10 days."""
    home = HomePageFactory(
        parent=Page.get_first_root_node(), title="Annan", slug="annan"
    )
    site = Site.objects.create(hostname="annan.example", port=80, root_page=home)
    discussion = DiscussionSettings.for_site(site)
    discussion.rejected_retention_days = 10
    discussion.save()
    news = NewsIndexPageFactory(parent=home, slug="nyheter-annan")
    return ArticlePageFactory(parent=news, principles=principles)


@pytest.fixture
def greta(article, principles):
    """Two comments of one resident, decided, with audit entries and a reply."""
    first = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        author_name="Greta Gråsten",
        author_email="Greta.Grasten@Example.se",
        body="Fler bänkar vid torget.",
    )
    reject(first, reason="Nämner Greta Gråsten vid namn")
    second = ResidentCommentFactory(
        article=article,
        principle=principles[1],
        author_name="Greta Gråsten",
        author_email="greta.grasten@example.se",
        body="Bra med cykelbanor.",
        status=S.APPROVED,
    )
    OfficialReply.objects.create(comment=second, body="Tack, vi bygger fler.")
    EmailDelivery.objects.create(
        kind=EmailDelivery.Kind.PUBLISHED,
        comment=second,
        status=EmailDelivery.Status.SENT,
    )
    # An entry written before labels stopped naming the author.
    log(
        instance=second,
        action="feedback.comment.approve",
        title=f"Kommentar {second.pk} av Greta Gråsten",
        data={"from": "pending", "to": "approved", "reason": ""},
    )
    return [first, second]


@pytest.fixture
def neighbour(article, principles):
    comment = ResidentCommentFactory(
        article=article,
        principle=principles[2],
        author_name="Nils Granne",
        author_email="nils@example.se",
        body="Belysningen i parken behövs.",
    )
    reject(comment, reason="Utanför ämnet")
    return comment


# --- retention ------------------------------------------------------------------------


@pytest.mark.clock_sensitive
def test_retention_deletes_rejected_spam_and_withdrawn_comments_past_the_window(
    article, principles
):
    p = principles[0]
    old = [
        comment_in(article, p, status=s, days_ago=200, moderated_days_ago=WINDOW + 1)
        for s in (S.REJECTED, S.SPAM, S.WITHDRAWN)
    ]
    young = comment_in(
        article, p, status=S.REJECTED, days_ago=200, moderated_days_ago=WINDOW - 1
    )

    comments_apply_retention()

    assert not ResidentComment.objects.filter(pk__in=[c.pk for c in old]).exists()
    assert remaining_ids() == {young.pk}


def test_retention_keeps_pending_and_approved_comments_however_old(article, principles):
    kept = {
        comment_in(article, principles[0], status=s, days_ago=1000).pk
        for s in (S.PENDING, S.APPROVED)
    }

    comments_apply_retention()

    assert remaining_ids() == kept


@pytest.mark.clock_sensitive
def test_retention_counts_from_creation_when_a_comment_was_never_moderated(
    article, principles
):
    # Withdrawn by the author, or marked spam on submission: no moderated_at.
    gone = comment_in(article, principles[0], status=S.WITHDRAWN, days_ago=WINDOW + 1)
    kept = comment_in(article, principles[0], status=S.SPAM, days_ago=WINDOW - 1)

    comments_apply_retention()

    assert remaining_ids() == {kept.pk}
    assert not ResidentComment.objects.filter(pk=gone.pk).exists()


def test_retention_uses_each_sites_own_window(article, other_site_article, principles):
    here = comment_in(
        article, principles[0], status=S.REJECTED, days_ago=30, moderated_days_ago=30
    )
    there = comment_in(
        other_site_article,
        principles[0],
        status=S.REJECTED,
        days_ago=30,
        moderated_days_ago=30,
    )

    comments_apply_retention()

    assert remaining_ids() == {here.pk}
    assert not ResidentComment.objects.filter(pk=there.pk).exists()


def test_retention_returns_counts_per_kind(article, principles):
    p = principles[0]
    for status in (S.REJECTED, S.REJECTED, S.SPAM):
        comment_in(article, p, status=status, days_ago=WINDOW + 5)

    counts = comments_apply_retention()

    assert counts == {
        "rejected": 2,
        "spam": 1,
        "withdrawn": 0,
        "unverified": 0,
        "email_deliveries": 0,
        "audit_entries": 0,
    }


@pytest.mark.clock_sensitive
def test_retention_also_purges_expired_unverified_comments(article, principles):
    unverified = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=S.UNVERIFIED,
        **new_token_fields(),
    )

    counts = comments_apply_retention(now=timezone.now() + timedelta(hours=48 + 25))

    assert counts["unverified"] == 1
    assert not ResidentComment.objects.filter(pk=unverified.pk).exists()


@pytest.mark.clock_sensitive
def test_retention_deletes_only_old_finished_deliveries_without_a_comment(
    article, principles
):
    comment = ResidentCommentFactory(article=article, principle=principles[0])
    sent = EmailDelivery.Status.SENT
    digest = EmailDelivery.Kind.DIGEST
    old_digest = EmailDelivery.objects.create(kind=digest, status=sent)
    young_digest = EmailDelivery.objects.create(kind=digest, status=sent)
    stuck = EmailDelivery.objects.create(
        kind=digest, status=EmailDelivery.Status.RETRYING
    )
    of_a_comment = EmailDelivery.objects.create(
        kind=EmailDelivery.Kind.VERIFICATION, status=sent, comment=comment
    )
    long_ago = timezone.now() - timedelta(days=WINDOW + 1)
    EmailDelivery.objects.filter(
        pk__in=[old_digest.pk, stuck.pk, of_a_comment.pk]
    ).update(created_at=long_ago)

    counts = comments_apply_retention()

    assert counts["email_deliveries"] == 1
    assert set(EmailDelivery.objects.values_list("pk", flat=True)) == {
        young_digest.pk,
        stuck.pk,
        of_a_comment.pk,
    }


def test_retention_gives_audit_entries_of_deleted_comments_a_neutral_label(
    greta, neighbour
):
    first = greta[0]  # rejected
    ResidentComment.objects.filter(pk=first.pk).update(
        moderated_at=timezone.now() - timedelta(days=WINDOW + 1)
    )

    counts = comments_apply_retention()

    assert counts["rejected"] == 1
    labels = set(
        ModelLogEntry.objects.filter(object_id=str(first.pk)).values_list(
            "label", flat=True
        )
    )
    assert labels == {f"Raderad kommentar {first.pk}"}
    # Comments that are still there keep their entries as they were.
    assert ModelLogEntry.objects.filter(
        object_id=str(greta[1].pk), label__contains="Greta"
    ).exists()


def test_retention_dry_run_counts_and_deletes_nothing(greta, neighbour):
    ResidentComment.objects.filter(pk=neighbour.pk).update(
        moderated_at=timezone.now() - timedelta(days=WINDOW + 1)
    )
    before = remaining_ids()
    labels_before = list(ModelLogEntry.objects.values_list("pk", "label"))

    counts = comments_apply_retention(dry_run=True)

    assert counts["rejected"] == 1
    assert counts["audit_entries"] == 1
    assert remaining_ids() == before
    assert list(ModelLogEntry.objects.values_list("pk", "label")) == labels_before


# --- the audit label ------------------------------------------------------------------


def test_comment_label_does_not_name_the_author(article, principles):
    comment = ResidentCommentFactory(
        article=article, principle=principles[0], author_name="Greta Gråsten"
    )

    reject(comment)

    entry = ModelLogEntry.objects.get(object_id=str(comment.pk))
    assert str(comment) == f"Kommentar {comment.pk}"
    assert entry.label == f"Kommentar {comment.pk}"


# --- access requests ------------------------------------------------------------------


def test_export_contains_the_residents_comments_with_article_reply_and_reason(
    greta, neighbour, article, settings
):
    settings.PORTAL_BASE_URL = "https://synpunkter.example.se"

    data = resident_data_export(email="greta.grasten@example.se")

    first, second = data["comments"]
    assert [first["id"], second["id"]] == [greta[0].pk, greta[1].pk]
    assert first["status"] == "rejected"
    assert first["body"] == "Fler bänkar vid torget."
    assert first["moderation_reason"] == "Nämner Greta Gråsten vid namn"
    assert first["principle"] == "Samhörighet"
    assert first["article_title"] == "Den långsiktiga planen"
    assert first["article_url"] == (
        "https://synpunkter.example.se/nyheter/langsiktig-plan/"
    )
    assert first["moderated_at"] is not None
    assert first["official_reply"] is None
    assert second["official_reply"] == "Tack, vi bygger fler."
    assert second["emails"][0]["kind"] == "published"
    assert data["suppressed"] is False


def test_export_matches_the_address_whatever_its_case(greta):
    lower = resident_data_export(email="greta.grasten@example.se")
    upper = resident_data_export(email="  GRETA.GRASTEN@EXAMPLE.SE ")

    assert [c["id"] for c in upper["comments"]] == [c.pk for c in greta]
    assert upper["comments"] == lower["comments"]


def test_export_contains_nothing_of_other_residents(greta, neighbour):
    text = json.dumps(resident_data_export(email="greta.grasten@example.se"))

    assert "Nils" not in text
    assert "nils@example.se" not in text
    assert "Belysningen" not in text
    assert "Utanför ämnet" not in text


def test_export_of_an_unknown_address_is_empty(greta):
    data = resident_data_export(email="okand@example.se")

    assert data["comments"] == []
    assert data["suppressed"] is False


def test_export_tells_that_the_address_is_suppressed(greta):
    EmailSuppression.objects.create(email_hash=email_hash("greta.grasten@example.se"))

    data = resident_data_export(email="Greta.Grasten@Example.se")

    assert data["suppressed"] is True
    assert data["suppressed_at"] is not None


# --- erasure requests -----------------------------------------------------------------


def test_erase_deletes_only_that_addresss_comments(greta, neighbour):
    count = resident_data_erase(email="GRETA.grasten@example.se")

    assert count == 2
    assert remaining_ids() == {neighbour.pk}


def test_erase_deletes_replies_and_email_deliveries_with_the_comments(greta):
    resident_data_erase(email="greta.grasten@example.se")

    assert not OfficialReply.objects.exists()
    assert not EmailDelivery.objects.exists()


def test_erase_leaves_no_name_or_address_in_the_audit_log(greta, neighbour):
    resident_data_erase(email="greta.grasten@example.se")

    for entry in ModelLogEntry.objects.all():
        text = (entry.label + json.dumps(entry.data, ensure_ascii=False)).casefold()
        assert "greta" not in text
        assert "gråsten" not in text
        assert "example.se" not in text
    for comment in greta:
        labels = set(
            ModelLogEntry.objects.filter(object_id=str(comment.pk)).values_list(
                "label", flat=True
            )
        )
        assert labels == {f"Raderad kommentar {comment.pk}"}


def test_erase_keeps_who_decided_what_in_the_audit_log(greta):
    reject_entry = ModelLogEntry.objects.get(
        object_id=str(greta[0].pk), action="feedback.comment.reject"
    )

    resident_data_erase(email="greta.grasten@example.se")

    reject_entry.refresh_from_db()
    assert reject_entry.user is not None
    assert reject_entry.data == {"from": "pending", "to": "rejected", "reason": ""}


def test_erase_leaves_other_residents_audit_entries_alone(greta, neighbour):
    resident_data_erase(email="greta.grasten@example.se")

    entry = ModelLogEntry.objects.get(object_id=str(neighbour.pk))
    assert entry.label == f"Kommentar {neighbour.pk}"
    assert entry.data["reason"] == "Utanför ämnet"


def test_erase_keeps_the_suppression_row(greta):
    EmailSuppression.objects.create(email_hash=email_hash("greta.grasten@example.se"))

    resident_data_erase(email="greta.grasten@example.se")

    assert EmailSuppression.objects.filter(
        email_hash=email_hash("greta.grasten@example.se")
    ).exists()


def test_erase_logs_each_deletion_by_the_actor_without_personal_data(greta, caplog):
    administrator = UserFactory()

    with caplog.at_level(logging.INFO, logger="feedback.services.resident_data"):
        resident_data_erase(email="greta.grasten@example.se", actor=administrator)

    deletions = ModelLogEntry.objects.filter(action="wagtail.delete")
    assert {(e.object_id, e.user) for e in deletions} == {
        (str(c.pk), administrator) for c in greta
    }
    assert "Erased 2 comments" in caplog.text
    assert "greta" not in caplog.text.casefold()


# --- the commands ---------------------------------------------------------------------


def test_apply_retention_command_deletes_and_prints_counts(article, principles, capsys):
    comment_in(article, principles[0], status=S.SPAM, days_ago=WINDOW + 1)

    call_command("apply_retention")

    assert "skräppost: 1" in capsys.readouterr().out
    assert not ResidentComment.objects.exists()


def test_apply_retention_dry_run_deletes_nothing(article, principles, capsys):
    comment_in(article, principles[0], status=S.SPAM, days_ago=WINDOW + 1)

    call_command("apply_retention", "--dry-run")

    out = capsys.readouterr().out
    assert "ingenting raderades" in out
    assert "skräppost: 1" in out
    assert ResidentComment.objects.count() == 1


def test_export_command_writes_utf8_json_to_a_file(greta, tmp_path):
    target = tmp_path / "utdrag.json"

    call_command(
        "export_resident_data",
        "--email",
        "Greta.Grasten@example.se",
        "--output",
        str(target),
    )

    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["id"] for c in data["comments"]] == [c.pk for c in greta]
    assert "Gråsten" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o077 == 0


def test_export_command_prints_json_to_stdout(greta, capsys):
    call_command("export_resident_data", "--email", "greta.grasten@example.se")

    data = json.loads(capsys.readouterr().out)
    assert len(data["comments"]) == 2


def test_erase_command_refuses_without_confirmation(greta, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "nej")

    with pytest.raises(CommandError, match="ingenting raderades"):
        call_command("erase_resident_data", "--email", "greta.grasten@example.se")

    assert ResidentComment.objects.count() == 2


def test_erase_command_deletes_after_confirmation(greta, neighbour, monkeypatch):
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "ja")

    call_command("erase_resident_data", "--email", "greta.grasten@example.se")

    assert "2 kommentarer" in prompts[0]
    assert remaining_ids() == {neighbour.pk}


def test_erase_command_with_yes_does_not_ask(greta, monkeypatch, capsys):
    def no_questions(prompt):
        raise AssertionError("asked despite --yes")

    monkeypatch.setattr("builtins.input", no_questions)

    call_command("erase_resident_data", "--email", "greta.grasten@example.se", "--yes")

    assert "Raderade 2 kommentarer." in capsys.readouterr().out
    assert not ResidentComment.objects.exists()


def test_erase_command_never_prints_the_address(greta, monkeypatch, capsys):
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "j")

    call_command("erase_resident_data", "--email", "greta.grasten@example.se")

    printed = capsys.readouterr()
    assert "greta" not in (printed.out + printed.err + "".join(prompts)).casefold()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("apply_retention", "Gallra enligt diskussionsreglerna"),
        ("export_resident_data", "Exportera allt som finns sparat"),
        ("erase_resident_data", "Spärren mot e-post finns kvar"),
    ],
)
def test_commands_explain_themselves_in_swedish(name, words):
    command = load_command_class("feedback", name)

    text = command.create_parser("manage.py", name).format_help()

    assert words in " ".join(text.split())
