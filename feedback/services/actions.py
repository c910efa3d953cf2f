"""The comment lifecycle, declared once: every action that changes a status.

Each :class:`CommentAction` says from which statuses it applies, the status
it leads to, how Wagtail's audit log names it and, for the actions moderators
take in the admin, everything the screens need: button text and look, the
message after it, whether it needs a reason, bulk availability, the email the
commenter gets. Everything else reads this module:

- ``comment_transition`` applies only the moves declared here, and announces
  the action (``feedback.signals.comment_transitioned``);
- ``comment_act`` (feedback.services.moderation) runs a moderator action;
- the admin builds the detail page's buttons, the single-action view and the
  bulk actions from :func:`moderator_actions`;
- ``feedback.wagtail_hooks`` registers :func:`log_actions` with Wagtail;
- ``manage.py lifecycle_diagram`` draws docs/architecture.md's state diagram.

Adding an action is one entry in ACTIONS (and its text in the locale files);
a new email kind also wants its builder in feedback.emails.
"""

from dataclasses import dataclass, replace

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from feedback.models import CommentStatus, EmailDelivery


@dataclass(frozen=True)
class LogAction:
    """An action in Wagtail's audit log: its name, its label and its message."""

    name: str
    label: Promise
    message: Promise


@dataclass(frozen=True)
class BulkOffer:
    """How an action appears in the listing's bulk bar."""

    aria_label: Promise
    # ngettext_lazy with a "count" placeholder.
    success_message: Promise
    # Wagtail bulk action classes (BulkAction.classes).
    classes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CommentAction:
    """One way a comment's status changes."""

    name: str
    from_statuses: frozenset[str]
    to_status: str
    log: LogAction
    # Who takes it: "moderator" (in the admin), "resident" or "system".
    by: str = "moderator"
    # The rest describes moderator actions only.
    label: Promise | str = ""
    success_message: Promise | str = ""
    # The heading of its form, when it has one (a reason); else the label.
    heading: Promise | str = ""
    # A reason is required, chosen from the list or written (RejectForm).
    needs_reason: bool = False
    # A permission needed beyond moderating the comment's principle.
    permission: str = ""
    # Whether a moderator may take it on a comment from their own address.
    allowed_on_own: bool = True
    # The email the commenter gets (EmailDelivery.Kind), if the site's
    # discussion settings ask for it (feedback.notifications).
    commenter_mail: str = ""
    # Wagtail button classes, after "button", on the comment's page.
    classes: tuple[str, ...] = ()
    # The key that triggers it on the queue and the comment's page
    # (static/feedback/admin/moderation.js).
    shortcut: str = ""
    # Offered in the listing's bulk bar, as Wagtail bulk action
    # "moderation_<name>".
    bulk: BulkOffer | None = None

    def __post_init__(self):
        object.__setattr__(self, "from_statuses", frozenset(self.from_statuses))

    @property
    def is_moderator_action(self) -> bool:
        return self.by == "moderator"

    @property
    def form_heading(self) -> Promise | str:
        return self.heading or self.label

    @property
    def decides_pending(self) -> bool:
        """Taken on a comment in the queue: afterwards, the next one opens."""
        return CommentStatus.PENDING in self.from_statuses

    @property
    def bulk_action_type(self) -> str:
        return f"moderation_{self.name}"


def _log(name: str, label: Promise, message: Promise) -> LogAction:
    return LogAction(f"feedback.comment.{name}", label, message)


VERIFY_LOG = _log("verify", _("Bekräfta kommentar"), _("Kommentaren bekräftades"))
APPROVE_LOG = _log("approve", _("Godkänn kommentar"), _("Kommentaren godkändes"))
AUTO_APPROVE_LOG = _log(
    "auto_approve",
    _("Godkänn kommentar automatiskt"),
    _("Kommentaren godkändes automatiskt"),
)
REJECT_LOG = _log("reject", _("Avvisa kommentar"), _("Kommentaren avvisades"))
SPAM_LOG = _log(
    "spam", _("Markera som skräppost"), _("Kommentaren markerades som skräppost")
)
UNREJECT_LOG = _log("unreject", _("Ångra avvisning"), _("Avvisningen ångrades"))
WITHDRAW_LOG = _log(
    "withdraw",
    _("Återkalla kommentar"),
    _("Kommentaren återkallades av skribenten"),
)
# Logged on a comment without changing its status.
RECLASSIFY_LOG = _log(
    "reclassify", _("Byt princip"), _("Kommentaren flyttades till en annan princip")
)
REPLY_LOG = _log("reply", _("Kommunen svarar"), _("Kommunen publicerade ett svar"))

VERIFY = CommentAction(
    "verify", {CommentStatus.UNVERIFIED}, CommentStatus.PENDING, VERIFY_LOG, "resident"
)
AUTO_APPROVE = CommentAction(
    "auto_approve",
    {CommentStatus.PENDING},
    CommentStatus.APPROVED,
    AUTO_APPROVE_LOG,
    "system",
)
APPROVE = CommentAction(
    "approve",
    {CommentStatus.PENDING, CommentStatus.REJECTED},
    CommentStatus.APPROVED,
    APPROVE_LOG,
    label=_("Godkänn"),
    success_message=_("Kommentaren godkändes och publicerades."),
    allowed_on_own=False,
    commenter_mail=EmailDelivery.Kind.PUBLISHED,
    shortcut="a",
    bulk=BulkOffer(
        _("Godkänn markerade kommentarer"),
        ngettext_lazy(
            "%(count)d kommentar godkändes.",
            "%(count)d kommentarer godkändes.",
            "count",
        ),
    ),
)
REJECT = CommentAction(
    "reject",
    {CommentStatus.PENDING},
    CommentStatus.REJECTED,
    REJECT_LOG,
    label=_("Avvisa"),
    success_message=_("Kommentaren avvisades."),
    needs_reason=True,
    commenter_mail=EmailDelivery.Kind.REJECTED,
    classes=("serious",),
    shortcut="r",
    bulk=BulkOffer(
        _("Avvisa markerade kommentarer"),
        ngettext_lazy(
            "%(count)d kommentar avvisades.",
            "%(count)d kommentarer avvisades.",
            "count",
        ),
    ),
)
# A take-down is a rejection of a published comment: the same form and audit-log
# action (whose entry's "from" tells them apart), its own texts and email.
REVOKE = replace(
    REJECT,
    name="revoke",
    from_statuses={CommentStatus.APPROVED},
    label=_("Ta bort och avvisa"),
    heading=_("Ta bort från webbplatsen (avvisa)"),
    success_message=_("Kommentaren togs bort från webbplatsen och avvisades."),
    commenter_mail=EmailDelivery.Kind.TAKEN_DOWN,
    bulk=None,
)
MARK_SPAM = CommentAction(
    "spam",
    {CommentStatus.PENDING},
    CommentStatus.SPAM,
    SPAM_LOG,
    label=_("Skräppost"),
    success_message=_("Kommentaren markerades som skräppost."),
    classes=("button-secondary", "serious"),
    shortcut="s",
    bulk=BulkOffer(
        _("Markera markerade kommentarer som skräppost"),
        ngettext_lazy(
            "%(count)d kommentar markerades som skräppost.",
            "%(count)d kommentarer markerades som skräppost.",
            "count",
        ),
        classes=frozenset({"serious"}),
    ),
)
UNREJECT = CommentAction(
    "unreject",
    {CommentStatus.REJECTED, CommentStatus.SPAM},
    CommentStatus.PENDING,
    UNREJECT_LOG,
    label=_("Ångra och lägg tillbaka i kön"),
    success_message=_("Kommentaren ligger i kön igen."),
    classes=("button-secondary",),
)
# From every living state: the author may always take their words back.
WITHDRAW = CommentAction(
    "withdraw",
    set(CommentStatus.values) - {CommentStatus.WITHDRAWN},
    CommentStatus.WITHDRAWN,
    WITHDRAW_LOG,
    "resident",
)

# Every action; the moderator actions in the order their buttons appear.
ACTIONS: tuple[CommentAction, ...] = (
    VERIFY,
    AUTO_APPROVE,
    APPROVE,
    REJECT,
    REVOKE,
    MARK_SPAM,
    UNREJECT,
    WITHDRAW,
)


def get(name: str) -> CommentAction:
    """The action called ``name``; KeyError if there is none."""
    for action in ACTIONS:
        if action.name == name:
            return action
    raise KeyError(name)


def moderator_actions() -> list[CommentAction]:
    return [action for action in ACTIONS if action.is_moderator_action]


def moderator_actions_for(status: str) -> list[CommentAction]:
    """What a moderator can do with a comment in ``status``, in button order."""
    return [a for a in moderator_actions() if status in a.from_statuses]


def bulk_actions() -> list[CommentAction]:
    return [action for action in ACTIONS if action.bulk]


def find(*, log_action: str, from_status: str, to_status: str) -> CommentAction | None:
    """The action that logs as ``log_action`` and moves from and to these."""
    for action in ACTIONS:
        if (
            action.log.name == log_action
            and action.to_status == to_status
            and from_status in action.from_statuses
        ):
            return action
    return None


def allowed_transitions() -> dict[str, frozenset[str]]:
    """Status -> the statuses some action leads to from it (all statuses)."""
    return {
        status: frozenset(
            action.to_status for action in ACTIONS if status in action.from_statuses
        )
        for status in CommentStatus.values
    }


def log_actions() -> list[LogAction]:
    """Every audit-log action of a comment, once each, for Wagtail's registry."""
    found = {action.log.name: action.log for action in ACTIONS}
    for log in (RECLASSIFY_LOG, REPLY_LOG):
        found[log.name] = log
    return list(found.values())
