"""Debian's varnishd with deploy/varnish/portal.vcl in front of the live server.

Proves what docs/production.md promises: a second anonymous GET is served
from the cache, a signed-in reader never is, the language choice is its own
variant, and a moderator's approval reaches anonymous readers within 2 s
(the commit purges the article through Wagtail's HTTP backend).
"""

import shutil
import socket
import subprocess
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from wagtail.models import Site

from feedback.models import CommentStatus
from feedback.services.moderation import comment_approve
from tests.factories import (
    ArticlePageFactory,
    PrincipleFactory,
    ResidentCommentFactory,
    make_site,
)

VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "portal.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def varnish(live_server, tmp_path, request):
    """varnishd on a free port, its backend the live server; stopped by PID."""
    if not Path(VARNISHD).exists():
        pytest.fail(
            "varnishd is missing; run scripts/ensure-system-packages.sh "
            "(make test does it for you).",
            pytrace=False,
        )
    backend_port = urlsplit(live_server.url).port
    vcl = tmp_path / "portal.vcl"
    source = VCL.read_text(encoding="utf-8")
    assert '.port = "8000";' in source
    vcl.write_text(source.replace('.port = "8000";', f'.port = "{backend_port}";'))
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed command line
        [
            VARNISHD,
            "-F",
            "-j",
            "none",  # no privilege separation: the test's tmp_path is private
            "-n",
            str(tmp_path / "varnish"),
            "-a",
            f"127.0.0.1:{port}",
            "-T",
            "none",
            "-f",
            str(vcl),
            "-s",
            "malloc,32m",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )

    def stop():
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    request.addfinalizer(stop)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop()
                output = process.stdout.read().decode(errors="replace")
                pytest.fail(f"varnishd did not start:\n{output}", pytrace=False)
            time.sleep(0.1)
    return f"http://127.0.0.1:{port}"


def get(base: str, path: str, cookie: str = ""):
    address = urlsplit(base)
    connection = HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response, body


@pytest.fixture
def site(live_server, django_db_serialized_rollback, settings, varnish):
    """Our pages, the default Site at the live server, purges sent to varnish."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": varnish,
        }
    }
    home, news_index = make_site()
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(
        hostname=address.hostname, port=address.port
    )
    principle = PrincipleFactory(name="Samhörighet", slug="samhorighet")
    article = ArticlePageFactory(
        parent=news_index,
        title="Den långsiktiga planen",
        slug="langsiktig-plan",
        principles=[principle],
    )
    return article, principle


def test_second_anonymous_get_is_a_hit_without_cookies(varnish, site):
    article, _principle = site

    first, _ = get(varnish, article.url)
    second, body = get(varnish, article.url)

    assert first.status == second.status == 200
    assert first.getheader("X-Cache") == "MISS"
    assert second.getheader("X-Cache") == "HIT"
    assert second.getheader("Set-Cookie") is None
    assert "Den långsiktiga planen" in body
    # Cookies that do not matter to the page do not split the cache.
    third, _ = get(varnish, article.url, cookie="csrftoken=abc; _ga=1")
    assert third.getheader("X-Cache") == "HIT"


def test_language_choice_is_its_own_variant(varnish, site):
    article, _principle = site
    get(varnish, article.url)

    english, body = get(varnish, article.url, cookie="csrftoken=x; django_language=en")
    again, _ = get(varnish, article.url, cookie="django_language=en")
    swedish, swedish_body = get(varnish, article.url, cookie="django_language=sv")

    assert english.getheader("X-Cache") == "MISS"
    assert '<html lang="en">' in body
    assert again.getheader("X-Cache") == "HIT"
    assert swedish.getheader("X-Cache") == "HIT"
    assert '<html lang="sv">' in swedish_body


def test_signed_in_reader_is_never_served_from_the_cache(
    varnish, site, django_user_model
):
    article, _principle = site
    get(varnish, article.url)
    get(varnish, article.url)  # cached for anonymous readers now
    editor = django_user_model.objects.create_superuser("red", "red@example.se", "x")
    client = Client()
    client.force_login(editor)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={session}"

    for _ in range(2):
        response, _body = get(varnish, article.url, cookie=cookie)

        assert response.getheader("X-Cache") == "MISS"
        assert "private" in response.getheader("Cache-Control")


def test_approval_is_visible_to_anonymous_readers_within_two_seconds(
    varnish, site, django_user_model
):
    article, principle = site
    moderator = django_user_model.objects.create_superuser("mod", "mod@example.se", "x")
    comment = ResidentCommentFactory(
        article=article,
        principle=principle,
        status=CommentStatus.PENDING,
        body="Fler parkbänkar längs ån, tack.",
    )
    get(varnish, article.url)
    cached, body = get(varnish, article.url)
    assert cached.getheader("X-Cache") == "HIT"
    assert "Fler parkbänkar" not in body
    get(varnish, article.url + "?page=1")  # a query variant, cached too

    comment_approve(comment=comment, actor=moderator)  # commits, then purges
    approved_at = time.monotonic()

    while True:
        response, body = get(varnish, article.url)
        if "Fler parkbänkar" in body:
            break
        assert time.monotonic() - approved_at < 2, "the approval is not visible"
        time.sleep(0.1)
    _variant, variant_body = get(varnish, article.url + "?page=1")
    assert "Fler parkbänkar" in variant_body
    principle_page, principle_body = get(varnish, "/principer/samhorighet/")
    assert "Fler parkbänkar" in principle_body


def test_purge_bans_the_path_with_any_query_string(varnish, site):
    article, _principle = site
    for path in (article.url, article.url + "?page=2"):
        get(varnish, path)
        assert get(varnish, path)[0].getheader("X-Cache") == "HIT"

    address = urlsplit(varnish)
    connection = HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("PURGE", article.url)
    assert connection.getresponse().status == 200
    connection.close()

    for path in (article.url, article.url + "?page=2"):
        assert get(varnish, path)[0].getheader("X-Cache") == "MISS"
    assert get(varnish, "/")[0].getheader("X-Cache") == "MISS"  # never cached
    assert get(varnish, "/")[0].getheader("X-Cache") == "HIT"  # and not banned


def test_purge_from_another_machine_is_refused(varnish, site):
    """Only this machine may purge (the VCL's purgers ACL): a PURGE from
    another address (127.0.0.2 stands in for one) is refused and the page
    stays cached."""
    article, _principle = site
    get(varnish, article.url)
    assert get(varnish, article.url)[0].getheader("X-Cache") == "HIT"

    address = urlsplit(varnish)
    connection = HTTPConnection(
        address.hostname, address.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    connection.request("PURGE", article.url)
    assert connection.getresponse().status == 403
    connection.close()

    assert get(varnish, article.url)[0].getheader("X-Cache") == "HIT"
