"""Keep the secrets in emailed links out of every log line.

A confirm, withdraw or "stop email" link carries a token in its path; whoever
reads an access log with those paths could confirm, withdraw (a withdraw link
is valid for a year) or silence someone else's comment. Log lines are
redacted where they are written: Django's loggers (``django.request``,
``django.server``) through :class:`RedactTokensFilter` on the handlers in
``settings.LOGGING``, and gunicorn's access and error logs through the same
filter, installed by ``deploy/gunicorn.conf.py``.

This module imports nothing from Django so that gunicorn can load it before
the application.
"""

import logging
import re

REDACTED = "[dold]"

# The public paths whose next segment is a token (see feedback/urls.py; a test
# checks that every URL with a token is covered). Matched anywhere in a line:
# the path, the request line and the Referer of the page that followed.
TOKEN_PATH = re.compile(
    r"(/kommentarer/(?:bekrafta|aterkalla|stoppa-epost)/)[^/?#\s\"']+"
)


def redact(text: str) -> str:
    """``text`` with the token of every emailed link replaced by a marker."""
    return TOKEN_PATH.sub(r"\g<1>" + REDACTED, text)


class RedactTokensFilter(logging.Filter):
    """Rewrite a record's message with the tokens taken out.

    The message is formatted first, so a token in the arguments (Django's
    "Not Found: %s", gunicorn's access-log atoms) is caught as well.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
