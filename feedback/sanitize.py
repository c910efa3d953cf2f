"""The one way a resident's plain text becomes HTML.

Text is escaped, line breaks are kept and http(s) URLs become links marked
``rel="nofollow ugc noopener"``. Django's ``urlize`` does the escaping and the
linking; nh3 (Rust's Ammonia) then enforces the result: only ``<a href>`` and
``<br>`` survive, only absolute http(s) URLs are kept, so a disguised
``javascript:`` or ``data:`` link loses its ``href``. See
docs/decisions/0001-nh3-instead-of-bleach.md for why not bleach.
"""

import re

import nh3
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset({"a", "br"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href"})}
URL_SCHEMES = frozenset({"http", "https"})
LINK_REL = "nofollow ugc noopener"

# Bidirectional embeddings, overrides and isolates: in someone else's text they
# only serve to make it display differently from what it is.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def render_plain_text(text: str) -> SafeString:
    """Return ``text`` (as typed by a resident) as safe, inert HTML."""
    text = strip_bidi_controls(text or "").replace("\r\n", "\n").replace("\r", "\n")
    linked = urlize(text, nofollow=True, autoescape=True)
    with_breaks = linked.replace("\n", "<br>\n")
    cleaned = nh3.clean(
        with_breaks,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # The only mark_safe for resident text: nh3 has just enforced the allow-list.
    return mark_safe(cleaned)  # noqa: S308


def stored_html(obj) -> SafeString:
    """The public HTML of a comment or official reply: what was stored when it
    was published, or rendered now from ``body`` if nothing is stored yet."""
    if obj.body_html:
        # Written only by render_plain_text (feedback.services.rendering).
        return mark_safe(obj.body_html)  # noqa: S308
    return render_plain_text(obj.body)
