"""Which discussion rules govern a comment: those of its article's site.

One answer for every caller, in two forms: :func:`discussion_settings_for`
for one article, and :func:`site_scopes` for queries over many comments
(retention, digests). Both follow Wagtail's rule for which site a page
belongs to: the site whose root is the page's nearest ancestor, the default
site first when two sites share a root.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from wagtail.models import Site

from feedback.models import DiscussionSettings

# Article id -> its rules, while a batch (see remembered_discussion_settings)
# runs; None otherwise, and then every call asks the database.
_remembered: ContextVar[dict | None] = ContextVar(
    "feedback_discussion_settings", default=None
)


@contextmanager
def remembered_discussion_settings():
    """Within the block, look up each article's rules once.

    For a batch of changes in one transaction (a bulk moderation), whose
    reactions would otherwise ask for the same article's rules once per
    comment. The rules cannot change meanwhile in a way the batch should see.
    """
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


_ROOTS = ("site root paths",)


def site_for(article=None) -> Site | None:
    """The site ``article`` belongs to; the default site for an article under
    no site's root (not routable) or for no article at all."""
    site = article.get_site() if article is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def _rules_key(article, remembered: dict):
    """What decides ``article``'s site: its parent, as for its siblings,
    unless it is the root of a site itself (then the article)."""
    if article is None:
        return None
    if _ROOTS not in remembered:
        # The sites' roots, read once per batch too.
        remembered[_ROOTS] = {root.root_path for root in Site.get_site_root_paths()}
    roots = remembered[_ROOTS]
    if article.url_path in roots or len(article.path) <= article.steplen:
        return ("page", article.pk)
    return ("parent", article.path[: -article.steplen])


def discussion_settings_for(article, request=None) -> DiscussionSettings:
    """The discussion rules of the site ``article`` belongs to.

    An article under no site's root (not routable) gets the default site's
    rules, and without any site at all the rules' defaults. Given the
    ``request`` that serves the article, the rules are those Wagtail keeps for
    the request (also what templates read as ``settings.feedback``) when the
    article belongs to the request's site: no query for the site or the rules.
    """
    if request is not None:
        parts = article.get_url_parts(request)
        site = Site.find_for_request(request)
        if parts is not None and site is not None and parts[0] == site.pk:
            return DiscussionSettings.for_request(request)
    remembered = _remembered.get()
    key = _rules_key(article, remembered) if remembered is not None else None
    if remembered is not None and key in remembered:
        return remembered[key]
    site = site_for(article)
    rules = DiscussionSettings() if site is None else DiscussionSettings.for_site(site)
    if remembered is not None:
        remembered[key] = rules
    return rules


def site_scopes() -> list[tuple[Site, Q]]:
    """Each site with a filter for the comments its discussion settings govern.

    A site nested under another keeps its own rules, and two sites on one
    root (another host name) are counted once, with the default site's.
    """
    sites = sorted(
        Site.objects.select_related("root_page"),
        key=lambda site: (-len(site.root_page.path), not site.is_default_site),
    )
    scopes = []
    claimed: list[str] = []
    for site in sites:
        path = site.root_page.path
        if path in claimed:
            continue
        scope = Q(article__path__startswith=path)
        for deeper in claimed:
            if deeper.startswith(path):
                scope &= ~Q(article__path__startswith=deeper)
        claimed.append(path)
        scopes.append((site, scope))
    return scopes
