"""The app's Django settings: each declared once here, with its default.

Read them with :func:`setting` where they are used, never at import, so that
a changed setting (``override_settings``, pytest's ``settings``) takes effect.
docs/architecture.md lists them for operators. The discussion rules that an
administrator edits in the admin are not settings: see ``DiscussionSettings``.
"""

from django.conf import settings

DEFAULTS = {
    # Characters a comment may have.
    "FEEDBACK_COMMENT_MAX_LENGTH": 5000,
    # Approved comments per page under an article, and on a principle's page.
    "FEEDBACK_COMMENTS_PER_PAGE": 50,
    "FEEDBACK_PRINCIPLE_COMMENTS_PER_PAGE": 20,
    # Seconds an article's rendered comment list is kept in the cache at most
    # (feedback.fragments); a change drops it at once.
    "FEEDBACK_COMMENT_LIST_SECONDS": 600,
    # Seconds a person needs at least to fill in the form; quicker is a bot.
    "FEEDBACK_MIN_FILL_SECONDS": 3,
    # The same for the retry page that a failed CSRF check shows (no
    # JavaScript): sent sooner, the person is asked to wait, nothing is lost.
    "FEEDBACK_RETRY_MIN_FILL_SECONDS": 2,
    # Overrides of feedback.ratelimit.DEFAULT_LIMITS: {scope: (count, seconds)}.
    "FEEDBACK_RATE_LIMITS": {},
    # reCAPTCHA, once its keys are set: "v2" (checkbox) or "v3" (scored).
    "FEEDBACK_RECAPTCHA_VERSION": "v2",
    # The lowest v3 score accepted at all (lower is refused as a robot).
    "FEEDBACK_RECAPTCHA_MIN_SCORE": 0.5,
    # Seconds the withdrawal link in a resident's email keeps working.
    "FEEDBACK_WITHDRAW_LINK_MAX_AGE": 365 * 24 * 3600,
    # Attempts at sending one email, and the delay before the first retry
    # (doubled for each further one).
    "FEEDBACK_EMAIL_MAX_ATTEMPTS": 6,
    "FEEDBACK_EMAIL_RETRY_BASE_SECONDS": 120,
    # The MAILERS alias that sends the app's email.
    "FEEDBACK_MAILER": "default",
}


def setting(name: str):
    """The value of the setting ``name`` (one of DEFAULTS), read now."""
    return getattr(settings, name, DEFAULTS[name])
