"""Reads of pages for anonymous visitors outside the page tree's own views."""

from wagtail.models import Page


def public_pages(site, model=Page):
    """Live pages (of ``model``) of ``site``, outside every view restriction.

    Nothing at all when the site's root page is not live. Unlike Wagtail's own
    API, this never depends on who asks: no session, no login, no ``?site=``.
    """
    if site is None or not site.root_page.live:
        return model.objects.none()
    return model.objects.live().public().descendant_of(site.root_page, inclusive=True)
