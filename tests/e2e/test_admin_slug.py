"""An editor types a Swedish title in the admin; the address comes out in ASCII."""

import pytest
from django.contrib.auth.models import Group

from news.models import ArticlePage
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def editor(live_site):
    user = UserFactory(username="redaktor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_slug_from_a_swedish_title_is_ascii(page, live_site, editor):
    page.goto(live_site.url + "/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", "password-for-tests")
    page.click("button[type=submit]")
    page.wait_for_url(live_site.url + "/admin/")
    page.goto(
        f"{live_site.url}/admin/pages/add/news/articlepage/{live_site.news_index.pk}/"
    )

    page.wait_for_load_state("networkidle")
    page.locator("#id_title").press_sequentially("Nytt gång- och cykelstråk över ån")
    page.keyboard.press("Tab")
    # The title reaches the slug field after the sync controller's debounce.
    page.wait_for_function("() => document.getElementById('id_slug').value !== ''")

    assert page.input_value("#id_slug") == "nytt-gang-och-cykelstrak-over-an"
    page.fill("#id_lead", "Ingress.")
    with page.expect_navigation():
        page.click("form[data-edit-form] button[type=submit]:visible >> nth=0")
    page.wait_for_load_state("networkidle")
    article = ArticlePage.objects.get(title="Nytt gång- och cykelstråk över ån")
    assert article.slug == "nytt-gang-och-cykelstrak-over-an"
