"""The weekly moderation report per principle, on screen and as CSV or XLSX."""

import csv
import io

from django.http import HttpResponse
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
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


def _plural_count(value: float) -> int:
    # gettext wants an integer; a fraction ("1,5 timmar") takes the plural.
    return int(value) if float(value).is_integer() else 0


def duration_text(duration) -> str:
    """A median decision time as a moderator reads it: "12 min", "1,5 timmar",
    "3 dagar", with the active language's decimal separator."""
    minutes = duration.total_seconds() / 60
    if minutes < 1:
        return str(_("under 1 min"))
    if minutes < 59.5:
        return str(_("%(minutes)s min") % {"minutes": round(minutes)})
    hours = round(minutes / 60, 1)
    if hours < 48:
        return ngettext("%(hours)s timme", "%(hours)s timmar", _plural_count(hours)) % {
            "hours": floatformat(hours, -1)
        }
    days = round(hours / 24, 1)
    return ngettext("%(days)s dag", "%(days)s dagar", _plural_count(days)) % {
        "days": floatformat(days, -1)
    }


def report_line(row) -> dict:
    """One row's figures as the page and the exports show them."""
    rate = row.approval_rate
    median = row.median_decision
    return {
        "row": row,
        "approval_percent": round(rate * 100, 1) if rate is not None else None,
        "median_minutes": (
            round(median.total_seconds() / 60, 1) if median is not None else None
        ),
        "median_text": duration_text(median) if median is not None else "",
    }


def report_table(principle, rows) -> tuple[list[str], list[list]]:
    """Header and rows of the report, as exported (plain values).

    The median is there twice: in minutes, for calculations, and as the page
    shows it.
    """
    header = [
        str(_("Princip")),
        str(_("Från")),
        str(_("Till och med")),
        str(_("Inkomna")),
        str(_("Godkända")),
        str(_("Avvisade")),
        str(_("Skräppost")),
        str(_("Godkännandegrad (%)")),
        str(_("Mediantid till beslut (minuter)")),
        str(_("Mediantid till beslut")),
    ]
    body = []
    for row in rows:
        line = report_line(row)
        body.append(
            [
                principle.name,
                row.first_day.isoformat(),
                row.last_day.isoformat(),
                row.received,
                row.approved,
                row.rejected,
                row.spam,
                "" if line["approval_percent"] is None else line["approval_percent"],
                "" if line["median_minutes"] is None else line["median_minutes"],
                line["median_text"],
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
    """Volume, approval rate and median time to decision, per seven days."""

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
            rows = self.rows()
            header, body = report_table(self.principle, rows)
            # The period ends today, so the file name says which day it was.
            filename = f"moderering-{self.principle.slug}-{rows[-1].last_day}"
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
                "days": 7 * self.weeks,
                "first_day": rows[0].first_day if rows else None,
                "last_day": rows[-1].last_day if rows else None,
                "rows": rows,
                "lines": [report_line(row) for row in rows],
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
