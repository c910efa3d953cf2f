"""Published comments for a period as CSV (for Excel) or JSON, for the council.

The same rows and the same privacy rule as the API: only what the pages show.
CSV cells go through the admin report's writer (UTF-8 with a BOM, formula
cells made inert), so both exports guard spreadsheets the same way.
"""

import json

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.utils.encoders import JSONEncoder

from feedback.admin.reports import export_csv
from feedback.sanitize import strip_bidi_controls
from portal.links import page_absolute_url

from .serializers import PublishedCommentSerializer, comment_html_url


def export_filename(*, principle=None, since=None, until=None) -> str:
    parts = [_("synpunkter"), principle.slug if principle else _("alla")]
    if since or until:
        parts.append(f"{since or ''}--{until or ''}")
    return "-".join(parts)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def comments_table(comments) -> tuple[list[str], list[list]]:
    """Header and rows: plain text, since a spreadsheet is not a web page."""
    header = [
        _("Id"),
        _("Publicerad"),
        _("Skriven"),
        _("Princip"),
        _("Nyhet"),
        _("Nyhetens adress"),
        _("Namn"),
        _("Kommentar"),
        _("Kommunens svar"),
        _("Svaret publicerat"),
        _("Kommentarens adress"),
    ]
    body = []
    for comment in comments:
        reply = getattr(comment, "official_reply", None)
        body.append(
            [
                comment.pk,
                _local(comment.published_at),
                _local(comment.created_at),
                comment.principle.name,
                comment.article.title,
                page_absolute_url(comment.article),
                strip_bidi_controls(comment.author_name),
                strip_bidi_controls(comment.body),
                strip_bidi_controls(reply.body) if reply else "",
                _local(reply.created_at) if reply else "",
                comment_html_url(comment),
            ]
        )
    return header, body


def comments_csv(comments, *, filename: str) -> HttpResponse:
    header, body = comments_table(comments)
    return export_csv(filename, header, body)


def comments_json(comments, *, meta: dict, filename: str | None = None, request=None):
    """``{"meta": {...}, "items": [...]}`` with the API's comment fields."""
    items = PublishedCommentSerializer(
        comments, many=True, context={"request": request}
    ).data
    payload = {"meta": {**meta, "total_count": len(items)}, "items": items}
    response = HttpResponse(
        json.dumps(payload, cls=JSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response
