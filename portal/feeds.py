"""What every Atom feed of the portal shares.

Browsers show a feed through an XSL stylesheet (static/feeds/atom.xsl, same
origin, named in an ``<?xml-stylesheet?>`` processing instruction) that turns
it into a page explaining what a feed is. Its output links the site's CSS and
has no inline script or style, so the site's CSP holds. Entries whose text is
HTML carry it as Atom XHTML content, which the stylesheet can copy into the
page as elements (browsers' XSLT cannot un-escape HTML text).
"""

from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from django.contrib.syndication.views import Feed
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator

XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
VOID_ELEMENTS = frozenset({"br"})


def feed_stylesheets() -> list[Stylesheet]:
    return [Stylesheet(static("feeds/atom.xsl"), mimetype="text/xsl")]


class _XHTMLWriter(HTMLParser):
    """Replays well-formed HTML (our templates' output) as XML elements."""

    def __init__(self, handler):
        super().__init__(convert_charrefs=True)
        self.handler = handler

    def handle_starttag(self, tag, attrs):
        self.handler.startElement(tag, {name: value or "" for name, value in attrs})
        if tag in VOID_ELEMENTS:
            self.handler.endElement(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handler.endElement(tag)

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS:
            self.handler.endElement(tag)

    def handle_data(self, data):
        self.handler.characters(data)


class PortalAtomFeed(Atom1Feed):
    """Atom with the browser stylesheet and XHTML entry content.

    Django writes ``<?xml-stylesheet?>`` for RSS only; Atom gets it here. An
    item's ``content_html`` (extra keyword) becomes ``<content type="xhtml">``.
    """

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        # Before the root element, as the xml-stylesheet recommendation says.
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.startElement("content", {"type": "xhtml"})
            handler.startElement("div", {"xmlns": XHTML_NAMESPACE})
            writer = _XHTMLWriter(handler)
            writer.feed(item["content_html"])
            writer.close()
            handler.endElement("div")
            handler.endElement("content")


@dataclass(frozen=True)
class FeedEntry:
    """One entry, whatever it stands for (an article, a comment)."""

    title: str
    link: str
    published: datetime
    updated: datetime | None = None
    author_name: str | None = None
    summary: str | None = None
    content_html: str = ""
    categories: tuple[str, ...] = field(default_factory=tuple)


class PortalFeed(Feed):
    """An Atom feed that a browser shows as a page (through atom.xsl).

    Browsers apply XSLT only to documents they render as XML, and Chromium
    shows ``application/atom+xml`` as plain text. A browser navigating to the
    feed (it asks for text/html and not for Atom) gets the same document as
    ``application/xml``; feed readers, which ask for Atom or for anything,
    get ``application/atom+xml``.
    """

    feed_type = PortalAtomFeed

    def stylesheets(self):
        return feed_stylesheets()

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        accept = request.headers.get("Accept", "")
        if "text/html" in accept and "application/atom+xml" not in accept:
            response["Content-Type"] = "application/xml; charset=utf-8"
        patch_vary_headers(response, ["Accept"])
        return response


class EntryFeed(PortalFeed):
    """A feed whose ``items`` are FeedEntry objects."""

    def item_title(self, entry):
        return entry.title

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.link

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated or entry.published

    def item_author_name(self, entry):
        return entry.author_name

    def item_description(self, entry):
        return entry.summary

    def item_categories(self, entry):
        return entry.categories

    def item_extra_kwargs(self, entry):
        return {"content_html": entry.content_html}
