"""Render the portal's main pages and admin screens into docs/screenshots/.

    make screenshots                        # or:
    .venv/bin/python scripts/screenshots.py [--out DIR] [--only NAME ...]

Self-contained: it creates a throwaway SQLite database and media folder in a
temporary directory, fills them with the demo content, the demo users and a
few comments in every state, serves the portal from them with runserver on a
free port, drives Debian's chromium through Playwright (the browser tests'
launch arguments) at desktop (1280 px) and mobile (390 px) widths, and
removes the server and the directory again. No running server, database or
network is needed; nothing outside --out is written.
"""

import argparse
import datetime
import io
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_OUT = BASE_DIR / "docs" / "screenshots"
# (name, viewport, playwright context options)
WIDTHS = [
    ("desktop", {"width": 1280, "height": 900}, {}),
    ("mobile", {"width": 390, "height": 844}, {"is_mobile": True, "has_touch": True}),
]
SERVER_START_SECONDS = 60

# Comments the pictures show besides the demo content's own: (name, body,
# principle index, status, days ago, minutes to a decision, the
# municipality's reply). Invented, in Swedish; other names than the demo's.
COMMENTS = [
    (
        "Eva",
        "Bra att planen tar upp tryggheten i skolan. Hur får vi som föräldrar "
        "veta vad som händer under året?",
        0,
        "approved",
        9,
        35,
        "Tack, Eva! Skolorna berättar om arbetet på föräldramötena i höst, "
        "och vi publicerar en lägesrapport här i december.",
    ),
    (
        "Ali",
        "Fler mötesplatser för unga på kvällarna vore välkommet, gärna i "
        "biblioteken ute i orterna.",
        0,
        "approved",
        16,
        140,
        "",
    ),
    (
        "Nils",
        "Det är svårt att hänga med i vad som beslutas. Kan ni skriva kortare "
        "och tydligare nyheter?",
        1,
        "approved",
        3,
        12,
        "",
    ),
    (
        "Per",
        "Busstrafiken till landsbygden behöver bli bättre om fler ska kunna "
        "leva självständigt.",
        1,
        "pending",
        1,
        None,
        "",
    ),
    (
        "Sofia",
        "Jag är stolt över vårt kulturarv. Mer av det i nyheterna, tack!",
        2,
        "pending",
        0,
        None,
        "",
    ),
    (
        "Jonas",
        "Läs mer om hur andra kommuner gör på https://example.com/tips.",
        0,
        "pending",
        2,
        None,
        "",
    ),
    (
        "Maria",
        "Hur påverkar planen äldreomsorgen i de mindre orterna?",
        0,
        "pending",
        0,
        None,
        "",
    ),
    (
        "Gustav",
        "Det här handlar inte om artikeln alls, utan om min granne.",
        0,
        "rejected",
        23,
        95,
        "",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def configure(tmp: Path, port: int) -> dict:
    """The environment for this process and the server: all state in tmp."""
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
    }
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    # The demo content logs every page it publishes; the pictures are the output.
    logging.disable(logging.INFO)
    return {**os.environ, **env}


def create_content() -> dict:
    """Demo content, demo users and comments; returns what the pictures need."""
    from django.core.management import call_command
    from django.db.models import F
    from django.utils import timezone

    from feedback.management.commands.create_demo_users import (
        demo_password,
        moderator_username,
    )
    from feedback.models import ResidentComment
    from feedback.permissions import moderators_of_principle
    from feedback.services.moderation import comment_approve, comment_reject
    from feedback.services.replies import reply_publish
    from feedback.services.submission import comment_submit
    from feedback.services.verification import comment_verify
    from feedback.tokens import verification_token
    from news.models import ArticlePage, Principle

    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", stdout=quiet)
    call_command("create_demo_users", stdout=quiet)

    article = next(
        page
        for page in ArticlePage.objects.live().order_by("-first_published_at")
        if page.accepts_comments()
    )
    principles = list(article.principles.all()) or list(Principle.objects.live())
    now = timezone.now()

    def submit(name, body, principle):
        return comment_submit(
            article=article,
            principle=principle,
            author_name=name,
            author_email=f"{name.lower()}@example.se",
            body=body,
            ip="192.0.2.10",
        )

    for name, body, index, status, days, minutes, reply in COMMENTS:
        principle = principles[index % len(principles)]
        moderator = moderators_of_principle(principle).first()
        comment = submit(name, body, principle)
        comment = comment_verify(token=verification_token(comment)).comment
        if status == "approved":
            comment = comment_approve(comment=comment, actor=moderator)
        elif status == "rejected":
            comment = comment_reject(
                comment=comment,
                actor=moderator,
                reason="Handlar inte om artikeln",
            )
        if reply:
            reply_publish(comment=comment, actor=moderator, body=reply)
        # Spread over the past weeks, so the queue has ages and the report a
        # history. Comment ids keep the order they were written in.
        verified = now - datetime.timedelta(days=days, hours=len(body) % 7)
        ResidentComment.objects.filter(pk=comment.pk).update(
            created_at=verified - datetime.timedelta(minutes=4),
            verified_at=verified,
            moderated_at=(
                verified + datetime.timedelta(minutes=minutes) if minutes else None
            ),
        )
    ResidentComment.objects.filter(moderated_at__isnull=True).exclude(
        status="pending"
    ).update(moderated_at=F("verified_at"))

    # Links waiting for their confirmation, one per width.
    confirm_tokens = [
        verification_token(submit(name, body, principles[0]))
        for name, body in [
            ("Eva", "Tack för en tydlig plan, den ger hopp."),
            ("Ali", "Hur kan föreningar vara med och bidra till planen?"),
        ][: len(WIDTHS)]
    ]
    first = principles[0]
    username = moderator_username(
        list(Principle.objects.order_by("sort_order", "name")).index(first)
    )
    pending = ResidentComment.objects.filter(principle=first, status="pending")
    return {
        "article_url": article.url,
        "principle_url": first.get_absolute_url(),
        "confirm_tokens": confirm_tokens,
        "moderator": (username, demo_password(username)),
        "detail_pk": pending.order_by("created_at").values_list("pk", flat=True)[0],
    }


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                "The server did not start:\n" + server.stderr.read().decode()
            )
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"The server did not answer within {SERVER_START_SECONDS} s.")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def save(page, out: Path, name: str, width: str, focus=None, block="start") -> Path:
    """A viewport-sized picture, ``focus`` scrolled to the top (or to the
    bottom: block="end"); shrunk to 256 colours."""
    from PIL import Image

    if focus:
        page.locator(focus).first.evaluate(
            "(e, block) => e.scrollIntoView({block})", block
        )
    path = out / f"{name}-{width}.png"
    page.screenshot(path=str(path), animations="disabled")
    image = Image.open(path).convert("RGB")
    image.quantize(colors=256, dither=Image.Dither.NONE).save(path, optimize=True)
    return path


def render(data: dict, base: str, out: Path, only: set[str]) -> list[Path]:
    from django.conf import settings
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    min_fill_seconds = getattr(settings, "FEEDBACK_MIN_FILL_SECONDS", 3)

    def wanted(name):
        return not only or name in only

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for index, (width, viewport, options) in enumerate(WIDTHS):
                context = browser.new_context(
                    viewport=viewport,
                    locale="sv-SE",
                    timezone_id="Europe/Stockholm",
                    **options,
                )
                context.set_default_timeout(30_000)
                page = context.new_page()

                def shoot(name, url, focus=None, *, page=page, width=width):
                    if wanted(name):
                        page.goto(base + url)
                        page.wait_for_load_state("networkidle")
                        saved.append(save(page, out, name, width, focus))

                shoot("home", "/")
                shoot("article-comments", data["article_url"], "#kommentarer")
                if wanted("form-errors"):
                    page.goto(base + data["article_url"])
                    # The form takes a post sent sooner than a person could
                    # for a bot's, and answers it without the errors.
                    page.wait_for_timeout(1000 * (min_fill_seconds + 1))
                    with page.expect_navigation():
                        page.click("#comment-form button[type=submit]")
                    page.wait_for_load_state("networkidle")
                    saved.append(
                        save(page, out, "form-errors", width, "#comment-errors")
                    )
                shoot("principle", data["principle_url"])
                token = data["confirm_tokens"][index]
                shoot("confirm", reverse("feedback:confirm", kwargs={"token": token}))
                if wanted("confirmed"):
                    page.goto(
                        base + reverse("feedback:confirm", kwargs={"token": token})
                    )
                    with page.expect_navigation():
                        page.locator(
                            "main form button, main form [type=submit]"
                        ).first.click()
                    page.wait_for_load_state("networkidle")
                    saved.append(save(page, out, "confirmed", width))

                username, password = data["moderator"]
                page.goto(base + reverse("wagtailadmin_login"))
                page.fill("#id_username", username)
                page.fill("#id_password", password)
                with page.expect_navigation():
                    page.click("button[type=submit]")
                shoot("admin-dashboard", reverse("wagtailadmin_home"))
                if wanted("admin-queue"):
                    page.goto(base + reverse("feedback_moderation:list"))
                    page.wait_for_load_state("networkidle")
                    boxes = page.locator("input[data-bulk-action-checkbox]")
                    for box in range(min(2, boxes.count())):
                        boxes.nth(box).check()
                    footer = "[data-bulk-action-footer]"
                    page.locator(footer).wait_for()
                    page.wait_for_timeout(1500)  # the bar slides in
                    # Fixed at the bottom on a desktop, after the rows on a phone.
                    saved.append(save(page, out, "admin-queue", width, footer, "end"))
                shoot(
                    "admin-comment",
                    reverse("feedback_moderation:detail", args=[data["detail_pk"]]),
                )
                shoot(
                    "admin-report", reverse("feedback_moderation:report") + "?weeks=4"
                )
                context.close()
        finally:
            browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--only", nargs="*", default=[], help="picture names, e.g. home admin-queue"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as tmp:
        env = configure(Path(tmp), port)
        data = create_content()
        from django.db import connections

        connections.close_all()
        server = start_server(env, port)
        try:
            saved = render(data, f"http://127.0.0.1:{port}", args.out, set(args.only))
        finally:
            stop_server(server)
            connections.close_all()
    for path in saved:
        print(
            f"{path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path}"
            f"  {path.stat().st_size // 1024} kB"
        )


if __name__ == "__main__":
    main()
