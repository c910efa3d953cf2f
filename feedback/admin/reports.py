"""The weekly moderation report per principle, on screen and as CSV or XLSX."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from openpyxl import Workbook
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from feedback.links import url
from feedback.permissions import principles_moderated_by, require_moderator
from feedback.selectors_moderation import principle_report

# A spreadsheet reads a cell that starts with one of these as a formula
# (CSV injection); such cells are exported with a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_WEEKS = 104
CHART_HEIGHT = 160
BAR_WIDTH = 14


def escape_cell(value):
    """Make a cell inert in spreadsheets: strings that look like formulas are
    prefixed with an apostrophe; numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def report_table(principle, rows) -> tuple[list[str], list[list]]:
    """Header and rows of the report, as exported (plain values)."""
    header = [
        str(_("Princip")),
        str(_("Vecka från")),
        str(_("Inkomna")),
        str(_("Godkända")),
        str(_("Avvisade")),
        str(_("Skräppost")),
        str(_("Godkännandegrad (%)")),
        str(_("Mediantid till beslut (timmar)")),
    ]
    body = []
    for row in rows:
        rate = row.approval_rate
        hours = row.median_decision_hours
        body.append(
            [
                principle.name,
                row.week_start.isoformat(),
                row.received,
                row.approved,
                row.rejected,
                row.spam,
                round(rate * 100, 1) if rate is not None else "",
                round(hours, 1) if hours is not None else "",
            ]
        )
    return header, body


def export_csv(filename, header, body) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in [header, *body]:
        writer.writerow([escape_cell(cell) for cell in line])
    response = HttpResponse(
        # A BOM so that Excel reads the Swedish letters as UTF-8.
        "\ufeff" + buffer.getvalue(),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(filename, header, body) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Rapport")))
    for line in [header, *body]:
        sheet.append([escape_cell(cell) for cell in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def chart_bars(rows):
    """Bar geometry for the inline SVG: received and approved per week."""
    peak = max([row.received for row in rows] + [1])
    bars = []
    for index, row in enumerate(rows):
        x = index * (BAR_WIDTH * 2 + 8) + 4
        received = round(row.received / peak * CHART_HEIGHT)
        approved = round(row.approved / peak * CHART_HEIGHT)
        bars.append(
            {
                "row": row,
                "x": x,
                "x2": x + BAR_WIDTH,
                "received_height": received,
                "received_y": CHART_HEIGHT - received,
                "approved_height": approved,
                "approved_y": CHART_HEIGHT - approved,
                "label_x": x + BAR_WIDTH,
            }
        )
    return bars


class PrincipleReportView(WagtailAdminTemplateMixin, TemplateView):
    """Volume, approval rate and median time to decision, week by week."""

    template_name = "feedback/admin/report.html"
    page_title = _("Moderering: rapport")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        require_moderator(request.user)
        self.principles = list(principles_moderated_by(request.user))
        chosen = request.GET.get("principle", "")
        self.principle = next(
            (p for p in self.principles if str(p.pk) == chosen),
            self.principles[0] if self.principles else None,
        )
        try:
            self.weeks = min(max(int(request.GET.get("weeks", 12)), 1), MAX_WEEKS)
        except ValueError:
            self.weeks = 12
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": url("list"), "label": _("Moderering")},
            {"url": "", "label": _("Rapport")},
        ]

    def rows(self):
        if self.principle is None:
            return []
        return principle_report(self.request.user, self.principle, weeks=self.weeks)

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("csv", "xlsx") and self.principle is not None:
            header, body = report_table(self.principle, self.rows())
            filename = f"moderering-{self.principle.slug}"
            if export == "csv":
                return export_csv(filename, header, body)
            return export_xlsx(filename, header, body)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.rows()
        context.update(
            {
                "principles": self.principles,
                "principle": self.principle,
                "weeks": self.weeks,
                "rows": rows,
                "bars": chart_bars(rows),
                "chart_width": len(rows) * (BAR_WIDTH * 2 + 8) + 8,
                "chart_height": CHART_HEIGHT,
                "totals": {
                    "received": sum(r.received for r in rows),
                    "approved": sum(r.approved for r in rows),
                    "rejected": sum(r.rejected for r in rows),
                    "spam": sum(r.spam for r in rows),
                },
                "report_url": url("report"),
            }
        )
        return context
