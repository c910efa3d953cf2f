"""Quiet spam checks: honeypot, minimum fill time, word lists and links.

The honeypot and the timing check fail quietly: the caller makes the response
look like success and stores nothing, so a bot learns nothing.
"""

import enum
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


# The retry page (the form again after a failed CSRF check) stamps its own
# time with another salt: it has its own, shorter minimum, and sent too soon
# it gets a visible "wait a moment", never the quiet drop.
RETRY_TIMESTAMP_SALT = "feedback.comment-form.retry-started"


class FillTime(enum.Enum):
    OK = "ok"
    TOO_FAST = "too_fast"
    RETRY_TOO_FAST = "retry_too_fast"


def sign_started_at(now: float | None = None, *, retry: bool = False) -> str:
    """A tamper-proof note of when the form (or the retry page) was rendered."""
    return signing.dumps(
        int(now if now is not None else time.time()),
        salt=RETRY_TIMESTAMP_SALT if retry else TIMESTAMP_SALT,
    )


def sign_retry_started_at() -> str:
    return sign_started_at(retry=True)


def _unsign(signed_value: str, salt: str) -> int | None:
    try:
        return int(signing.loads(signed_value or "", salt=salt))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def fill_time(signed_value: str, now: float | None = None) -> FillTime:
    """Whether the form came back later than a person could fill it in.

    A missing or tampered timestamp counts as too fast: only a client that did
    not render our form sends one. A retry page's stamp has its own minimum
    (``FEEDBACK_RETRY_MIN_FILL_SECONDS``: the text is already written, but a
    bot re-posting at once must still wait).
    """
    now = now if now is not None else time.time()
    started = _unsign(signed_value, TIMESTAMP_SALT)
    if started is not None:
        if now - started < setting("FEEDBACK_MIN_FILL_SECONDS"):
            return FillTime.TOO_FAST
        return FillTime.OK
    started = _unsign(signed_value, RETRY_TIMESTAMP_SALT)
    if started is None:
        return FillTime.TOO_FAST
    if now - started < setting("FEEDBACK_RETRY_MIN_FILL_SECONDS"):
        return FillTime.RETRY_TOO_FAST
    return FillTime.OK


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
