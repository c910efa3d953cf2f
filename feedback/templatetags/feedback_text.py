from django import template

from feedback.sanitize import render_plain_text, stored_html, strip_bidi_controls

register = template.Library()


@register.filter(is_safe=True)
def plain_text(value):
    """Render a resident's plain text safely: escaped, line breaks, safe links."""
    return render_plain_text(str(value or ""))


@register.filter(is_safe=True)
def body_html(obj):
    """A comment's or official reply's public HTML, as stored when published."""
    return stored_html(obj)


@register.filter
def without_bidi(value):
    """A one-line text (a name) without direction overrides; still autoescaped."""
    return strip_bidi_controls(str(value or ""))
