"""The council's export on a principle's page: published feedback for a period."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Site

from .api.exports import comments_csv, comments_json, export_filename
from .forms_open_data import PrincipleExportForm
from .selectors_open_data import in_period, published_comments, published_principles


def principle_export(request, slug):
    """GET with a period downloads; without one (or with errors) shows the form."""
    principle = get_object_or_404(published_principles(), slug=slug)
    form = PrincipleExportForm(request.GET or None)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "feedback/principle_export.html",
            {"principle": principle, "export_form": form},
            status=400 if form.is_bound else 200,
        )
    since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    comments = in_period(
        published_comments(Site.find_for_request(request)).filter(principle=principle),
        since=since,
        until=until,
    ).order_by("published_at", "pk")
    filename = export_filename(principle=principle, since=since, until=until)
    if form.cleaned_data["format"] == "csv":
        return comments_csv(comments, filename=filename)
    meta = {"principle": principle.slug, "since": since, "until": until}
    return comments_json(comments, meta=meta, filename=filename, request=request)
