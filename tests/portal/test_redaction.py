"""No token of an emailed link in any log line the portal or gunicorn writes."""

import io
import logging
import runpy
from pathlib import Path

import pytest
from django.urls import URLPattern, reverse
from django.utils.log import ServerFormatter

from feedback.urls import urlpatterns
from portal.redaction import REDACTED, RedactTokensFilter, redact

BASE_DIR = Path(__file__).resolve().parent.parent.parent
TOKEN = "AbC123-secret_token.Zz"


def token_url_names():
    return [
        f"feedback:{p.name}"
        for p in urlpatterns
        if isinstance(p, URLPattern) and "token" in p.pattern.converters
    ]


@pytest.mark.parametrize("name", token_url_names())
def test_every_url_with_a_token_is_redacted(name):
    path = reverse(name, kwargs={"token": TOKEN})

    line = f'"GET {path} HTTP/1.1" 200 "https://example.se{path}"'

    assert TOKEN not in redact(line)
    assert redact(line).count(REDACTED) == 2


def test_other_paths_are_left_alone():
    line = '"GET /nyheter/langsiktig-plan/?page=2 HTTP/1.1" 200'

    assert redact(line) == line


@pytest.fixture
def captured():
    """What the handlers configured in settings.LOGGING write."""
    streams = {}
    handlers = [
        handler
        for name in ("", "django.server")
        for handler in logging.getLogger(name).handlers
        # pytest adds handlers of its own; ours are settings.LOGGING's.
        if any(isinstance(f, RedactTokensFilter) for f in handler.filters)
    ]
    assert len(handlers) == 2
    for handler in handlers:
        streams[handler] = handler.setStream(io.StringIO())
    yield lambda: "".join(h.stream.getvalue() for h in streams)
    for handler, stream in streams.items():
        handler.setStream(stream)


@pytest.mark.django_db
def test_django_request_log_of_a_404_withdraw_link_is_redacted(client, captured):
    path = reverse("feedback:withdraw", kwargs={"token": TOKEN})

    assert client.get(path).status_code == 404

    assert "Not Found: /kommentarer/aterkalla/[dold]/" in captured()
    assert TOKEN not in captured()


def test_runserver_request_log_is_redacted(captured):
    path = reverse("feedback:confirm", kwargs={"token": TOKEN})

    logging.getLogger("django.server").info(
        '"%s" %s %s', f"POST {path} HTTP/1.1", "200", "1234"
    )

    assert f"/kommentarer/bekrafta/{REDACTED}/" in captured()
    assert TOKEN not in captured()


def test_gunicorn_config_redacts_its_access_and_error_logs():
    runpy.run_path(str(BASE_DIR / "deploy" / "gunicorn.conf.py"))
    access = logging.getLogger("gunicorn.access")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    access.addHandler(handler)
    try:
        path = reverse("feedback:suppress", kwargs={"token": TOKEN})
        access.info(
            '%(h)s "%(r)s" %(s)s', {"h": "127.0.0.1", "r": f"GET {path}", "s": 200}
        )
    finally:
        access.removeHandler(handler)

    assert (
        stream.getvalue()
        == f'127.0.0.1 "GET /kommentarer/stoppa-epost/{REDACTED}/" 200\n'
    )
    error_filters = logging.getLogger("gunicorn.error").filters
    assert any(isinstance(f, RedactTokensFilter) for f in error_filters)


def test_server_formatter_is_kept_for_runserver():
    handler = logging.getLogger("django.server").handlers[0]

    assert isinstance(handler.formatter, ServerFormatter)
