"""The article page's comment form: each validation rule and its Swedish message."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.tasks.signals import task_enqueued
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from feedback.models import (
    CommentStatus,
    DiscussionSettings,
    EmailDelivery,
    ResidentComment,
)
from tests.factories import ArticlePageFactory, comment_form_data

pytestmark = pytest.mark.django_db


def post(client, article, data):
    return client.post(f"/kommentarer/artikel/{article.pk}/", data)


def assert_rejected_with(response, message, *, field=None):
    html = response.content.decode()
    assert response.status_code == 200
    assert escape(message) in html
    assert 'class="error-summary"' in html
    if field:
        assert f'href="#{field}"' in html
    assert not ResidentComment.objects.exists()
    assert mail.outbox == []


def test_article_page_shows_the_form_with_required_fields_explained(client, article):
    html = client.get(article.url).content.decode()

    assert "Fält markerade med * måste fyllas i." in html
    assert 'name="author_name"' in html and 'autocomplete="name"' in html
    assert 'name="author_email"' in html and 'autocomplete="email"' in html
    assert "Din e-postadress publiceras aldrig" in html
    for principle in ("Samhörighet", "Självständighet", "Stolthet"):
        assert principle in html
    assert html.count('type="radio" name="principle"') == 3


def test_privacy_notice_links_the_privacy_page(client, article, home_page):
    from news.models import StandardPage
    from portal.models import PortalSettings

    privacy = StandardPage(title="Personuppgifter", slug="personuppgifter")
    home_page.add_child(instance=privacy)
    settings = PortalSettings.for_site(home_page.get_site())
    settings.privacy_page = privacy
    settings.save()

    html = client.get(article.url).content.decode()

    form_html = html[html.index('id="comment-form"') :]
    assert 'href="/personuppgifter/"' in form_html


RECEIVED = "?kommentar=skickad#kommentar-skickad"


def test_valid_comment_redirects_to_the_received_notice_without_a_cookie(
    client, article, principles
):
    response = post(client, article, comment_form_data(principles[1]))

    assert response.status_code == 302
    assert response["Location"] == article.url + RECEIVED
    assert not response.cookies  # no message cookie, no session
    comment = ResidentComment.objects.get()
    assert comment.status == CommentStatus.UNVERIFIED
    assert comment.principle == principles[1]


def test_a_comment_enqueues_one_task_its_verification_mail(client, article, principles):
    # The admin's URLs register their viewsets (EmailDelivery's listing among
    # them) with Wagtail's reference index, as in a running site.
    reverse("wagtailadmin_home")
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append(task_result.task.module_path)

    task_enqueued.connect(record)
    try:
        response = post(client, article, comment_form_data(principles[0]))
    finally:
        task_enqueued.disconnect(record)

    assert response.status_code == 302
    assert enqueued == ["feedback.tasks.send_delivery"]
    assert EmailDelivery.objects.count() == 1


def test_received_notice_says_what_happens_next_with_the_link_expiry(client, article):
    discussion = DiscussionSettings.for_site(article.get_site())
    discussion.verification_expiry_hours = 24
    discussion.save()

    html = client.get(article.url + "?kommentar=skickad").content.decode()

    notice = html[html.index('id="kommentar-skickad"') :]
    notice = notice[: notice.index("</div>")]
    assert 'role="alert" tabindex="-1"' in notice
    assert "Tack! Nu behöver du bekräfta kommentaren" in notice
    assert "Vi har skickat en länk till e-postadressen du angav" in notice
    assert "Öppna länken inom 24 timmar" in notice
    assert "Sedan läser en moderator kommentaren" in notice
    # It comes before the form, where the browser lands.
    assert html.index('id="kommentar-skickad"') < html.index('id="comment-form"')


def test_received_notice_is_the_same_for_every_resident(client, article, principles):
    post(client, article, comment_form_data(principles[0]))
    after_sending = client.get(article.url + "?kommentar=skickad").content.decode()

    from django.test import Client

    stranger = Client().get(article.url + "?kommentar=skickad").content.decode()

    def notice(html):
        start = html.index('id="kommentar-skickad"')
        return html[start : html.index("</div>", start)]

    assert notice(after_sending) == notice(stranger)
    assert "anna@example.se" not in after_sending
    assert "Anna Andersson" not in after_sending


def test_article_without_the_parameter_has_no_received_notice(client, article):
    html = client.get(article.url).content.decode()

    assert 'id="kommentar-skickad"' not in html


def test_closed_article_shows_no_received_notice(client, article):
    article.comments_open = False
    article.save_revision().publish()

    html = client.get(article.url + "?kommentar=skickad").content.decode()

    assert 'id="kommentar-skickad"' not in html


@pytest.mark.parametrize(
    ("field", "value", "message", "anchor"),
    [
        ("author_name", "", "Skriv ditt namn.", "id_author_name"),
        ("author_name", "   \t ", "Skriv ditt namn.", "id_author_name"),
        (
            "author_name",
            "N" * 101,
            "Namnet får vara högst 100 tecken.",
            "id_author_name",
        ),
        ("author_email", "", "Skriv din e-postadress.", "id_author_email"),
        (
            "author_email",
            "inte-en-adress",
            "Skriv en giltig e-postadress, till exempel namn@exempel.se.",
            "id_author_email",
        ),
        (
            "author_email",
            "a" * 64 + "@" + ".".join(["b" * 46] * 4) + ".se",
            "E-postadressen får vara högst 254 tecken.",
            "id_author_email",
        ),
        ("body", "", "Skriv din kommentar.", "id_body"),
        ("body", " \n\n \t ", "Skriv din kommentar.", "id_body"),
        (
            "body",
            "x" * 5001,
            "Kommentaren får vara högst 5\xa0000 tecken. Den är nu 5\xa0001 tecken.",
            "id_body",
        ),
        ("principle", "", "Välj vilken princip kommentaren gäller.", "id_principle_0"),
        ("principle", "999999", "Välj en av principerna i listan.", "id_principle_0"),
        ("principle", "abc", "Välj en av principerna i listan.", "id_principle_0"),
    ],
)
def test_invalid_field_gets_its_swedish_message(
    client, article, principles, field, value, message, anchor
):
    response = post(client, article, comment_form_data(principles[0], **{field: value}))

    assert_rejected_with(response, message, field=anchor)


@pytest.mark.parametrize("field", ["author_name", "author_email", "body"])
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\u202e"])
def test_control_characters_are_a_form_error_not_a_500(
    client, article, principles, field, char
):
    data = comment_form_data(principles[0])
    data[field] = data[field][:5] + char + data[field][5:]

    response = post(client, article, data)

    assert_rejected_with(
        response,
        "Texten innehåller otillåtna tecken (styrtecken). Ta bort dem och försök igen.",
        field=f"id_{field}",
    )


def test_nul_in_the_principle_is_an_invalid_choice(client, article, principles):
    response = post(
        client, article, comment_form_data(principles[0], principle="1\x00")
    )

    assert_rejected_with(response, "Välj en av principerna i listan.")


def test_line_breaks_and_tabs_are_allowed_in_the_comment(client, article, principles):
    body = "Första stycket.\r\n\r\n\tAndra stycket."

    response = post(client, article, comment_form_data(principles[0], body=body))

    assert response.status_code == 302
    assert ResidentComment.objects.get().body == body


def test_length_limit_is_written_with_a_swedish_thousands_space(client, article):
    html = client.get(article.url).content.decode()

    assert "Högst 5\xa0000 tecken." in html


def test_length_limit_is_written_the_english_way_in_english(client, article):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(article.url).content.decode()

    assert "No more than 5,000 characters." in html


def test_comment_length_limit_is_a_setting(client, article, principles, settings):
    settings.FEEDBACK_COMMENT_MAX_LENGTH = 20

    response = post(client, article, comment_form_data(principles[0], body="x" * 21))

    assert_rejected_with(
        response, "Kommentaren får vara högst 20 tecken. Den är nu 21 tecken."
    )


def test_principle_that_is_not_live_cannot_be_chosen(client, article, principles):
    principles[2].is_live = False
    principles[2].save()

    response = post(client, article, comment_form_data(principles[2]))

    assert_rejected_with(response, "Välj en av principerna i listan.")
    assert "Stolthet" not in response.content.decode().split('id="comment-form"')[1]


def test_typed_values_are_kept_after_an_error(client, article, principles):
    data = comment_form_data(
        principles[1], author_email="fel", body="Min långa <text> & tankar"
    )

    html = post(client, article, data).content.decode()

    assert 'value="Anna Andersson"' in html
    assert 'value="fel"' in html
    assert "Min långa &lt;text&gt; &amp; tankar</textarea>" in html
    chosen = f'value="{principles[1].pk}" id="id_principle_1" required checked'
    assert chosen in html


def test_page_title_says_error_when_the_form_has_errors(client, article, principles):
    html = post(
        client, article, comment_form_data(principles[0], body="")
    ).content.decode()

    assert "<title>Fel: Den långsiktiga planen – Kommunen</title>" in html


def test_page_title_has_no_error_prefix_without_errors(client, article):
    html = client.get(article.url).content.decode()

    assert "<title>Den långsiktiga planen – Kommunen</title>" in html


def test_error_is_linked_to_its_field(client, article, principles):
    html = post(
        client, article, comment_form_data(principles[0], author_email="")
    ).content.decode()

    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_author_email_helptext id_author_email_error"' in html
    assert 'id="id_author_email_error"' in html
    assert 'id="comment-errors" tabindex="-1" autofocus' in html


def test_missing_principle_error_is_described_on_the_fieldset(
    client, article, principles
):
    html = post(
        client, article, comment_form_data(principles[0], principle="")
    ).content.decode()

    assert (
        '<fieldset aria-describedby="id_principle_helptext id_principle_error">' in html
    )


def test_fields_a_client_adds_are_ignored(client, article, principles):
    data = comment_form_data(
        principles[0],
        status="approved",
        approved="1",
        ip="1.2.3.4",
        ip_hash="x",
        email_hash="y",
        link_count="0",
        article=str(article.pk + 1),
    )

    post(client, article, data)

    comment = ResidentComment.objects.get()
    assert comment.status == CommentStatus.UNVERIFIED
    assert comment.article_id == article.pk
    assert comment.ip_hash not in ("", "x")
    assert comment.email_hash != "y"


def test_closed_article_shows_no_form_and_refuses_posts(client, article, principles):
    article.comments_open = False
    article.save_revision().publish()

    html = client.get(article.url).content.decode()
    response = post(client, article, comment_form_data(principles[0]))

    assert 'id="comment-form"' not in html
    assert "Kommentarerna är stängda för den här artikeln." in html
    assert response.status_code == 200
    assert not ResidentComment.objects.exists()


@pytest.mark.clock_sensitive
def test_article_past_its_closing_date_refuses_comments(client, article, principles):
    article.comments_close_at = timezone.now() - timedelta(minutes=1)
    article.save_revision().publish()

    response = post(client, article, comment_form_data(principles[0]))

    assert not ResidentComment.objects.exists()
    assert "Kommentarerna är stängda för den här artikeln." in (
        response.content.decode()
    )


@pytest.mark.clock_sensitive
def test_site_wide_closing_rule_applies(client, article, principles):
    discussion = DiscussionSettings.for_site(article.get_site())
    discussion.close_after_days = 1
    discussion.save()
    type(article).objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=2)
    )

    post(client, article, comment_form_data(principles[0]))

    assert not ResidentComment.objects.exists()


def test_unpublished_article_cannot_be_commented(client, article, principles):
    article.unpublish()

    response = post(client, article, comment_form_data(principles[0]))

    assert response.status_code == 404
    assert not ResidentComment.objects.exists()


def test_get_on_the_post_url_is_not_allowed(client, article):
    assert client.get(f"/kommentarer/artikel/{article.pk}/").status_code == 405


def test_csrf_is_enforced_on_the_form(article, principles):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = post(client, article, comment_form_data(principles[0]))

    assert response.status_code == 403
    assert not ResidentComment.objects.exists()


# --- the principles an article offers ---------------------------------------


def radio_labels(html):
    form = html[html.index('id="comment-form"') :]
    return re.findall(r'<span(?: lang="sv")?>([^<]+)</span></label>', form)


def test_article_tagged_with_principles_offers_only_those(
    client, news_index, principles
):
    tagged = ArticlePageFactory(parent=news_index, principles=principles[1:])

    html = client.get(tagged.url).content.decode()

    assert radio_labels(html) == ["Självständighet", "Stolthet"]


def test_article_with_one_principle_offers_it_already_chosen(
    client, news_index, principles
):
    tagged = ArticlePageFactory(parent=news_index, principles=[principles[2]])

    html = client.get(tagged.url).content.decode()

    assert radio_labels(html) == ["Stolthet"]
    assert f'value="{principles[2].pk}" id="id_principle_0" required checked' in html


def test_article_without_principles_offers_every_live_one(
    client, news_index, principles
):
    principles[0].is_live = False
    principles[0].save()
    untagged = ArticlePageFactory(parent=news_index, principles=[])

    html = client.get(untagged.url).content.decode()

    assert radio_labels(html) == ["Självständighet", "Stolthet"]


def test_a_principle_the_article_does_not_offer_is_refused(
    client, news_index, principles
):
    tagged = ArticlePageFactory(parent=news_index, principles=[principles[0]])

    response = post(client, tagged, comment_form_data(principles[2]))

    assert_rejected_with(
        response, "Välj en av principerna i listan.", field="id_principle_0"
    )


def test_the_service_refuses_a_principle_the_article_does_not_offer(
    news_index, principles
):
    from feedback.services.submission import PrincipleNotLiveError, comment_submit

    tagged = ArticlePageFactory(parent=news_index, principles=[principles[0]])

    with pytest.raises(PrincipleNotLiveError):
        comment_submit(
            article=tagged,
            principle=principles[1],
            author_name="Anna",
            author_email="anna@example.se",
            body="Text",
            ip="192.0.2.1",
        )
    assert not ResidentComment.objects.exists()
