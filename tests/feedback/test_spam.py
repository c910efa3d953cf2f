"""Spam defence: honeypot, fill time, word lists, links and reCAPTCHA."""

import time
from unittest import mock
from urllib.error import HTTPError, URLError

import pytest
from django.core import mail
from django_recaptcha.client import RecaptchaResponse

from feedback import spam
from feedback.models import CommentStatus, DiscussionSettings, ResidentComment
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db


def post(client, article, data):
    return client.post(f"/kommentarer/artikel/{article.pk}/", data)


def discussion_for(article, **values):
    discussion = DiscussionSettings.for_site(article.get_site())
    for name, value in values.items():
        setattr(discussion, name, value)
    discussion.save()
    return discussion


# --- quiet checks ---------------------------------------------------------------


def test_filled_honeypot_looks_like_success_and_stores_nothing(
    client, article, principles
):
    honest = post(client, article, comment_form_data(principles[0]))
    ResidentComment.objects.all().delete()
    mail.outbox.clear()

    bot = post(client, article, comment_form_data(principles[0], webbplats="x.se"))

    assert bot.status_code == honest.status_code == 302
    assert bot["Location"] == honest["Location"]
    assert not ResidentComment.objects.exists()
    assert mail.outbox == []


def test_honeypot_is_hidden_from_people_and_assistive_technology(client, article):
    html = client.get(article.url).content.decode()

    trap = html[html.rindex("<div", 0, html.index('name="webbplats"')) :]
    trap = trap[: trap.index("</div>")]
    assert 'aria-hidden="true"' in trap
    assert 'class="visually-hidden"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_too_fast_submission_looks_like_success_and_stores_nothing(
    client, article, principles
):
    data = comment_form_data(principles[0], started=spam.sign_started_at())

    response = post(client, article, data)

    assert response.status_code == 302
    assert not ResidentComment.objects.exists()


@pytest.mark.parametrize("started", ["", "12345", "MTc5:bogus:signature"])
def test_missing_or_forged_timestamp_is_quiet_spam(
    client, article, principles, started
):
    response = post(client, article, comment_form_data(principles[0], started=started))

    assert response.status_code == 302
    assert not ResidentComment.objects.exists()


def test_minimum_fill_time_is_a_setting(settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 10
    signed = spam.sign_started_at(time.time() - 5)

    assert spam.fill_time(signed) is spam.FillTime.TOO_FAST
    settings.FEEDBACK_MIN_FILL_SECONDS = 4
    assert spam.fill_time(signed) is spam.FillTime.OK


def test_retry_stamp_has_its_own_minimum_and_outcome(settings):
    settings.FEEDBACK_MIN_FILL_SECONDS = 10
    settings.FEEDBACK_RETRY_MIN_FILL_SECONDS = 2
    now = time.time()
    retry = spam.sign_started_at(now - 1, retry=True)

    assert spam.fill_time(retry, now=now) is spam.FillTime.RETRY_TOO_FAST
    assert spam.fill_time(retry, now=now + 2) is spam.FillTime.OK
    # The same time stamped for the form itself is still far too fast.
    form = spam.sign_started_at(now - 1)
    assert spam.fill_time(form, now=now + 2) is spam.FillTime.TOO_FAST


# --- words and links -------------------------------------------------------------


def test_blocked_word_makes_the_comment_spam_without_email(client, article, principles):
    discussion_for(article, blocked_words="köp billigt\nkasino")

    response = post(
        client,
        article,
        comment_form_data(principles[0], body="Besök vårt KASINO i dag!"),
    )

    assert response.status_code == 302
    comment = ResidentComment.objects.get()
    assert comment.status == CommentStatus.SPAM
    assert mail.outbox == []


def test_blocked_word_in_the_name_counts_too(client, article, principles):
    discussion_for(article, blocked_words="kasino")

    post(client, article, comment_form_data(principles[0], author_name="Kasino Kalle"))

    assert ResidentComment.objects.get().status == CommentStatus.SPAM


def test_suspect_words_are_flagged_for_moderators(client, article, principles):
    discussion_for(article, suspect_words="idiot\nfuskar")

    post(
        client,
        article,
        comment_form_data(principles[0], body="Politikerna FUSKAR med budgeten."),
    )

    comment = ResidentComment.objects.get()
    assert comment.status == CommentStatus.UNVERIFIED
    assert comment.suspect_words == ["fuskar"]
    assert len(mail.outbox) == 1


def test_words_match_whole_words_only():
    assert spam.find_words("Jag bor i Essex", ["sex"]) == []
    assert spam.find_words("Sex timmar senare", ["sex"]) == ["sex"]
    assert spam.find_words("köp billigt nu", ["köp billigt"]) == ["köp billigt"]


def test_links_are_counted_for_moderators(client, article, principles):
    body = "Se https://a.se/x och http://b.se samt www.c.se och enkoping.se/plan."

    post(client, article, comment_form_data(principles[0], body=body))

    assert ResidentComment.objects.get().link_count == 4


def test_no_links_no_flag():
    assert spam.count_links("Ingen länk här, bara text. Slut.") == 0


def test_too_many_links_keep_a_trusted_address_in_moderation(article, principles):
    from feedback.policy import should_auto_approve
    from tests.factories import ResidentCommentFactory

    discussion = discussion_for(article, auto_approve_after=1, max_links=2)
    ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.APPROVED,
        author_email="trogen@example.se",
    )
    linky = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.PENDING,
        author_email="trogen@example.se",
        link_count=3,
    )
    plain = ResidentCommentFactory(
        article=article,
        principle=principles[0],
        status=CommentStatus.PENDING,
        author_email="trogen@example.se",
        link_count=2,
    )

    assert not should_auto_approve(linky, discussion)
    assert should_auto_approve(plain, discussion)


# --- reCAPTCHA ---------------------------------------------------------------------

GOOGLE = "django_recaptcha.client.submit"


@pytest.fixture
def recaptcha_keys(settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-test-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-test-key"


def with_captcha(principle, **overrides):
    return comment_form_data(
        principle, **{"g-recaptcha-response": "token", **overrides}
    )


def test_without_keys_there_is_no_captcha_and_no_google(client, article, settings):
    settings.RECAPTCHA_PUBLIC_KEY = ""
    settings.RECAPTCHA_PRIVATE_KEY = ""

    response = client.get(article.url)

    assert "recaptcha" not in response.content.decode()
    assert "google" not in response["Content-Security-Policy"]


def test_with_keys_the_script_loads_only_on_pages_with_the_form(
    client, article, recaptcha_keys
):
    page = client.get(article.url)
    home = client.get("/")

    html = page.content.decode()
    assert 'src="https://www.google.com/recaptcha/api.js?hl=sv"' in html
    assert 'class="g-recaptcha"' in html and 'data-sitekey="public-test-key"' in html
    csp = page["Content-Security-Policy"]
    assert "https://www.google.com" in csp and "https://www.gstatic.com" in csp
    assert "frame-src" in csp
    assert "recaptcha" not in home.content.decode()
    assert "google" not in home["Content-Security-Policy"]


def test_closed_article_loads_no_captcha(client, article, recaptcha_keys):
    article.comments_open = False
    article.save_revision().publish()

    response = client.get(article.url)

    assert "recaptcha" not in response.content.decode()
    assert "google" not in response["Content-Security-Policy"]


def test_passing_captcha_stores_the_comment(
    client, article, principles, recaptcha_keys
):
    with mock.patch(GOOGLE, return_value=RecaptchaResponse(is_valid=True)) as google:
        response = post(client, article, with_captcha(principles[0]))

    assert response.status_code == 302
    assert ResidentComment.objects.count() == 1
    assert google.call_args.kwargs["private_key"] == "private-test-key"
    assert google.call_args.kwargs["recaptcha_response"] == "token"


def test_unticked_captcha_is_a_swedish_form_error(
    client, article, principles, recaptcha_keys
):
    with mock.patch(GOOGLE) as google:
        response = post(client, article, comment_form_data(principles[0]))

    assert "Bekräfta att du inte är en robot." in response.content.decode()
    google.assert_not_called()
    assert not ResidentComment.objects.exists()


def test_failed_captcha_keeps_the_input(client, article, principles, recaptcha_keys):
    with mock.patch(GOOGLE, return_value=RecaptchaResponse(is_valid=False)):
        response = post(client, article, with_captcha(principles[0]))

    html = response.content.decode()
    assert "Vi kunde inte bekräfta att du inte är en robot. Försök igen." in html
    assert "Bra att planen tar upp trygghet i skolan.</textarea>" in html
    assert "google.com" in response["Content-Security-Policy"]
    assert not ResidentComment.objects.exists()


@pytest.mark.parametrize(
    "failure",
    [
        URLError("Name or service not known"),
        URLError(TimeoutError("timed out")),
        TimeoutError("timed out"),
        HTTPError("https://www.google.com", 503, "Unavailable", {}, None),
        ValueError("garbled JSON"),
    ],
)
def test_google_unreachable_slow_or_erroring_is_a_clear_error_not_a_500(
    client, article, principles, recaptcha_keys, failure
):
    with mock.patch(GOOGLE, side_effect=failure):
        response = post(client, article, with_captcha(principles[0]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kontrollen mot robotar svarar inte just nu." in html
    assert 'value="Anna Andersson"' in html
    assert "Bra att planen tar upp trygghet i skolan.</textarea>" in html
    assert not ResidentComment.objects.exists()


def test_v3_score_is_kept_for_moderators(client, article, principles, settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-test-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-test-key"
    settings.FEEDBACK_RECAPTCHA_VERSION = "v3"
    answer = RecaptchaResponse(
        is_valid=True, action="comment", extra_data={"score": 0.9}
    )

    with mock.patch(GOOGLE, return_value=answer):
        post(client, article, comment_form_data(principles[0], captcha="token"))

    assert ResidentComment.objects.get().recaptcha_score == 0.9


def test_v3_low_score_is_refused(client, article, principles, settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-test-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-test-key"
    settings.FEEDBACK_RECAPTCHA_VERSION = "v3"
    settings.FEEDBACK_RECAPTCHA_MIN_SCORE = 0.5
    answer = RecaptchaResponse(
        is_valid=True, action="comment", extra_data={"score": 0.1}
    )

    with mock.patch(GOOGLE, return_value=answer):
        response = post(client, article, comment_form_data(principles[0], captcha="t"))

    assert "Vi kunde inte bekräfta att du inte är en robot." in (
        response.content.decode()
    )
    assert not ResidentComment.objects.exists()


def test_v3_page_loads_the_render_script_with_a_nonce(client, article, settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-test-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-test-key"
    settings.FEEDBACK_RECAPTCHA_VERSION = "v3"

    response = client.get(article.url)

    html = response.content.decode()
    assert "recaptcha/api.js?render=public-test-key" in html
    assert 'type="hidden" name="captcha"' in html
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html
