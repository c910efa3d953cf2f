"""The actions registry is complete enough for every screen that reads it."""

from feedback.models import CommentStatus
from feedback.notifications import COMMENTER_MAIL_SETTINGS
from feedback.services import actions


def test_action_names_are_unique():
    names = [action.name for action in actions.ACTIONS]
    assert len(names) == len(set(names))


def test_every_moderator_action_has_its_button_and_message():
    for action in actions.moderator_actions():
        assert action.label, action.name
        assert action.success_message, action.name


def test_every_bulk_action_has_its_texts():
    for action in actions.bulk_actions():
        assert action.bulk.aria_label, action.name
        assert action.bulk.success_message % {"count": 2}, action.name


def test_every_commenter_email_has_a_discussion_setting():
    kinds = {a.commenter_mail for a in actions.ACTIONS if a.commenter_mail}
    assert kinds <= set(COMMENTER_MAIL_SETTINGS)


def test_every_status_but_withdrawn_can_be_left():
    leaving = {s for s, to in actions.allowed_transitions().items() if to}
    assert leaving == set(CommentStatus.values) - {CommentStatus.WITHDRAWN}


def test_the_buttons_a_pending_comment_offers():
    names = [a.name for a in actions.moderator_actions_for(CommentStatus.PENDING)]
    assert names == ["approve", "reject", "spam"]
