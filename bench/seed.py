"""Give the demo's plan article exactly N approved and M pending comments, fast.

Run by bench/http.py in the benchmark's environment (same SECRET_KEY, so the
keyed hashes are the ones the app would have stored):

    python -m bench.seed --approved 500 --pending 50

Rows are written with bulk_create, with every stored field as
feedback.services.submission and the verification and moderation services
would leave it: keyed email and IP hashes, link count and suspect words
worked out from the text, verification and moderation times. The demo's
own comments count towards N; extra comments are removed newest first.
"""

import argparse
import random
from datetime import timedelta

ARTICLE_SLUG = "langsiktig-plan-2024-2027"

SENTENCES = [
    "Bra att planen tar upp trygghet i skolan.",
    "Gångvägen till förskolan behöver bättre belysning under vintern.",
    "Jag saknar en tidsplan för när cykelbanan längs ån blir klar.",
    "Det är viktigt att äldre kan ta sig till vårdcentralen utan bil.",
    "Bibliotekets öppettider borde förlängas på kvällarna.",
    "Hur ska kommunen följa upp målen om minskade utsläpp?",
    "Fler bänkar i parken skulle göra stor skillnad för många.",
    "Tack för en tydlig sammanfattning av planen!",
    "Busstrafiken till industriområdet går för sällan på helgerna.",
    "Låt ungdomarna vara med och påverka hur fritidsgården används.",
    "Snöröjningen av cykelvägarna måste prioriteras tidigare på morgonen.",
    "Planen nämner inte hur skolgårdarna ska bli grönare.",
]
LINKS = [
    "Se https://www.example.se/trafik/cykelplan för bakgrunden.",
    "Mer om detta finns på kommunen.se/planer.",
]


def comment_body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        paragraph = " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))
        if rng.random() < 0.15:
            paragraph += " " + rng.choice(LINKS)
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def set_count(article, status, target: int, rng: random.Random) -> None:
    from django.utils import timezone

    from feedback import spam
    from feedback.identity import email_hash, ip_hash
    from feedback.models import CommentStatus, ResidentComment
    from feedback.selectors import principles_for_comment
    from feedback.selectors_discussion import discussion_settings_for
    from feedback.services.rendering import body_html_for

    existing = ResidentComment.objects.filter(article=article, status=status)
    have = existing.count()
    if have > target:
        extra = list(existing.order_by("-pk").values_list("pk", flat=True))
        ResidentComment.objects.filter(pk__in=extra[: have - target]).delete()
        return
    principles = list(principles_for_comment(article))
    suspect = discussion_settings_for(article).suspect_word_list
    now = timezone.now()
    rows = []
    for n in range(have, target):
        address = f"bench-{status}-{n}@example.invalid"
        body = comment_body(rng)
        verified = now - timedelta(hours=2)
        rows.append(
            ResidentComment(
                article=article,
                principle=rng.choice(principles),
                author_name=f"Invånare {n}",
                author_email=address,
                email_hash=email_hash(address),
                body=body,
                # As publishing stores it (feedback.services.transitions).
                body_html=body_html_for(body)
                if status == CommentStatus.APPROVED
                else "",
                status=status,
                verified_at=verified,
                moderated_at=now if status == CommentStatus.APPROVED else None,
                link_count=spam.count_links(body),
                suspect_words=spam.find_words(body, suspect),
                ip_hash=ip_hash(f"10.{n // 250 % 250}.{n % 250}.7"),
            )
        )
    ResidentComment.objects.bulk_create(rows, batch_size=1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approved", type=int, required=True)
    parser.add_argument("--pending", type=int, required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import transaction

    from feedback.models import CommentStatus
    from news.models import ArticlePage

    article = ArticlePage.objects.get(slug=ARTICLE_SLUG)
    rng = random.Random(f"{args.approved}/{args.pending}")
    with transaction.atomic():
        set_count(article, CommentStatus.APPROVED, args.approved, rng)
        set_count(article, CommentStatus.PENDING, args.pending, rng)
    print(f"{article.url_path}: {args.approved} approved, {args.pending} pending")


if __name__ == "__main__":
    main()
