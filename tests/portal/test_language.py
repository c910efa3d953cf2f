import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_site_is_swedish_whatever_the_browser_prefers(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html
    assert response["Content-Language"] == "sv"


def test_language_switch_sets_the_cookie_and_returns_to_the_page(client, home_page):
    response = client.get("/sprak/en/", {"next": "/nyheter/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/nyheter/?page=2"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-store" in response["Cache-Control"]


def test_language_switch_refuses_to_send_people_elsewhere(client, home_page):
    response = client.get("/sprak/en/", {"next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_language_switch_knows_only_our_languages(client, home_page):
    response = client.get("/sprak/de/", {"next": "/"})

    assert response.status_code == 404
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_footer_links_each_language_and_marks_the_current_one(client, home_page):
    html = client.get("/nyheter/?page=2").content.decode()

    assert (
        '<a href="/sprak/sv/?next=/nyheter/%3Fpage%3D2" lang="sv" hreflang="sv"'
        ' aria-current="true">Svenska</a>'
    ) in html
    assert (
        '<a href="/sprak/en/?next=/nyheter/%3Fpage%3D2" lang="en" hreflang="en">'
        "English</a>"
    ) in html
    assert "csrfmiddlewaretoken" not in html


def test_english_chosen_with_the_link_shows_the_english_interface(client, home_page):
    client.get("/sprak/en/", {"next": "/"})

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert 'hreflang="en" aria-current="true">English</a>' in html


def test_chosen_english_shows_the_english_interface(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Hoppa till innehållet" not in html


def test_unknown_language_cookie_falls_back_to_swedish(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    assert '<html lang="sv">' in client.get("/").content.decode()


def test_admin_makes_no_gravatar_request(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "gravatar" not in html


# --- Swedish content under the English interface (WCAG 3.1.2) -----------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def commented_article(article, principles):
    from feedback.models import CommentStatus
    from tests.factories import ResidentCommentFactory

    ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.APPROVED,
        body="Bra att planen tar upp tryggheten.",
    )
    return article


def test_english_article_page_marks_the_swedish_content(english, commented_article):
    html = english.get(commented_article.url).content.decode()

    assert '<html lang="en">' in html
    assert '<title lang="sv">Den långsiktiga planen – Kommunen</title>' in html
    assert '<h1 id="article-title" lang="sv">Den långsiktiga planen</h1>' in html
    assert '<p class="lead" lang="sv">' in html
    assert '<div class="article__body" lang="sv">' in html
    assert '<div class="comment__body" dir="auto" lang="sv">' in html
    assert 'lang="sv">Samhörighet</a>' in html  # the comment's principle
    assert '<span lang="sv">Självständighet</span></label>' in html  # the form
    assert "Write a comment" in html  # while the interface is English


def test_english_home_page_marks_title_vision_and_principles(
    english, commented_article, home_page
):
    from portal.models import PortalSettings

    portal = PortalSettings.for_site(home_page.get_site())
    portal.vision = "Tillsammans skapar vi trygghet"
    portal.save()

    html = english.get("/").content.decode()

    assert '<h1 id="home-title" lang="sv">' in html
    assert '<span lang="sv">Tillsammans skapar vi trygghet</span>' in html
    assert '<li class="principle-list__item" lang="sv">' in html
    assert '<h3 class="card__title" lang="sv">' in html


def test_english_principle_page_marks_the_principle(english, commented_article):
    html = english.get("/principer/samhorighet/").content.decode()

    assert '<title lang="sv">Samhörighet – Kommunen</title>' in html
    assert '<h1 lang="sv">Samhörighet</h1>' in html


def test_translated_page_titles_are_not_marked_swedish(english, home_page):
    html = english.get("/sok/").content.decode()

    assert "<title>Search – Kommunen</title>" in html


def test_article_title_inside_an_english_sentence_is_marked(
    english, article, principles
):
    from feedback.models import CommentStatus
    from feedback.tokens import new_token_fields, verification_token
    from tests.factories import ResidentCommentFactory

    comment = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.UNVERIFIED,
        **new_token_fields(),
    )

    html = english.get(
        f"/kommentarer/bekrafta/{verification_token(comment)}/"
    ).content.decode()

    assert '“<span lang="sv">Den långsiktiga planen</span>”' in html


def test_swedish_interface_adds_no_lang_to_content(client, commented_article):
    html = client.get(commented_article.url).content.decode()

    assert '<h1 id="article-title">Den långsiktiga planen</h1>' in html
    assert '<div class="comment__body" dir="auto">' in html
    assert "<title>Den långsiktiga planen – Kommunen</title>" in html
