"""The dashboard panel and the weekly report agree with the data."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from feedback.admin.reports import duration_text, escape_cell
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


@pytest.mark.clock_sensitive
def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def approved(article, principle, *, verified_ago, decided_after):
    return make(
        article,
        principle,
        status=S.APPROVED,
        verified_ago=verified_ago,
        decided_after=decided_after,
    )


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


def local_noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.mark.clock_sensitive
def test_report_counts_volume_rate_and_median_per_seven_days(
    moderator_a, article, principles
):
    today = timezone.localdate()
    # The first day of the newest period and the last day of the one before.
    newest_first_day = today - datetime.timedelta(days=6)
    older_last_day = today - datetime.timedelta(days=7)
    ago = timezone.now() - local_noon(newest_first_day)
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
    make(
        article,
        principles[0],
        status=S.SPAM,
        verified_ago=timezone.now() - local_noon(older_last_day),
        decided_after=hour,
    )

    rows = principle_report(moderator_a, principles[0], weeks=2)

    older, newest = rows
    assert (newest.first_day, newest.last_day) == (newest_first_day, today)
    assert (older.first_day, older.last_day) == (
        today - datetime.timedelta(days=13),
        older_last_day,
    )
    assert (newest.received, newest.approved, newest.rejected, newest.spam) == (
        4,
        2,
        1,
        0,
    )
    assert newest.approval_rate == pytest.approx(2 / 3)
    assert newest.median_decision == 3 * hour
    assert (older.received, older.spam, older.approval_rate) == (1, 1, 0.0)


@pytest.mark.clock_sensitive
def test_report_counts_a_comment_on_the_local_day_it_was_confirmed(
    moderator_a, article, principles
):
    today = timezone.localdate()
    boundary = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=6), datetime.time())
    )
    second = datetime.timedelta(seconds=1)
    make(article, principles[0], verified_ago=timezone.now() - (boundary - second))
    make(article, principles[0], verified_ago=timezone.now() - boundary)

    older, newest = principle_report(moderator_a, principles[0], weeks=2)

    assert (older.received, newest.received) == (1, 1)


@pytest.mark.clock_sensitive
def test_report_holds_the_last_hours_whatever_the_weekday(
    moderator_a, article, principles
):
    # Reported on a Monday just after midnight: the weekend's comments were
    # in no row when the newest row started on this Monday.
    for hours in (1, 5, 30):
        make(article, principles[0], verified_ago=datetime.timedelta(hours=hours))

    [row] = principle_report(moderator_a, principles[0], weeks=1)

    assert row.received == 3
    assert row.last_day == timezone.localdate()


@pytest.mark.clock_sensitive
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


@pytest.mark.clock_sensitive
def test_report_page_and_exports_agree(client_a, article, principles):
    approved(
        article,
        principles[0],
        verified_ago=datetime.timedelta(hours=5),
        decided_after=datetime.timedelta(minutes=90),
    )
    make(article, principles[0], verified_ago=datetime.timedelta(hours=1))
    params = {"principle": principles[0].pk, "weeks": 1}
    today = timezone.localdate()
    period = [(today - datetime.timedelta(days=6)).isoformat(), today.isoformat()]

    page = client_a.get(REPORT_URL, params)
    csv_response = client_a.get(REPORT_URL, {**params, "export": "csv"})
    xlsx_response = client_a.get(REPORT_URL, {**params, "export": "xlsx"})

    [row] = page.context["rows"]
    assert (row.received, row.approved) == (2, 1)
    html = page.content.decode()
    assert "<svg" in html
    assert "<td data-median>1,5 timmar</td>" in html
    assert "<td>100 %</td>" in html
    csv_rows = read_csv(csv_response.content)
    assert csv_rows[1][1:] == [
        *period,
        *["2", "1", "0", "0", "100.0", "90.0", "1,5 timmar"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[1][1:] == [*period, 2, 1, 0, 0, 100.0, 90.0, "1,5 timmar"]
    assert xlsx_response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert f"moderering-samhorighet-{today}.csv" in csv_response["Content-Disposition"]


@pytest.mark.parametrize(
    ("duration", "language", "expected"),
    [
        (datetime.timedelta(seconds=40), "sv", "under 1 min"),
        (datetime.timedelta(minutes=12, seconds=10), "sv", "12 min"),
        (datetime.timedelta(minutes=59, seconds=40), "sv", "1 timme"),
        (datetime.timedelta(minutes=90), "sv", "1,5 timmar"),
        (datetime.timedelta(hours=2), "sv", "2 timmar"),
        (datetime.timedelta(hours=47), "sv", "47 timmar"),
        (datetime.timedelta(days=3), "sv", "3 dagar"),
        (datetime.timedelta(hours=60), "sv", "2,5 dagar"),
        (datetime.timedelta(minutes=12), "en", "12 min"),
        (datetime.timedelta(minutes=90), "en", "1.5 hours"),
        (datetime.timedelta(hours=1), "en", "1 hour"),
        (datetime.timedelta(days=1, hours=12), "en", "36 hours"),
    ],
)
def test_median_decision_time_reads_in_minutes_hours_or_days(
    duration, language, expected
):
    with translation.override(language):
        assert duration_text(duration) == expected


def test_report_shows_a_median_in_minutes_as_minutes(client_a, article, principles):
    approved(
        article,
        principles[0],
        verified_ago=datetime.timedelta(hours=2),
        decided_after=datetime.timedelta(minutes=12),
    )
    params = {"principle": principles[0].pk, "weeks": 1}

    page = client_a.get(REPORT_URL, params).content.decode()
    csv_text = client_a.get(REPORT_URL, {**params, "export": "csv"}).content

    assert "<td data-median>12 min</td>" in page
    assert "0,0" not in page
    csv_rows = read_csv(csv_text)
    assert csv_rows[0][-2:] == [
        "Mediantid till beslut (minuter)",
        "Mediantid till beslut",
    ]
    assert csv_rows[1][-2:] == ["12.0", "12 min"]


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

    csv_rows = read_csv(csv_text)
    assert csv_rows[1][0] == "'=cmd|' /C calc'!A0"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.value == "'=cmd|' /C calc'!A0"
    assert cell.data_type == "s"
