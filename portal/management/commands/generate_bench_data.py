"""Benchmark data: many articles and many comments, the same every run.

``manage.py generate_bench_data --comments 100000 --articles 200`` builds the
site's page tree (as bootstrap_site does), the demo's principles, the
articles and the comments: about 5 % pending, some rejected, spam and
withdrawn, the rest approved; authors who come back (so that the author's
history in the moderation queue has something to count) and official
replies under some approved comments. A fixed ``--seed`` gives the same data.

The comments are written with ``bulk_create`` in batches, a progress line on
stderr. It refuses to add to a database that already holds comments unless
``--append`` is given, so a benchmark never runs on data it did not expect.
Lives in portal because it fills both news and feedback.
"""

import contextlib
import io
import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import connection, transaction
from django.utils import timezone

from feedback.identity import email_hash
from feedback.models import CommentStatus, OfficialReply, ResidentComment
from feedback.services.rendering import body_html_for
from news.models import ArticlePage, Principle
from portal import bootstrap
from portal import demo_content as demo

# Shares of the statuses a benchmark database holds; the rest is approved.
STATUS_SHARES = [
    (CommentStatus.PENDING, 0.05),
    (CommentStatus.REJECTED, 0.03),
    (CommentStatus.SPAM, 0.01),
    (CommentStatus.WITHDRAWN, 0.01),
]
REPLY_SHARE = 0.02
BATCH_SIZE = 5000
DAYS = 365

WORDS = [
    "kommunen",
    "planen",
    "trygghet",
    "skolan",
    "parken",
    "bussen",
    "cykelbanan",
    "gatan",
    "belysning",
    "grannar",
    "samverkan",
    "ungdomar",
    "fritidsgården",
    "biblioteket",
    "förskolan",
    "vården",
    "äldreboendet",
    "snöröjning",
    "trafiken",
    "parkering",
    "centrum",
    "torget",
    "ån",
    "badplatsen",
    "idrottshallen",
    "lekplatsen",
    "återvinning",
    "renhållning",
    "budget",
    "skatten",
    "förslag",
    "synpunkt",
    "fråga",
    "tack",
    "bra",
    "dåligt",
    "viktigt",
    "behöver",
    "borde",
    "kunde",
    "skulle",
    "tycker",
    "och",
    "att",
    "det",
    "som",
    "en",
    "på",
    "är",
    "för",
    "med",
    "inte",
    "av",
    "till",
    "om",
    "har",
    "kvällar",
    "helger",
    "sommar",
    "vinter",
    "morgon",
    "trafiksäkerhet",
    "övergångsställe",
    "hastighet",
    "buller",
]
# A rarer word, in about one comment in a hundred: what a benchmark searches for.
RARE_WORD = "vattentornet"


@contextlib.contextmanager
def own_timestamps(*models):
    """Let bulk_create keep the given ``created_at`` instead of now()."""
    fields = [model._meta.get_field("created_at") for model in models]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


REPLY = "Tack för din synpunkt. Vi tar med den i arbetet."
REPLY_HTML = body_html_for(REPLY)


class Progress:
    """One line on stderr, rewritten: ``comments [####......] 40,000/100,000``."""

    def __init__(self, label: str, total: int, stream):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream
        self.started = time.monotonic()

    def advance(self, count: int) -> None:
        self.done += count
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:,}/{self.total:,} {elapsed:.1f} s",
            ending="\n" if self.done >= self.total else "",
        )
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Fill the database with benchmark data: articles and comments in every "
        "status, repeat authors and official replies. Refuses to add to a "
        "database that holds comments unless --append is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--comments", type=int, default=100_000)
        parser.add_argument("--articles", type=int, default=200)
        parser.add_argument(
            "--authors",
            type=int,
            default=0,
            help="Distinct authors (default: a quarter of the comments).",
        )
        parser.add_argument("--seed", type=int, default=10)
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add to a database that already holds comments.",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        if ResidentComment.objects.exists() and not options["append"]:
            raise CommandError(
                "The database already holds comments; use --append to add more."
            )
        # One generator for the articles and one for the comments, so that
        # appending to existing articles gives the same comments again.
        rng = random.Random(options["seed"])  # noqa: S311 (not for secrets)
        started = time.monotonic()
        stream = OutputWrapper(io.StringIO()) if options["quiet"] else self.stderr
        with transaction.atomic():
            principles = self._principles()
            articles = self._articles(options["articles"], principles, rng, stream)
        authors = self._authors(options["authors"] or max(1, options["comments"] // 4))
        comment_rng = random.Random(options["seed"] + 1)  # noqa: S311
        self._comments(options["comments"], articles, authors, comment_rng, stream)
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility map, as a live table would have.
            # (VACUUM cannot run in a transaction, as when a test calls this;
            # ANALYZE alone can.)
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(f"{vacuum} feedback_residentcomment")
                cursor.execute(f"{vacuum} feedback_officialreply")
                # The pages too: a planner that thinks there are 20 pages
                # picks other plans than for the 200 there are.
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Benchmark data: {len(articles)} articles, "
            f"{options['comments']:,} comments in {time.monotonic() - started:.1f} s."
        )

    def _principles(self) -> list[Principle]:
        principles = []
        for order, spec in enumerate(demo.PRINCIPLES):
            principle, _ = Principle.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "name": spec["name"],
                    "short_description": spec["short_description"],
                    "sort_order": order,
                },
            )
            principles.append(principle)
        return principles

    def _articles(self, count, principles, rng, stream) -> list[ArticlePage]:
        news_index = bootstrap.site_bootstrap(
            organisation_name=demo.ORGANISATION
        ).news_index
        existing = list(
            ArticlePage.objects.child_of(news_index).filter(slug__startswith="bench-")
        )
        progress = Progress("articles", count, stream)
        progress.advance(min(len(existing), count))
        now = timezone.now()
        for number in range(len(existing), count):
            article = ArticlePage(
                title=f"Nyhet för mätning {number + 1}",
                slug=f"bench-{number + 1}",
                lead="En nyhet som finns för att mäta hur sajten klarar många "
                "kommentarer.",
                first_published_at=now - timedelta(days=DAYS * number / count),
                live=True,
            )
            # Parental: set before add_child, which saves them with the page.
            article.principles.set(rng.sample(principles, k=rng.randint(1, 2)))
            news_index.add_child(instance=article)
            existing.append(article)
            progress.advance(1)
        return [
            (article, list(article.principles.all())) for article in existing[:count]
        ]

    def _authors(self, count) -> list[tuple[str, str, str]]:
        authors = []
        for number in range(count):
            address = f"bench-{number}@example.invalid"
            authors.append((f"Invånare {number}", address, email_hash(address)))
        return authors

    def _comments(self, count, articles, authors, rng, stream) -> None:
        now = timezone.now()
        progress = Progress("comments", count, stream)
        written = 0
        with own_timestamps(ResidentComment, OfficialReply):
            while written < count:
                size = min(BATCH_SIZE, count - written)
                with transaction.atomic():
                    comments = ResidentComment.objects.bulk_create(
                        [
                            self._comment(articles, authors, rng, now)
                            for _ in range(size)
                        ]
                    )
                    OfficialReply.objects.bulk_create(
                        [
                            OfficialReply(
                                comment=comment,
                                body=REPLY,
                                body_html=REPLY_HTML,
                                created_at=comment.moderated_at,
                            )
                            for comment in comments
                            if comment.status == CommentStatus.APPROVED
                            and rng.random() < REPLY_SHARE
                        ]
                    )
                written += size
                progress.advance(size)

    def _comment(self, articles, authors, rng, now) -> ResidentComment:
        article, principles = rng.choice(articles)
        # A few authors write much, most write once or twice: the history
        # column then has both kinds to count.
        name, address, hashed = authors[int(len(authors) * rng.random() ** 2)]
        status = CommentStatus.APPROVED
        draw = rng.random()
        for candidate, share in STATUS_SHARES:
            if draw < share:
                status = candidate
                break
            draw -= share
        created = now - timedelta(seconds=rng.uniform(0, DAYS * 86400))
        verified = created + timedelta(minutes=rng.uniform(1, 30))
        decided = status not in (CommentStatus.PENDING, CommentStatus.WITHDRAWN)
        words = rng.choices(WORDS, k=rng.randint(8, 60))
        if rng.random() < 0.01:
            words.insert(rng.randrange(len(words)), RARE_WORD)
        links = 1 if rng.random() < 0.03 else 0
        if links:
            words.append("https://example.org/mer")
        body = " ".join(words).capitalize() + "."
        return ResidentComment(
            article=article,
            principle=rng.choice(principles),
            author_name=name,
            author_email=address,
            email_hash=hashed,
            body=body,
            # As publishing stores it (feedback.services.transitions).
            body_html=body_html_for(body) if status == CommentStatus.APPROVED else "",
            status=status,
            created_at=created,
            verified_at=verified,
            moderated_at=verified + timedelta(hours=rng.uniform(1, 48))
            if decided
            else None,
            moderation_reason="Bryter mot reglerna."
            if status == CommentStatus.REJECTED
            else "",
            link_count=links,
            recaptcha_score=round(rng.uniform(0.1, 1.0), 1),
        )
