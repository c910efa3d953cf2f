"""Quiet spam checks: honeypot, minimum fill time, word lists and links.

The honeypot and the timing check fail quietly: the caller makes the response
look like success and stores nothing, so a bot learns nothing.
"""

import re
import time

from django.core import signing

from .conf import setting

HONEYPOT_FIELD = "webbplats"
TIMESTAMP_SALT = "feedback.comment-form.started"

# What urlize would turn into a link, plus anything with a scheme.
LINK_PATTERN = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+"
    r"|\b[\w.-]+\.(?:se|com|org|net|nu|info|io|ru|biz|eu)\b(?:/\S*)?",
    re.IGNORECASE,
)


def sign_started_at(now: float | None = None) -> str:
    """A tamper-proof note of when the form was rendered."""
    return signing.dumps(
        int(now if now is not None else time.time()), salt=TIMESTAMP_SALT
    )


def filled_too_fast(signed_value: str, now: float | None = None) -> bool:
    """True when the form came back sooner than a person could fill it in.

    A missing or tampered timestamp counts as too fast: only a client that did
    not render our form sends one.
    """
    minimum = setting("FEEDBACK_MIN_FILL_SECONDS")
    try:
        started = int(signing.loads(signed_value or "", salt=TIMESTAMP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    elapsed = (now if now is not None else time.time()) - started
    return elapsed < minimum


def honeypot_filled(value: str) -> bool:
    return bool((value or "").strip())


def count_links(text: str) -> int:
    return len(LINK_PATTERN.findall(text or ""))


def find_words(text: str, words: list[str]) -> list[str]:
    """The entries of ``words`` (case-folded words or phrases) found in ``text``.

    Matches whole words only, so "sex" does not flag "Essex".
    """
    folded = (text or "").casefold()
    found = []
    for word in words:
        pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
        if re.search(pattern, folded):
            found.append(word)
    return found
