"""The dashboard panel and the weekly report agree with the data."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.admin.reports import escape_cell
from feedback.models import CommentStatus
from feedback.selectors_moderation import principle_report
from tests.factories import PrincipleFactory, ResidentCommentFactory

pytestmark = pytest.mark.django_db
S = CommentStatus
REPORT_URL = reverse("feedback_moderation:report")


def make(article, principle, *, status=S.PENDING, verified_ago, decided_after=None):
    now = timezone.now()
    comment = ResidentCommentFactory(
        article=article, principle=principle, status=status
    )
    comment.verified_at = now - verified_ago
    if decided_after is not None:
        comment.moderated_at = comment.verified_at + decided_after
    comment.save()
    return comment


def test_dashboard_panel_shows_pending_count_and_oldest_age(
    client_a, article, principles
):
    make(article, principles[0], verified_ago=datetime.timedelta(hours=3))
    make(article, principles[0], verified_ago=datetime.timedelta(days=2, hours=1))
    make(
        article,
        principles[0],
        status=S.APPROVED,
        verified_ago=datetime.timedelta(days=9),
        decided_after=datetime.timedelta(hours=1),
    )
    make(article, principles[1], verified_ago=datetime.timedelta(days=5))

    response = client_a.get(reverse("wagtailadmin_home"))

    # timesince separates number and unit with no-break spaces.
    content = response.content.decode().replace("\xa0", " ")
    assert "data-moderation-dashboard" in content
    assert 'data-pending="2"' in content
    assert "2 dagar, 1 timme sedan" in content
    # Another principle's queue is not this moderator's business.
    assert f'data-principle="{principles[1].pk}"' not in content


def test_dashboard_panel_is_absent_for_an_editor(client_editor):
    content = client_editor.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-moderation-dashboard" not in content


def test_report_counts_volume_rate_and_median_per_week(
    moderator_a, article, principles
):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    # Noon on this week's Monday: safely inside the week in local time.
    this_week = timezone.make_aware(
        datetime.datetime.combine(monday, datetime.time(12))
    )
    ago = timezone.now() - this_week
    hour = datetime.timedelta(hours=1)
    make(
        article, principles[0], status=S.APPROVED, verified_ago=ago, decided_after=hour
    )
    make(
        article,
        principles[0],
        status=S.APPROVED,
        verified_ago=ago,
        decided_after=3 * hour,
    )
    make(
        article,
        principles[0],
        status=S.REJECTED,
        verified_ago=ago,
        decided_after=10 * hour,
    )
    make(article, principles[0], verified_ago=ago)  # still pending
    make(  # last week
        article,
        principles[0],
        status=S.SPAM,
        verified_ago=ago + datetime.timedelta(days=7),
        decided_after=hour,
    )

    rows = principle_report(moderator_a, principles[0], weeks=2)

    last, this = rows
    assert this.week_start == monday
    assert (this.received, this.approved, this.rejected, this.spam) == (4, 2, 1, 0)
    assert this.approval_rate == pytest.approx(2 / 3)
    assert this.median_decision == 3 * hour
    assert (last.received, last.spam, last.approval_rate) == (1, 1, 0.0)


def test_report_is_empty_for_a_principle_one_does_not_moderate(
    moderator_a, article, principles
):
    make(
        article,
        principles[1],
        status=S.APPROVED,
        verified_ago=datetime.timedelta(hours=2),
        decided_after=datetime.timedelta(hours=1),
    )

    rows = principle_report(moderator_a, principles[1], weeks=1)

    assert [row.received for row in rows] == [0]


def test_report_page_and_exports_agree(client_a, article, principles):
    make(
        article,
        principles[0],
        status=S.APPROVED,
        verified_ago=datetime.timedelta(hours=5),
        decided_after=datetime.timedelta(hours=2),
    )
    make(article, principles[0], verified_ago=datetime.timedelta(hours=1))
    params = {"principle": principles[0].pk, "weeks": 1}

    page = client_a.get(REPORT_URL, params)
    csv_response = client_a.get(REPORT_URL, {**params, "export": "csv"})
    xlsx_response = client_a.get(REPORT_URL, {**params, "export": "xlsx"})

    [row] = page.context["rows"]
    assert (row.received, row.approved) == (2, 1)
    assert "<svg" in page.content.decode()
    csv_rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert csv_rows[1][2:8] == ["2", "1", "0", "0", "100.0", "2.0"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[1][2:8] == [2, 1, 0, 0, 100.0, 2.0]
    assert xlsx_response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_report_ignores_a_principle_one_does_not_moderate(client_a, principles):
    response = client_a.get(REPORT_URL, {"principle": principles[1].pk})
    assert response.context["principle"] == principles[0]


def test_report_turns_away_an_editor(client_editor):
    response = client_editor.get(REPORT_URL)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Samhörighet", "Samhörighet"),
        (-5, -5),
        (12.5, 12.5),
    ],
)
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_exports_escape_formula_like_cells(client_chief, article):
    evil = PrincipleFactory(name="=cmd|' /C calc'!A0", slug="ond")
    params = {"principle": evil.pk, "weeks": 1}

    csv_text = client_chief.get(REPORT_URL, {**params, "export": "csv"}).content
    xlsx = client_chief.get(REPORT_URL, {**params, "export": "xlsx"}).content

    csv_rows = list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig"))))
    assert csv_rows[1][0] == "'=cmd|' /C calc'!A0"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.value == "'=cmd|' /C calc'!A0"
    assert cell.data_type == "s"
