"""The council's export: CSV for Excel and JSON, on the principle page and the API."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from feedback.models import CommentStatus, OfficialReply, ResidentComment
from tests.factories import ResidentCommentFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def published(article, principle, day, **kwargs):
    comment = ResidentCommentFactory(
        article=article, principle=principle, status=CommentStatus.APPROVED, **kwargs
    )
    at = datetime(2026, 1, day, 12, 0, tzinfo=STOCKHOLM)
    ResidentComment.objects.filter(pk=comment.pk).update(moderated_at=at)
    return comment


def rows(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_one_row_per_published_comment_oldest_first(
    client, article, principles
):
    later = published(article, principles[0], 20, body="Senare synpunkt")
    earlier = published(
        article, principles[0], 10, author_name="Åsa Öberg", body="Rad ett\nrad två"
    )
    OfficialReply.objects.create(comment=earlier, body="Kommunens svar")
    published(article, principles[1], 15, body="Annan princip")

    header, *body = rows(
        client.get("/principer/samhorighet/export/", {"format": "csv"})
    )

    assert header == [
        "Id",
        "Publicerad",
        "Skriven",
        "Princip",
        "Nyhet",
        "Nyhetens adress",
        "Namn",
        "Kommentar",
        "Kommunens svar",
        "Svaret publicerat",
        "Kommentarens adress",
    ]
    assert [row[0] for row in body] == [str(earlier.pk), str(later.pk)]
    first = dict(zip(header, body[0], strict=True))
    assert first["Publicerad"] == "2026-01-10 12:00"
    assert first["Namn"] == "Åsa Öberg"
    assert first["Kommentar"] == "Rad ett\nrad två"
    assert first["Kommunens svar"] == "Kommunens svar"
    assert first["Kommentarens adress"] == (
        f"http://testserver/nyheter/langsiktig-plan/#kommentar-{earlier.pk}"
    )


def test_csv_cells_that_look_like_formulas_are_made_inert(client, article, principles):
    published(
        article,
        principles[0],
        10,
        author_name='=HYPERLINK("http://evil.example")',
        body="+SUM(A1:A9)",
    )

    _, row = rows(client.get("/api/v2/comments/export/", {"format": "csv"}))

    assert row[6] == '\'=HYPERLINK("http://evil.example")'
    assert row[7] == "'+SUM(A1:A9)"


def test_a_period_limits_the_export_and_names_the_file(client, article, principles):
    published(article, principles[0], 5)
    inside = published(article, principles[0], 15)
    published(article, principles[0], 25)

    response = client.get(
        "/principer/samhorighet/export/",
        {"since": "2026-01-10", "until": "2026-01-20", "format": "csv"},
    )

    assert [row[0] for row in rows(response)[1:]] == [str(inside.pk)]
    assert response["Content-Disposition"] == (
        'attachment; filename="synpunkter-samhorighet-2026-01-10--2026-01-20.csv"'
    )


def test_json_export_has_the_api_fields_and_the_period(client, article, principles):
    comment = published(article, principles[0], 15)

    data = client.get(
        "/principer/samhorighet/export/", {"since": "2026-01-01", "format": "json"}
    ).json()

    assert data["meta"] == {
        "principle": "samhorighet",
        "since": "2026-01-01",
        "until": None,
        "total_count": 1,
    }
    api_item = client.get(f"/api/v2/comments/{comment.pk}/").json()
    assert data["items"] == [api_item]


def test_the_api_export_takes_the_listing_filters(client, article, principles):
    published(article, principles[0], 5)
    wanted = published(article, principles[2], 15)

    data = client.get(
        "/api/v2/comments/export/", {"principle": "stolthet", "since": "2026-01-10"}
    ).json()

    assert [item["id"] for item in data["items"]] == [wanted.pk]
    bad = client.get("/api/v2/comments/export/", {"since": "igår"})
    assert bad.status_code == 400
    assert bad.json()["message"].startswith("since: ")


def test_principle_page_offers_the_period_form(client, article, principles):
    html = client.get("/principer/samhorighet/").content.decode()

    assert 'action="/principer/samhorighet/export/"' in html
    assert 'method="get"' in html
    assert '<label for="id_since">Från och med</label>' in html
    assert 'type="date" name="since"' in html
    assert '<label for="id_until">Till och med</label>' in html
    assert 'name="format" value="csv"' in html


def test_an_invalid_period_shows_the_form_again_with_its_errors(
    client, article, principles
):
    response = client.get(
        "/principer/samhorighet/export/",
        {"since": "2026-02-01", "until": "2026-01-01", "format": "csv"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Filen kunde inte skapas" in html
    assert 'href="#id_until"' in html
    assert "Slutdatumet kan inte vara före startdatumet." in html
    assert client.get("/principer/samhorighet/export/").status_code == 200
    assert client.get("/principer/finns-inte/export/").status_code == 404
