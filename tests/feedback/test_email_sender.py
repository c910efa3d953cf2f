"""Emails are sent and signed in the name of the organisation in the portal settings."""

import email
from email.policy import default

import pytest
from django.core import mail

from portal.models import PortalSettings
from tests.factories import comment_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(home_page):
    portal = PortalSettings.for_site(home_page.get_site())
    portal.organisation_name = "Enköpings kommun"
    portal.save()
    return portal.organisation_name


def send_verification(client, article, principle):
    client.post(f"/kommentarer/artikel/{article.pk}/", comment_form_data(principle))
    [message] = mail.outbox
    return message


def test_mail_is_signed_by_the_organisation(client, article, principles, organisation):
    message = send_verification(client, article, principles[0])

    assert message.body.rstrip().endswith("Enköpings kommun")
    assert "hos Enköpings kommun och angett den här e-postadressen" in message.body
    assert "Kommunens nyheter" not in message.body
    assert "Enköpings kommun</p>" in message.alternatives[0].content


def test_default_sender_is_named_after_the_organisation(
    client, article, principles, organisation, settings
):
    settings.DEFAULT_FROM_EMAIL = "noreply@localhost"

    message = send_verification(client, article, principles[0])

    assert message.from_email == "Enköpings kommun <noreply@localhost>"
    sent = email.message_from_bytes(message.message().as_bytes(), policy=default)
    assert sent["From"].addresses[0].display_name == "Enköpings kommun"


def test_a_named_sender_is_kept(client, article, principles, organisation, settings):
    settings.DEFAULT_FROM_EMAIL = "Synpunkter <synpunkter@example.se>"

    message = send_verification(client, article, principles[0])

    assert message.from_email == "Synpunkter <synpunkter@example.se>"
