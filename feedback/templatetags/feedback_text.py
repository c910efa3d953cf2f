from django import template

from feedback.sanitize import render_plain_text

register = template.Library()


@register.filter(is_safe=True)
def plain_text(value):
    """Render a resident's plain text safely: escaped, line breaks, safe links."""
    return render_plain_text(str(value or ""))
