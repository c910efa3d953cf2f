"""Approved comments on the article and principle pages: order, safety, speed."""

import logging
import re
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from feedback.fragments import forget_article
from feedback.models import CommentStatus, OfficialReply, ResidentComment
from feedback.sanitize import render_plain_text
from news.listings import forget_listings
from tests.factories import (
    ArticlePageFactory,
    ResidentCommentFactory,
    UserFactory,
    comment_form_data,
)

pytestmark = pytest.mark.django_db
S = CommentStatus


def approved(article, principle, **kwargs):
    return ResidentCommentFactory(
        article=article, principle=principle, status=S.APPROVED, **kwargs
    )


def comments_html(html: str) -> str:
    return html[html.index('id="kommentarer"') :]


# --- what is shown ----------------------------------------------------------


def test_only_approved_comments_are_public(client, article, principles):
    for status in S.values:
        ResidentCommentFactory(
            article=article,
            principle=principles[0],
            status=status,
            body=f"Text med status {status}",
        )

    article_html = client.get(article.url).content.decode()
    principle_html = client.get("/principer/samhorighet/").content.decode()

    for html in (article_html, principle_html):
        assert "Text med status approved" in html
        for status in set(S.values) - {"approved"}:
            assert f"Text med status {status}" not in html


@pytest.mark.clock_sensitive
def test_article_lists_comments_oldest_first_with_name_date_principle(
    client, article, principles
):
    now = timezone.now()
    approved(article, principles[1], body="Andra", author_name="Bo")
    approved(article, principles[0], body="Första", author_name="Ada")
    type(article.resident_comments.first()).objects.filter(body="Första").update(
        created_at=now - timedelta(days=2)
    )

    html = comments_html(client.get(article.url).content.decode())

    assert "2 kommentarer" in html
    assert html.index("Första") < html.index("Andra")
    first = html[html.index("Ada") : html.index("Andra")]
    assert "Samhörighet" in first
    assert re.search(r'<time datetime="[^"]+">\d{1,2} \w+ \d{4}</time>', first)


@pytest.mark.parametrize(
    ("count", "heading"), [(0, "0 kommentarer"), (1, "1 kommentar<")]
)
def test_heading_counts_comments(client, article, principles, count, heading):
    for _ in range(count):
        approved(article, principles[0])

    assert heading in client.get(article.url).content.decode()


def test_article_comments_paginate_past_fifty(client, article, principles):
    now = timezone.now()
    for number in range(51):
        comment = approved(
            article, principles[0], body=f"Kommentar nummer {number:02d}"
        )
        type(comment).objects.filter(pk=comment.pk).update(
            created_at=now - timedelta(minutes=100 - number)
        )

    first = client.get(article.url).content.decode()
    second = client.get(article.url, {"page": 2}).content.decode()
    bogus = client.get(article.url, {"page": "x"})

    assert "51 kommentarer" in first
    assert "Kommentar nummer 49" in first and "Kommentar nummer 50" not in first
    assert "Kommentar nummer 50" in second and "Kommentar nummer 00" not in second
    assert 'href="?page=2#kommentarer"' in first
    assert bogus.status_code == 200


def test_page_size_is_a_setting(client, article, principles, settings):
    settings.FEEDBACK_COMMENTS_PER_PAGE = 2
    for _ in range(3):
        approved(article, principles[0])

    assert "Sida 1 av 2" in client.get(article.url).content.decode()


@pytest.mark.clock_sensitive
def test_principle_page_lists_its_comments_newest_first_across_articles(
    client, article, principles, news_index
):
    other_article = ArticlePageFactory(parent=news_index, title="Annan nyhet")
    now = timezone.now()
    old = approved(article, principles[0], body="Gammal om samhörighet")
    new = approved(other_article, principles[0], body="Ny om samhörighet")
    approved(article, principles[1], body="Om självständighet")
    type(old).objects.filter(pk=old.pk).update(created_at=now - timedelta(days=1))
    type(new).objects.filter(pk=new.pk).update(created_at=now)

    html = comments_html(client.get("/principer/samhorighet/").content.decode())

    assert html.index("Ny om samhörighet") < html.index("Gammal om samhörighet")
    assert "Om självständighet" not in html
    assert f"{other_article.url}#kommentar-{new.pk}" in html
    assert "2 kommentarer om principen" in html


def test_principle_page_paginates(client, article, principles, settings):
    settings.FEEDBACK_PRINCIPLE_COMMENTS_PER_PAGE = 2
    for number in range(3):
        approved(article, principles[0], body=f"Nummer {number}")

    second = client.get("/principer/samhorighet/", {"page": 2}).content.decode()

    assert "Sida 2 av 2" in second


def test_official_reply_is_shown_distinctly(client, article, principles):
    comment = approved(article, principles[0])
    OfficialReply.objects.create(
        comment=comment, body="Tack!\nVi tar med det <b>här</b>.", author=UserFactory()
    )

    for url in (article.url, "/principer/samhorighet/"):
        html = client.get(url).content.decode()
        assert "Kommunen svarar" in html
        # Through the one sanitiser, as the comment itself.
        assert "Tack!<br>\nVi tar med det &lt;b&gt;här&lt;/b&gt;." in html


# --- query counts -------------------------------------------------------------


def test_article_page_query_count_does_not_grow_with_comments(
    client, article, principles, django_assert_num_queries
):
    approved(article, principles[0])
    client.get(article.url)  # warm Wagtail's caches (site root paths etc.)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    forget_article(article.pk)  # the render path, not the kept list
    with CaptureQueriesContext(connection) as one:
        client.get(article.url)
    for number in range(30):
        comment = approved(article, principles[number % 3])
        if number % 2:
            OfficialReply.objects.create(comment=comment, body="Svar")

    forget_article(article.pk)
    with django_assert_num_queries(len(one)):
        response = client.get(article.url)
    assert "31 kommentarer" in response.content.decode()


def _article_queries(client, article):
    """Queries of the render path: the kept comment list dropped first."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    forget_article(article.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _add_comments(article, principles, approved_count, pending_count):
    from feedback.models import ResidentComment

    ResidentComment.objects.bulk_create(
        ResidentComment(
            article=article,
            principle=principles[number % 3],
            author_name=f"Invånare {number}",
            author_email=f"i{number}@example.se",
            email_hash=f"{number:064d}",
            body="Se https://example.se/plan\nBra.",
            body_html="Se <a>länken</a>" if number % 2 else "",
            status=S.APPROVED if number < approved_count else S.PENDING,
        )
        for number in range(approved_count + pending_count)
    )
    for comment in ResidentComment.objects.filter(status=S.APPROVED)[::7]:
        OfficialReply.objects.get_or_create(comment=comment, defaults={"body": "Svar"})


def test_article_page_takes_at_most_ten_queries_whatever_the_comments(
    client, article, principles, rules_page, home_page, django_assert_max_num_queries
):
    from news.models import StandardPage
    from portal.models import PortalSettings

    privacy = StandardPage(title="Personuppgifter", slug="personuppgifter")
    home_page.add_child(instance=privacy)
    portal = PortalSettings.for_site(home_page.get_site())
    portal.privacy_page = privacy
    portal.save()
    _add_comments(article, principles, 3, 1)
    client.get(article.url)  # Wagtail's site root paths, cached once

    with django_assert_max_num_queries(10):
        few, html = _article_queries(client, article)
    assert "3 kommentarer" in html and "Läs reglerna" in html
    _add_comments(article, principles, 120, 12)
    many, html = _article_queries(client, article)

    assert "123 kommentarer" in html and 'href="?page=2#kommentarer"' in html
    assert many == few


def test_last_comment_page_counts_with_its_own_query(client, article, principles):
    _add_comments(article, principles, 120, 0)
    client.get(article.url)

    first, _ = _article_queries(client, article)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as last:
        html = client.get(f"{article.url}?page=3").content.decode()
    with CaptureQueriesContext(connection) as past_the_end:
        beyond = client.get(f"{article.url}?page=9").content.decode()

    assert "120 kommentarer" in html and "Invånare 119" in html
    assert len(last) == first
    # Past the end: the last page, as Paginator.get_page gives it, found with
    # Paginator's own count after the empty try (two queries more).
    assert "Invånare 119" in beyond
    assert len(past_the_end) == first + 2


def test_home_page_takes_at_most_ten_queries_whatever_the_articles(
    client, news_index, principles, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ArticlePageFactory(parent=news_index, principles=principles[:2])
    client.get("/")
    forget_listings()  # the render path, not the kept listings
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as one:
        client.get("/")
    for number in range(8):
        ArticlePageFactory(parent=news_index, principles=principles[number % 3 :])

    forget_listings()
    with CaptureQueriesContext(connection) as many:
        client.get("/")

    assert len(many) == len(one)


def test_principle_page_query_count_does_not_grow_with_comments(
    client, article, principles, news_index
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approved(article, principles[0])
    client.get("/principer/samhorighet/")
    with CaptureQueriesContext(connection) as one:
        client.get("/principer/samhorighet/")
    for number in range(15):
        other = ArticlePageFactory(parent=news_index, principles=[principles[0]])
        comment = approved(other, principles[0])
        if number % 2:
            OfficialReply.objects.create(comment=comment, body="Svar")

    with CaptureQueriesContext(connection) as many:
        client.get("/principer/samhorighet/")

    assert len(many) == len(one)


# --- XSS corpus ---------------------------------------------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klicka</a>',
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<a href=data:text/html,<script>alert(1)</script>>x</a>",
    'http://example.se/"onmouseover="alert(1)',
    "http://example.se/<script>alert(1)</script>",
    'https://example.se/?q="><svg onload=alert(1)>',
    "www.example.se/'onfocus='alert(1)'autofocus='",
    '<div style="background:url(javascript:alert(1))">',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)//-->",
    "<style>@import 'http://evil.example/x.css';</style>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="javascript:alert(1)">',
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><input type=submit>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # Polyglots.
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//"
    "</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
    "'\"-->]]>*/</script><svg onload=alert(1)>",
    # Broken tags and entities.
    "<a href='http://example.se",
    '<img src="x',
    "</textarea><script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    # Unicode direction overrides and invisible characters.
    "\u202eexe.tnemucod\u202c",
    "abc\u2066\u2067\u2068def\u2069",
    "\u200b<script>\u200balert(1)</script>",
    # A very long word.
    "A" * 4000,
]


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


# What our own templates put in a comment listing; a payload must add nothing.
LISTING_TAGS = {
    "section", "h2", "h3", "ol", "ul", "li", "p", "span", "bdi", "time", "a",
    "div", "br", "nav", "form", "input", "label", "fieldset", "legend",
    "button", "textarea",
}  # fmt: skip
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


def is_inert(html: str) -> bool:
    """True if the HTML holds no script, handler, odd element or unsafe URL."""
    parser = ElementCollector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.elements:
        if tag not in LISTING_TAGS:
            return False
        for name, value in attrs.items():
            if name.startswith("on") or name in {"style", "srcdoc"}:
                return False
            if name in URL_ATTRIBUTES:
                url = (value or "").strip().lower()
                if not url.startswith(("http://", "https://", "/", "#", "?")):
                    return False
    text = "".join(parser.text)
    return not any(char in text for char in BIDI_CONTROLS)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_makes_payload_inert(payload):
    assert is_inert(render_plain_text(payload))


@pytest.mark.parametrize("stored", [False, True], ids=["rendered", "stored"])
def test_xss_corpus_stays_inert_on_article_and_principle_pages(
    client, article, principles, stored
):
    for payload in XSS_PAYLOADS:
        approved(article, principles[0], body=payload, author_name=payload[:100])
    if stored:
        # As published comments are shown: from the HTML stored at approval.
        call_command("rerender_comments", stdout=StringIO())
        assert not ResidentComment.objects.filter(body_html="").exists()

    for url in (article.url, "/principer/samhorighet/"):
        html = comments_html(client.get(url).content.decode())
        html = html[: html.index("</section>")]
        assert is_inert(html), url
        # Every link a comment produced is an http(s) link marked nofollow ugc.
        bodies = "".join(
            re.findall(r'<div class="comment__body" dir="auto">(.*?)</div>', html, re.S)
        )
        comment_links = re.findall(r'<a href="([^"]*)" rel="([^"]*)"', bodies)
        assert comment_links  # the corpus has http(s) URLs that become links
        for href, rel in comment_links:
            assert href.startswith(("http://", "https://"))
            assert rel == "nofollow ugc noopener"


def test_urls_become_safe_links_and_line_breaks_are_kept():
    html = render_plain_text("Läs mer:\nhttps://enkoping.se/plan?a=1&b=2 tack")

    assert html == (
        'Läs mer:<br>\n<a href="https://enkoping.se/plan?a=1&amp;b=2" '
        'rel="nofollow ugc noopener">https://enkoping.se/plan?a=1&amp;b=2</a> tack'
    )


def test_plain_text_that_looks_like_html_is_shown_as_text(client, article, principles):
    approved(article, principles[0], body="Jag <3 parken & <b>torget</b>")

    html = client.get(article.url).content.decode()

    assert "Jag &lt;3 parken &amp; &lt;b&gt;torget&lt;/b&gt;" in html


# --- personal data ------------------------------------------------------------


def test_commenters_email_is_in_no_public_page_feed_or_log(
    client, article, principles, caplog
):
    from feedback.tokens import verification_token

    caplog.set_level(logging.DEBUG)
    address = "hemlig.person@example.se"
    client.post(
        f"/kommentarer/artikel/{article.pk}/",
        comment_form_data(principles[0], author_email=address),
        follow=True,
    )
    comment = type(article.resident_comments.first()).objects.get()
    token = verification_token(comment)
    pages = [client.get(f"/kommentarer/bekrafta/{token}/")]
    pages.append(client.post(f"/kommentarer/bekrafta/{token}/"))
    from feedback.services import comment_transition

    comment.refresh_from_db()
    comment_transition(
        comment=comment,
        to_status=S.APPROVED,
        action="feedback.comment.approve",
        actor=UserFactory(),
    )
    # A failing submission echoes the form: the address is the resident's own
    # input there, so it is checked on pages others can see.
    pages += [
        client.get(article.url),
        client.get("/"),
        client.get("/principer/samhorighet/"),
        client.get("/nyheter/"),
        client.get("/nyheter/feed/"),
        client.get("/sok/", {"q": "planen"}),
    ]

    assert comment.body in pages[2].content.decode()
    for response in pages:
        assert address not in response.content.decode()
        assert "hemlig.person" not in response.content.decode()
    assert address not in caplog.text
    assert comment.email_hash not in caplog.text
