"""An editor's day in the Wagtail admin: create, preview, schedule, publish.

The editor is a member of Wagtail's "Editors" group on the demo site, as the
demo editor of `make run` is; the demo content gives that group the right to
publish.
"""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    rich_text,
    streamfield,
)

from news.models import ArticlePage, NewsIndexPage, Principle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index():
    call_command("load_demo_content", stdout=io.StringIO())
    return NewsIndexPage.objects.get(slug="nyheter")


@pytest.fixture
def editor_client(client):
    editor = UserFactory(username="redaktor", first_name="Redaktör")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def article_form(**overrides):
    data = {
        "title": "Ny lekplats i stadsparken",
        "slug": "ny-lekplats",
        "lead": "Lekplatsen byggs om under våren.",
        "body": streamfield(
            [
                ("paragraph", rich_text("<p>Arbetet börjar i mars.</p>")),
                ("heading", {"text": "Vad händer sedan?", "level": "h2"}),
            ]
        ),
        "comments_open": "on",
    }
    data.update(overrides)
    form = nested_form_data(data)
    # A multiple-choice field posts one value per box; nested_form_data would
    # number a list as principles-0, principles-1.
    form["principles"] = [Principle.objects.get(slug="samhorighet").pk]
    return form


def without_block_keys(html):
    # Draftail gives every rich-text block a random key; it is not content.
    return re.sub(r' data-block-key="[^"]*"', "", html)


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", parent.pk))


def test_editor_creates_a_draft_article_in_the_admin(editor_client, news_index):
    response = editor_client.post(add_url(news_index), article_form())

    article = ArticlePage.objects.get(slug="ny-lekplats")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert article.get_parent().pk == news_index.pk
    assert article.live is False
    assert article.owner.username == "redaktor"
    # A draft's content lives in its revision until it is published.
    draft = article.get_latest_revision_as_object()
    assert draft.lead == "Lekplatsen byggs om under våren."
    assert [block.block_type for block in draft.body] == ["paragraph", "heading"]
    assert without_block_keys(draft.body[0].value.source) == (
        "<p>Arbetet börjar i mars.</p>"
    )
    assert [principle.slug for principle in draft.principles.all()] == ["samhorighet"]
    assert editor_client.get("/nyheter/ny-lekplats/").status_code == 404


def test_editor_previews_an_unsaved_article(editor_client, news_index):
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("news", "articlepage", news_index.pk),
    )

    validation = editor_client.post(preview_url, article_form())
    preview = editor_client.get(preview_url)

    assert validation.json() == {"is_valid": True, "is_available": True}
    assert preview.status_code == 200
    html = without_block_keys(preview.content.decode())
    assert '<h1 id="article-title">Ny lekplats i stadsparken</h1>' in html
    assert "<p>Arbetet börjar i mars.</p>" in html
    assert "<h2>Vad händer sedan?</h2>" in html
    assert not ArticlePage.objects.filter(slug="ny-lekplats").exists()


def test_editor_publishes_an_article_from_the_admin(editor_client, news_index):
    response = editor_client.post(
        add_url(news_index), article_form(**{"action-publish": "action-publish"})
    )

    article = ArticlePage.objects.get(slug="ny-lekplats")
    assert response.status_code == 302
    assert article.live is True
    assert article.has_unpublished_changes is False
    assert article.first_published_at is not None
    assert list(article.principles.values_list("slug", flat=True)) == ["samhorighet"]
    public = editor_client.get("/nyheter/ny-lekplats/")
    assert public.status_code == 200
    assert "<p>Arbetet börjar i mars.</p>" in without_block_keys(
        public.content.decode()
    )


def test_editor_publishes_a_saved_draft_from_the_edit_view(editor_client, news_index):
    editor_client.post(add_url(news_index), article_form())
    article = ArticlePage.objects.get(slug="ny-lekplats")

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        article_form(lead="Nu med datum.", **{"action-publish": "action-publish"}),
    )

    article.refresh_from_db()
    assert response.status_code == 302
    assert article.live is True
    assert article.lead == "Nu med datum."


@pytest.mark.clock_sensitive
def test_scheduled_article_goes_live_when_publish_scheduled_runs_after_its_time(
    editor_client, news_index, time_machine
):
    # Three hours ahead on the wall clock: past midnight, a daylight-saving
    # change or the new year when the clock is set to one (--frozen-clocks).
    go_live_at = (timezone.localtime() + timedelta(hours=3)).replace(
        second=0, microsecond=0
    )
    editor_client.post(
        add_url(news_index),
        article_form(
            go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "action-publish"},
        ),
    )
    article = ArticlePage.objects.get(slug="ny-lekplats")
    assert article.live is False
    assert article.scheduled_revision.approved_go_live_at == go_live_at

    call_command("publish_scheduled", stdout=io.StringIO())
    assert Page.objects.get(pk=article.pk).live is False

    due = go_live_at + timedelta(minutes=1)
    time_machine.move_to(due, tick=False)
    call_command("publish_scheduled", stdout=io.StringIO())

    article.refresh_from_db()
    assert article.live is True
    assert article.first_published_at == due
    assert editor_client.get("/nyheter/ny-lekplats/").status_code == 200


def test_admin_slug_script_transliterates_instead_of_keeping_unicode(
    editor_client, news_index
):
    html = editor_client.get(add_url(news_index)).content.decode()

    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group()
    # Wagtail's slug controller keeps unicode only when told to.
    assert 'data-controller="w-slug"' in slug_input
    assert "allow-unicode" not in slug_input


def test_admin_turns_a_typed_swedish_slug_into_ascii(editor_client, news_index):
    response = editor_client.post(
        add_url(news_index), article_form(slug="nytt-gång-och-cykelstråk")
    )

    article = ArticlePage.objects.get(title="Ny lekplats i stadsparken")
    assert response.status_code == 302
    assert article.slug == "nytt-gang-och-cykelstrak"


def test_admin_reports_a_taken_slug_after_transliteration(editor_client, news_index):
    editor_client.post(add_url(news_index), article_form(slug="oppet-hus"))

    response = editor_client.post(
        add_url(news_index), article_form(title="Ett till", slug="öppet-hus")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["slug"]
    assert ArticlePage.objects.filter(slug__startswith="oppet-hus").count() == 1


def test_admin_creates_the_article_at_its_ascii_address(editor_client, news_index):
    editor_client.post(
        add_url(news_index),
        article_form(
            title="Nytt gång- och cykelstråk över ån",
            slug="nytt-gang-och-cykelstrak-over-an",
            **{"action-publish": "action-publish"},
        ),
    )

    article = ArticlePage.objects.get(title="Nytt gång- och cykelstråk över ån")
    assert article.url == "/nyheter/nytt-gang-och-cykelstrak-over-an/"
    assert editor_client.get(article.url).status_code == 200


def test_page_made_without_a_slug_gets_the_title_in_ascii(news_index):
    article = ArticlePage(
        title="Gång- och cykelväg över ån – Ærøs straße",
        lead="Ingress.",
    )

    news_index.add_child(instance=article)

    assert article.slug == "gang-och-cykelvag-over-an-aeros-strasse"


def test_a_second_page_with_the_same_title_gets_a_free_ascii_slug(news_index):
    first = ArticlePage(title="Öppet hus på Kompassen", lead="Ingress.")
    second = ArticlePage(title="Öppet hus på Kompassen", lead="Ingress.")

    news_index.add_child(instance=first)
    news_index.add_child(instance=second)

    assert (first.slug, second.slug) == (
        "oppet-hus-pa-kompassen",
        "oppet-hus-pa-kompassen-2",
    )
