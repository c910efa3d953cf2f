"""What administrators and moderators read in the admin: Swedish throughout,
comment pages that say which comment they are, and a warning about principles
that nobody moderates."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from feedback.selectors_moderation import principles_without_moderators
from portal.translation_gaps import STRINGS
from tests.factories import PrincipleFactory, ResidentCommentFactory, UserFactory

pytestmark = pytest.mark.django_db
PRINCIPLES_URL = reverse("wagtailsnippets_news_principle:list")
DASHBOARD_URL = reverse("wagtailadmin_home")
LIST_URL = reverse("feedback_moderation:list")


def detail_url(comment):
    return reverse("feedback_moderation:detail", args=[comment.pk])


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def client_admin(administrator):
    client = Client()
    client.force_login(administrator)
    return client


# -- Swedish throughout ---------------------------------------------------------


def test_principle_listing_shows_active_in_swedish_not_true(client_admin, principles):
    principles[2].is_live = False
    principles[2].save()

    html = client_admin.get(PRINCIPLES_URL).content.decode()

    assert "True" not in html
    assert "False" not in html
    tags = re.findall(r'class="w-status[^"]*">\s*(\w+)\s*</span>', html)
    assert sorted(tags) == ["Aktiv", "Aktiv", "Inaktiv"]


def test_yes_no_cells_read_ja_to_screen_readers_not_true(client_admin, moderator_a):
    html = client_admin.get(reverse("wagtailusers_users:index")).content.decode()

    assert "True" not in html
    assert (
        re.findall(r'<span class="w-sr-only">\s*(\w+)\s*</span>', html).count("Ja") >= 2
    )


def test_active_yes_no_filter_reads_ja_not_true(client_a, comment_a):
    response = client_a.get(LIST_URL, {"flagged": "true"})

    filters = response.context["view"].active_filters
    assert [(f.field_label, f.value) for f in filters] == [("Flaggad", "Ja")]
    assert '<b class="w-ml-1">True</b>' not in response.content.decode()


def test_empty_choice_of_a_select_is_swedish(client_chief, comment_a):
    html = client_chief.get(detail_url(comment_a)).content.decode()

    assert "- Select an option -" not in html
    assert "- Välj ett alternativ -" in html


def test_every_filled_gap_has_a_swedish_and_an_english_translation():
    for string in STRINGS:
        with translation.override("sv"):
            swedish = translation.gettext(string)
        with translation.override("en"):
            english = translation.gettext(string)
        assert swedish != string, string
        assert english == string, string


# -- Comment pages ----------------------------------------------------------------


def test_comment_page_title_quotes_the_first_words_and_names_the_article(
    client_a, article, principles
):
    comment = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        body="Busshållplatsen vid torget\nbehöver tak och bänkar, och mer ljus.",
    )

    response = client_a.get(detail_url(comment))

    title = "”Busshållplatsen vid torget behöver tak och…” om Den långsiktiga planen"
    assert response.context["header_title"] == title
    assert f"<title>{title} - Wagtail</title>" in response.content.decode()
    # The audit log's label stays free of comment text.
    assert str(comment) == f"Kommentar {comment.pk}"


def test_comment_page_title_is_english_in_english(client_a, moderator_a, comment_a):
    profile = UserProfile.get_for_user(moderator_a)
    profile.preferred_language = "en"
    profile.save()

    response = client_a.get(detail_url(comment_a))

    assert response.context["header_title"] == (
        "“Om samhörighet i byn.” on Den långsiktiga planen"
    )


# -- Principles nobody moderates ----------------------------------------------


def test_principle_without_an_active_group_member_counts_as_unmoderated(
    moderator_a, principles
):
    moderator_b = UserFactory(username="inactive", is_active=False)
    moderator_b.groups.add(principles[1].moderator_groups.get())
    lonely = PrincipleFactory(name="Ny princip", slug="ny")

    assert set(principles_without_moderators()) == {
        principles[1],
        principles[2],
        lonely,
    }


def test_dashboard_warns_an_administrator_of_principles_without_moderators(
    client_admin, moderator_a, article, principles
):
    ResidentCommentFactory(article=article, principle=principles[2])

    html = client_admin.get(DASHBOARD_URL).content.decode()

    assert "Principer utan moderator" in html
    assert f'data-principle="{principles[1].pk}"' in html
    assert "Stolthet</a>\n                    (1 kommentar väntar)" in html
    edit = reverse("wagtailsnippets_news_principle:edit", args=[principles[2].pk])
    assert f'href="{edit}"' in html


def test_dashboard_does_not_warn_when_every_principle_has_a_moderator(
    client_admin, moderator_a, moderator_b, principles
):
    moderator_c = UserFactory(username="moderator_c")
    moderator_c.groups.add(principles[2].moderator_groups.get())

    html = client_admin.get(DASHBOARD_URL).content.decode()

    assert "data-unmoderated-principles" not in html


def test_dashboard_warning_is_for_those_who_can_assign_moderators(
    client_a, client_editor, principles
):
    for client in (client_a, client_editor):
        html = client.get(DASHBOARD_URL).content.decode()
        assert "data-unmoderated-principles" not in html

    group = Group.objects.create(name="Principadministratörer")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_principle"),
    )
    admin_of_principles = UserFactory(username="principadmin")
    admin_of_principles.groups.add(group)
    client = Client()
    client.force_login(admin_of_principles)
    assert "data-unmoderated-principles" in client.get(DASHBOARD_URL).content.decode()


def test_principle_listing_names_groups_and_flags_principles_without_moderators(
    client_admin, moderator_a, principles
):
    principles[2].moderator_groups.clear()

    html = client_admin.get(PRINCIPLES_URL).content.decode()

    assert "Moderatorer: Samhörighet" in html
    assert html.count("data-no-moderator") == 2
    assert "Ingen aktiv medlem" in html  # Självständighet: a group, nobody in it
    assert "Ingen moderator" in html  # Stolthet: no group at all
    assert "har ingen moderatorgrupp med aktiva användare" in html
    names = [p.name for p in client_admin.get(PRINCIPLES_URL).context["object_list"]]
    assert names == ["Samhörighet", "Självständighet", "Stolthet"]


def test_principle_listing_query_count_does_not_grow_with_principles(
    client_admin, moderator_a, principles, django_assert_num_queries
):
    client_admin.get(PRINCIPLES_URL)  # warm caches

    with CaptureQueriesContext(connection) as few:
        client_admin.get(PRINCIPLES_URL)
    for number in range(10):
        principle = PrincipleFactory(name=f"Princip {number}", slug=f"p-{number}")
        principle.moderator_groups.add(Group.objects.create(name=f"Grupp {number}"))
    with django_assert_num_queries(len(few)):
        client_admin.get(PRINCIPLES_URL)
