"""Admin forms for our pages."""

from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.coreutils import string_to_ascii


class AsciiSlugPageForm(WagtailAdminPageForm):
    """Transliterate a typed slug ("nytt-gång" -> "nytt-gang") before Wagtail
    checks that it is free among the page's siblings, so a clash is a form
    error and not a failed save."""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug and not slug.isascii():
            slug = slugify(string_to_ascii(slug))
        return slug
