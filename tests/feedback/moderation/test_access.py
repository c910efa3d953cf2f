"""Who sees and does what: the permission matrix over every moderation entry
point (listing, detail, single actions, bulk actions and select-all)."""

import pytest
from django.test import Client
from django.urls import reverse

from feedback.models import CommentStatus
from tests.factories import ResidentCommentFactory

pytestmark = pytest.mark.django_db
S = CommentStatus

LIST_URL = reverse("feedback_moderation:list")
BULK_APPROVE = reverse(
    "wagtail_bulk_action", args=["feedback", "residentcomment", "moderation_approve"]
)


def detail(comment):
    return reverse("feedback_moderation:detail", args=[comment.pk])


def action(comment, name):
    return reverse("feedback_moderation:action", args=[comment.pk, name])


def status_of(comment):
    comment.refresh_from_db()
    return comment.status


def messages_of(response):
    # Wagtail's admin messages carry trailing whitespace from their template.
    return [str(m).strip() for m in response.context["messages"]]


@pytest.fixture
def clients(client_a, client_b, client_editor, client_chief):
    return {
        "moderator_a": client_a,
        "moderator_b": client_b,
        "editor": client_editor,
        "chief": client_chief,
        "anonymous": Client(),
    }


def assert_turned_away(response, who):
    """The editor is sent back to the dashboard, the anonymous to log in."""
    assert response.status_code == 302
    if who == "anonymous":
        assert response.url.startswith(reverse("wagtailadmin_login"))
    else:
        assert response.url == reverse("wagtailadmin_home")


# -- Listing -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_a", "sees_b"),
    [
        ("moderator_a", True, False),
        ("moderator_b", False, True),
        ("chief", True, True),
    ],
)
def test_listing_shows_only_the_principles_one_moderates(
    clients, comment_a, comment_b, who, sees_a, sees_b
):
    response = clients[who].get(LIST_URL)

    assert response.status_code == 200
    shown = {c.pk for c in response.context["object_list"]}
    assert (comment_a.pk in shown, comment_b.pk in shown) == (sees_a, sees_b)
    content = response.content.decode()
    assert (comment_a.body in content, comment_b.body in content) == (sees_a, sees_b)


@pytest.mark.parametrize("who", ["editor", "anonymous"])
def test_listing_turns_away_those_who_moderate_nothing(clients, comment_a, who):
    response = clients[who].get(LIST_URL)
    assert_turned_away(response, who)


def test_each_moderator_sees_only_their_own_counts(
    clients, comment_a, comment_b, article, principles
):
    ResidentCommentFactory(article=article, principle=principles[1])

    queues_a = clients["moderator_a"].get(LIST_URL).context["queues"]
    queues_b = clients["moderator_b"].get(LIST_URL).context["queues"]

    assert [(q.principle.name, q.pending) for q in queues_a] == [("Samhörighet", 1)]
    assert [(q.principle.name, q.pending) for q in queues_b] == [("Självständighet", 2)]


def test_menu_lists_only_the_moderators_queues_with_counts(
    clients, comment_a, comment_b
):
    content = clients["moderator_a"].get(reverse("wagtailadmin_home")).content.decode()

    assert "Samh\\u00f6righet (1)" in content
    assert "Sj\\u00e4lvst\\u00e4ndighet (" not in content


def test_editor_has_no_moderation_menu(clients):
    content = clients["editor"].get(reverse("wagtailadmin_home")).content.decode()
    assert '"moderering"' not in content


# -- Detail --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "code_a", "code_b"),
    [
        ("moderator_a", 200, 404),
        ("moderator_b", 404, 200),
        ("chief", 200, 200),
    ],
)
def test_detail_is_scoped_to_the_moderators_principles(
    clients, comment_a, comment_b, who, code_a, code_b
):
    assert clients[who].get(detail(comment_a)).status_code == code_a
    assert clients[who].get(detail(comment_b)).status_code == code_b


@pytest.mark.parametrize("who", ["editor", "anonymous"])
def test_detail_turns_away_those_who_moderate_nothing(clients, comment_a, who):
    assert_turned_away(clients[who].get(detail(comment_a)), who)


def test_wagtail_generic_edit_and_delete_views_stay_closed(clients, comment_a):
    for name in ("edit", "delete", "history", "usage"):
        url = reverse(f"feedback_moderation:{name}", args=[comment_a.pk])
        response = clients["chief"].get(url)
        assert response.status_code == 302, name
        assert response.url == reverse("wagtailadmin_home")
    assert status_of(comment_a) == S.PENDING


# -- Single actions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "approved_a", "approved_b"),
    [
        ("moderator_a", True, False),
        ("moderator_b", False, True),
        ("chief", True, True),
        ("editor", False, False),
        ("anonymous", False, False),
    ],
)
def test_single_approve_only_within_ones_principles(
    clients, comment_a, comment_b, who, approved_a, approved_b
):
    for comment in (comment_a, comment_b):
        clients[who].post(action(comment, "approve"), {"expected_status": "pending"})

    assert (status_of(comment_a) == S.APPROVED) == approved_a
    assert (status_of(comment_b) == S.APPROVED) == approved_b


def test_single_action_on_another_principle_is_404(clients, comment_b):
    response = clients["moderator_a"].post(
        action(comment_b, "spam"), {"expected_status": "pending"}
    )
    assert response.status_code == 404
    assert status_of(comment_b) == S.PENDING


def test_single_action_refuses_get(clients, comment_a):
    response = clients["moderator_a"].get(action(comment_a, "approve"))
    assert response.status_code == 405
    assert status_of(comment_a) == S.PENDING


def test_self_approval_over_http_is_refused_with_a_message(
    clients, moderator_a, article, principles
):
    own = ResidentCommentFactory(
        article=article, principle=principles[0], author_email=moderator_a.email
    )

    response = clients["moderator_a"].post(
        action(own, "approve"), {"expected_status": "pending"}, follow=True
    )

    assert status_of(own) == S.PENDING
    assert "Du kan inte godkänna din egen kommentar." in messages_of(response)


def test_second_moderator_gets_a_clear_message_and_nothing_is_applied_twice(
    clients, comment_a, moderator_groups
):
    colleague = clients["chief"]
    colleague.post(action(comment_a, "approve"), {"expected_status": "pending"})

    response = clients["moderator_a"].post(
        action(comment_a, "spam"), {"expected_status": "pending"}, follow=True
    )

    assert status_of(comment_a) == S.APPROVED
    assert (
        "Kommentaren har redan ändrats av någon annan. Ingenting ändrades."
        in messages_of(response)
    )


def test_reject_over_http_needs_a_reason(clients, comment_a):
    response = clients["moderator_a"].post(
        action(comment_a, "reject"),
        {"expected_status": "pending", "reason_text": ""},
        follow=True,
    )

    assert status_of(comment_a) == S.PENDING
    assert "Ange ett skäl: välj ett i listan eller skriv ett eget." in messages_of(
        response
    )


def test_reject_over_http_with_a_listed_reason(clients, comment_a):
    from feedback.models import RejectionReason

    reason = RejectionReason.objects.create(text="Utanför ämnet")

    clients["moderator_a"].post(
        action(comment_a, "reject"),
        {"expected_status": "pending", "reason_choice": reason.pk},
    )

    comment_a.refresh_from_db()
    assert (comment_a.status, comment_a.moderation_reason) == (
        S.REJECTED,
        "Utanför ämnet",
    )


def test_action_redirects_only_to_local_next(clients, comment_a):
    response = clients["moderator_a"].post(
        action(comment_a, "approve"),
        {"expected_status": "pending", "next": "https://evil.example/"},
    )
    assert response.url == detail(comment_a)


# -- Bulk actions and select-all --------------------------------------------------


def bulk_post(client, url, ids, data=None, extra_query=""):
    query = "&".join(f"id={i}" for i in ids)
    if extra_query:
        query += "&" + extra_query
    return client.post(f"{url}?{query}", data or {})


@pytest.mark.parametrize(
    ("who", "approved_a", "approved_b"),
    [
        ("moderator_a", True, False),
        ("moderator_b", False, True),
        ("chief", True, True),
        ("editor", False, False),
        ("anonymous", False, False),
    ],
)
def test_bulk_approve_only_within_ones_principles(
    clients, comment_a, comment_b, who, approved_a, approved_b
):
    bulk_post(clients[who], BULK_APPROVE, [comment_a.pk, comment_b.pk])

    assert (status_of(comment_a) == S.APPROVED) == approved_a
    assert (status_of(comment_b) == S.APPROVED) == approved_b


@pytest.mark.parametrize(
    ("who", "approved_a", "approved_b"),
    [
        ("moderator_a", True, False),
        ("moderator_b", False, True),
        ("chief", True, True),
        ("editor", False, False),
        ("anonymous", False, False),
    ],
)
def test_select_all_only_within_ones_principles(
    clients, comment_a, comment_b, who, approved_a, approved_b
):
    bulk_post(clients[who], BULK_APPROVE, ["all"])

    assert (status_of(comment_a) == S.APPROVED) == approved_a
    assert (status_of(comment_b) == S.APPROVED) == approved_b


def test_bulk_confirmation_page_does_not_show_other_principles_text(
    clients, comment_a, comment_b
):
    response = clients["moderator_a"].get(
        f"{BULK_APPROVE}?id={comment_a.pk}&id={comment_b.pk}"
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert comment_a.body in content
    assert comment_b.body not in content
    assert "1 markerad kommentar hör till en princip du inte modererar" in content


def test_wagtail_bulk_delete_deletes_nothing(clients, comment_a):
    url = reverse("wagtail_bulk_action", args=["feedback", "residentcomment", "delete"])
    clients["chief"].post(f"{url}?id={comment_a.pk}")
    assert status_of(comment_a) == S.PENDING


def test_group_editor_offers_the_two_moderation_permissions(db):
    from tests.factories import UserFactory

    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)

    content = client.get(reverse("wagtailusers_groups:add")).content.decode()

    assert "Kan moderera kommentarer om alla principer" in content
    assert "Kan se och söka på skribenters e-postadresser" in content


@pytest.mark.parametrize("who", ["editor", "moderator_b"])
def test_no_snippet_chooser_lists_comments(clients, comment_a, who):
    response = clients[who].get("/admin/snippets/choose/feedback/residentcomment/")
    assert response.status_code == 404


def test_comments_stay_out_of_wagtails_reference_index(comment_a):
    """Else an article's "usage" page would list its comments to editors."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    comment_type = ContentType.objects.get_for_model(comment_a)
    assert not ReferenceIndex.objects.filter(content_type=comment_type).exists()


def test_ajax_results_are_scoped_like_the_listing(clients, comment_a, comment_b):
    url = reverse("feedback_moderation:list_results")

    response = clients["moderator_b"].get(url, {"q": "Om"})

    assert [c.pk for c in response.context["object_list"]] == [comment_b.pk]
    assert comment_a.body not in response.content.decode()
