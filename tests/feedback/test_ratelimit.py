"""Rate limits: atomic counters in the cache, 429 in Swedish, trusted proxies."""

import os
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis
from django.core import mail
from django.test import RequestFactory

from feedback import ratelimit
from feedback.models import ResidentComment
from tests.factories import comment_form_data


def post(client, article, data, **extra):
    return client.post(f"/kommentarer/artikel/{article.pk}/", data, **extra)


def test_hit_allows_exactly_the_limit(settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (3, 60)}

    results = [ratelimit.hit("submit_ip", "10.0.0.0/24") for _ in range(5)]

    assert results == [True, True, True, False, False]


def test_limits_are_counted_per_identity(settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (1, 60)}

    assert ratelimit.hit("submit_ip", "a")
    assert ratelimit.hit("submit_ip", "b")
    assert not ratelimit.hit("submit_ip", "a")


def test_parallel_requests_never_exceed_the_cap(settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit_site": (25, 60)}
    start = threading.Barrier(40)
    allowed = []
    lock = threading.Lock()

    def worker():
        start.wait()
        for _ in range(5):
            if ratelimit.hit("submit_site"):
                with lock:
                    allowed.append(1)

    threads = [threading.Thread(target=worker) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(allowed) == 25


def test_take_counts_in_every_scope_or_in_none(settings):
    settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (5, 60), "submit_email": (1, 60)}
    ratelimit.take(("submit_ip", "net"), ("submit_email", "anna"))

    with pytest.raises(ratelimit.RateLimitExceeded) as refused:
        ratelimit.take(("submit_ip", "net"), ("submit_email", "anna"))

    assert refused.value.scope == "submit_email"
    # The refused call's count in submit_ip was given back: 1 of 5 used.
    assert [ratelimit.hit("submit_ip", "net") for _ in range(5)] == [
        True,
        True,
        True,
        True,
        False,
    ]


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="counts Redis commands; needs REDIS_URL"
)
def test_take_is_one_round_trip_to_redis(settings, monkeypatch):
    settings.FEEDBACK_RATE_LIMITS = {"submit_email": (1, 60)}
    commands = []
    execute = redis.Redis.execute_command

    def counting(self, *args, **options):
        commands.append(args[0])
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    checks = (("submit_ip", "net"), ("submit_site", ""), ("submit_email", "anna"))
    ratelimit.take(*checks)  # may load the script (EVAL) on first use
    commands.clear()

    with pytest.raises(ratelimit.RateLimitExceeded) as refused:
        ratelimit.take(*checks)

    assert commands == ["EVALSHA"]
    assert refused.value.scope == "submit_email"
    assert 55 <= refused.value.retry_after <= 60


def test_window_expiry_starts_a_new_count(settings):
    # A real one-second window: the expiry is the cache's (Redis's) own clock.
    settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (1, 1)}

    assert ratelimit.hit("submit_ip", "x")
    assert not ratelimit.hit("submit_ip", "x")
    time.sleep(1.2)
    assert ratelimit.hit("submit_ip", "x")


@pytest.mark.django_db
class TestSubmissionLimits:
    def test_next_comment_past_the_ip_limit_gets_a_swedish_429_keeping_the_text(
        self, client, article, principles, settings
    ):
        settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (2, 3600)}
        for number in range(2):
            response = post(
                client,
                article,
                comment_form_data(principles[0], author_email=f"p{number}@example.se"),
            )
            assert response.status_code == 302

        response = post(
            client,
            article,
            comment_form_data(
                principles[1], author_email="p9@ex.se", body="Min text & tankar"
            ),
        )

        html = response.content.decode()
        assert response.status_code == 429
        assert 3590 <= int(response["Retry-After"]) <= 3600
        assert 'class="error-summary"' in html
        assert "<title>Fel: " in html
        assert "Din text finns kvar: skicka igen om 60 minuter" in html
        assert "Min text &amp; tankar</textarea>" in html
        assert 'value="p9@ex.se"' in html
        assert ResidentComment.objects.count() == 2

    def test_failed_validations_do_not_count(
        self, client, article, principles, settings
    ):
        settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (2, 3600)}
        for _ in range(5):
            response = post(client, article, comment_form_data(principles[0], body=""))
            assert response.status_code == 200

        accepted = [
            post(
                client,
                article,
                comment_form_data(principles[0], author_email=f"p{n}@example.se"),
            ).status_code
            for n in range(2)
        ]

        assert accepted == [302, 302]

    def test_a_refused_comment_gives_back_what_it_took(
        self, client, article, principles, settings
    ):
        settings.FEEDBACK_RATE_LIMITS = {
            "submit_ip": (2, 3600),
            "submit_email": (1, 3600),
        }
        first = post(client, article, comment_form_data(principles[0]))
        refused = post(client, article, comment_form_data(principles[0]))

        other = post(
            client, article, comment_form_data(principles[0], author_email="b@ex.se")
        )

        assert (first.status_code, refused.status_code, other.status_code) == (
            302,
            429,
            302,
        )

    def test_retry_after_is_the_rest_of_the_window_with_a_clock_time(
        self, client, article, principles, settings, time_machine
    ):
        stockholm = ZoneInfo("Europe/Stockholm")
        time_machine.move_to(
            datetime(2026, 11, 30, 14, 0, tzinfo=stockholm), tick=False
        )
        settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (1, 3600)}
        post(client, article, comment_form_data(principles[0]))
        time_machine.move_to(
            datetime(2026, 11, 30, 14, 25, tzinfo=stockholm), tick=False
        )

        response = post(
            client, article, comment_form_data(principles[0], author_email="b@ex.se")
        )

        assert response["Retry-After"] == "2100"
        assert "skicka igen om 35 minuter, efter klockan 15:00." in (
            response.content.decode()
        )

    def test_resend_past_its_limit_says_when_to_try_again(self, client, settings):
        settings.FEEDBACK_RATE_LIMITS = {"resend_ip": (1, 600)}
        client.post("/kommentarer/ny-lank/", {"token": "x"})

        response = client.post("/kommentarer/ny-lank/", {"token": "x"})

        assert response.status_code == 429
        assert 590 <= int(response["Retry-After"]) <= 600
        assert "Försök igen om 10 minuter, efter klockan" in response.content.decode()

    def test_ipv6_addresses_in_one_64_share_a_limit(
        self, client, article, principles, settings
    ):
        settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (1, 3600)}

        first = post(
            client, article, comment_form_data(principles[0]), REMOTE_ADDR="2001:db8::1"
        )
        same_64 = post(
            client,
            article,
            comment_form_data(principles[0]),
            REMOTE_ADDR="2001:db8::ffff:1",
        )
        other_64 = post(
            client,
            article,
            comment_form_data(principles[0]),
            REMOTE_ADDR="2001:db8:0:1::1",
        )

        assert (first.status_code, same_64.status_code, other_64.status_code) == (
            302,
            429,
            302,
        )

    def test_per_address_limit(self, client, article, principles, settings):
        settings.FEEDBACK_RATE_LIMITS = {"submit_email": (1, 3600)}
        post(client, article, comment_form_data(principles[0]), REMOTE_ADDR="1.1.1.1")

        response = post(
            client,
            article,
            comment_form_data(principles[0], author_email="ANNA@example.se"),
            REMOTE_ADDR="2.2.2.2",
        )

        assert response.status_code == 429
        assert ResidentComment.objects.count() == 1

    def test_site_wide_limit(self, client, article, principles, settings):
        settings.FEEDBACK_RATE_LIMITS = {"submit_site": (1, 3600)}
        post(client, article, comment_form_data(principles[0]), REMOTE_ADDR="1.1.1.1")

        response = post(
            client,
            article,
            comment_form_data(principles[0], author_email="b@example.se"),
            REMOTE_ADDR="9.9.9.9",
        )

        assert response.status_code == 429

    def test_a_flooding_network_does_not_use_up_the_site_allowance(
        self, client, article, principles, settings
    ):
        settings.FEEDBACK_RATE_LIMITS = {
            "submit_ip": (1, 3600),
            "submit_site": (2, 3600),
        }
        for _ in range(5):
            post(
                client, article, comment_form_data(principles[0]), REMOTE_ADDR="6.6.6.6"
            )

        response = post(
            client,
            article,
            comment_form_data(principles[0], author_email="granne@example.se"),
            REMOTE_ADDR="192.0.2.10",
        )

        assert response.status_code == 302

    def test_emails_per_recipient_are_capped_quietly(
        self, client, article, principles, settings
    ):
        settings.FEEDBACK_RATE_LIMITS = {"email_recipient": (2, 86400)}
        responses = [
            post(
                client,
                article,
                comment_form_data(principles[0], author_email="offer@example.se"),
                REMOTE_ADDR=f"10.0.{number}.1",
            )
            for number in range(4)
        ]

        # Nobody can tell: every response is the same, every comment is kept,
        # but the address got only two emails.
        assert {response.status_code for response in responses} == {302}
        assert ResidentComment.objects.count() == 4
        assert len(mail.outbox) == 2


class TestClientIp:
    factory = RequestFactory()

    def test_forwarded_for_is_ignored_without_trusted_proxies(self, settings):
        settings.PORTAL_TRUSTED_PROXY_COUNT = 0
        request = self.factory.get(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6"
        )

        assert ratelimit.client_ip(request) == "10.0.0.1"

    def test_one_trusted_proxy_means_the_last_forwarded_address(self, settings):
        settings.PORTAL_TRUSTED_PROXY_COUNT = 1
        request = self.factory.get(
            "/",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
        )

        assert ratelimit.client_ip(request) == "203.0.113.7"

    def test_two_trusted_proxies_skip_the_inner_one(self, settings):
        settings.PORTAL_TRUSTED_PROXY_COUNT = 2
        request = self.factory.get(
            "/",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.2",
        )

        assert ratelimit.client_ip(request) == "203.0.113.7"

    def test_garbage_or_short_header_falls_back_to_the_peer(self, settings):
        settings.PORTAL_TRUSTED_PROXY_COUNT = 2
        short = self.factory.get(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7"
        )
        garbage = self.factory.get(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="nonsense, 10.0.0.2"
        )

        assert ratelimit.client_ip(short) == "10.0.0.1"
        assert ratelimit.client_ip(garbage) == "10.0.0.1"

    @pytest.mark.django_db
    def test_spoofed_header_cannot_dodge_the_limit(
        self, client, article, principles, settings
    ):
        settings.PORTAL_TRUSTED_PROXY_COUNT = 0
        settings.FEEDBACK_RATE_LIMITS = {"submit_ip": (1, 3600)}
        post(client, article, comment_form_data(principles[0]))

        response = post(
            client,
            article,
            comment_form_data(principles[0], author_email="x@example.se"),
            HTTP_X_FORWARDED_FOR="198.51.100.99",
        )

        assert response.status_code == 429
