"""Mark the municipality's Swedish content as Swedish when the interface is not.

WCAG 3.1.2: with the interface in English, articles, comments and principle
names stay Swedish and must say so. Block elements take ``content_lang_attr``
from portal.context_processors.content_language; text inside a translated
sentence (an article's title in "Back to ”...”") takes this filter.
"""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_content_language(value):
    """``value``, escaped, in a ``<span lang="sv">`` under another interface."""
    if get_language() == settings.LANGUAGE_CODE:
        return conditional_escape(value)
    return format_html('<span lang="{}">{}</span>', settings.LANGUAGE_CODE, value)
