"""One comment in the admin: its page, and the POST endpoints behind its
buttons. Views stay thin: reads through feedback.selectors_moderation,
changes through feedback.services; the buttons come from
feedback.services.actions."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from feedback.links import action_url, detail_url, url
from feedback.models import CommentStatus, ResidentComment
from feedback.permissions import (
    can_view_personal_data,
    principles_moderated_by,
    require_moderator,
)
from feedback.selectors_moderation import author_history, moderatable_comments
from feedback.services import actions
from feedback.services.moderation import comment_act, comment_reclassify
from feedback.services.replies import reply_publish
from feedback.services.transitions import TransitionError

from .forms import ActionForm, ReclassifyForm, RejectForm, ReplyForm
from .queue import may_take


def get_moderatable_comment(request, pk) -> ResidentComment:
    """The comment if the user moderates its principle; 404 otherwise.

    A 404 rather than a 403, so that a moderator of one principle cannot
    probe which comment ids exist in another.
    """
    require_moderator(request.user)
    return get_object_or_404(moderatable_comments(request.user), pk=pk)


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def neighbours(user, comment):
    """The pending comments just before and after ``comment`` in the queue
    (oldest first, ties broken by id as in the listing)."""
    pending = moderatable_comments(user).filter(status=CommentStatus.PENDING)
    at = comment.created_at
    previous = (
        pending.filter(Q(created_at__lt=at) | Q(created_at=at, pk__lt=comment.pk))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    following = (
        pending.filter(Q(created_at__gt=at) | Q(created_at=at, pk__gt=comment.pk))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return previous, following


class CommentDetailView(WagtailAdminTemplateMixin, TemplateView):
    """The whole comment, its article, the author's history, actions and log."""

    template_name = "feedback/admin/detail.html"
    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        self.comment = get_moderatable_comment(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    # The title quotes the first words and names the article, so that tabs,
    # history and breadcrumbs tell comments apart. Not str(comment): that is
    # the audit log's label and holds no comment text.
    def get_page_title(self):
        return _("”%(words)s” om %(article)s") % {
            "words": Truncator(" ".join(self.comment.body.split())).words(6),
            "article": Truncator(self.comment.article.title).chars(50),
        }

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": url("list"), "label": _("Moderering")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.comment
        user = self.request.user
        previous, following = neighbours(user, comment)
        offered = [
            {"action": action, "url": action_url(comment, action.name)}
            for action in actions.moderator_actions_for(comment.status)
            if may_take(user, action)
        ]
        reply = _reply(comment)
        queue_url = url("list")
        after_action = url("detail", following) if following else queue_url
        context.update(
            {
                "comment": comment,
                "article": comment.article,
                "history": author_history(comment),
                "show_email": can_view_personal_data(user),
                "actions": offered,
                # Plain buttons first, then a form for each that needs a reason.
                "button_actions": [e for e in offered if not e["action"].needs_reason],
                "reason_actions": [e for e in offered if e["action"].needs_reason],
                "log_entries": log_entries(comment),
                "reject_form": RejectForm(),
                "reclassify_form": ReclassifyForm(
                    principles=principles_moderated_by(user).exclude(
                        pk=comment.principle_id
                    ),
                    initial={"expected_principle": comment.principle_id},
                ),
                "reply_form": ReplyForm(initial={"body": getattr(reply, "body", "")}),
                "reply": reply,
                "previous_url": url("detail", previous) if previous else "",
                "next_url": url("detail", following) if following else "",
                "after_action_url": after_action,
                "queue_url": queue_url,
            }
        )
        context["reclassify_url"] = url("reclassify", comment.pk)
        context["reply_url"] = url("reply", comment.pk)
        return context


def _status_label(value):
    try:
        return CommentStatus(value).label
    except ValueError:
        return value or ""


def log_entries(comment):
    """The comment's audit log, newest first, with readable statuses."""
    entries = list(
        log_registry.get_logs_for_instance(comment)
        .select_related("user")
        .order_by("-timestamp", "-pk")
    )
    for entry in entries:
        data = entry.data or {}
        entry.from_label = _status_label(data.get("from"))
        entry.to_label = _status_label(data.get("to"))
    return entries


def _reply(comment):
    try:
        return comment.official_reply
    except ResidentComment.official_reply.RelatedObjectDoesNotExist:
        return None


REASON_MISSING = _("Ange ett skäl: välj ett i listan eller skriv ett eget.")
INCOMPLETE_FORM = _("Formuläret var ofullständigt. Försök igen.")


class CommentActionView(View):
    """POST one moderator action (feedback.services.actions); the first of two
    moderators wins."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        try:
            action = actions.get(action)
        except KeyError:
            raise Http404 from None
        if not action.is_moderator_action:
            raise Http404
        comment = get_moderatable_comment(request, pk)
        fallback = detail_url(comment)
        form = (RejectForm if action.needs_reason else ActionForm)(request.POST)
        if not form.is_valid():
            messages.error(
                request, REASON_MISSING if action.needs_reason else INCOMPLETE_FORM
            )
            return redirect(fallback)
        try:
            comment_act(
                action=action,
                comment=comment,
                actor=request.user,
                reason=form.cleaned_data.get("reason", ""),
                expected_status=form.cleaned_data["expected_status"],
            )
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(fallback)
        messages.success(request, action.success_message)
        return redirect(safe_next(request, fallback))


class ReclassifyView(View):
    """POST a move of the comment to another principle the moderator has."""

    http_method_names = ["post"]

    def post(self, request, pk):
        comment = get_moderatable_comment(request, pk)
        fallback = detail_url(comment)
        form = ReclassifyForm(
            request.POST, principles=principles_moderated_by(request.user)
        )
        if not form.is_valid():
            messages.error(request, _("Välj en princip att flytta kommentaren till."))
            return redirect(fallback)
        try:
            comment_reclassify(
                comment=comment,
                actor=request.user,
                principle=form.cleaned_data["principle"],
                expected_principle_id=form.cleaned_data["expected_principle"],
            )
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(fallback)
        messages.success(request, _("Kommentaren flyttades till en annan princip."))
        return redirect(safe_next(request, fallback))


class ReplyView(View):
    """POST the municipality's official reply under an approved comment."""

    http_method_names = ["post"]

    def post(self, request, pk):
        comment = get_moderatable_comment(request, pk)
        form = ReplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Skriv ett svar (högst 5 000 tecken)."))
            return redirect(detail_url(comment))
        try:
            reply_publish(
                comment=comment, actor=request.user, body=form.cleaned_data["body"]
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Kommunens svar publicerades."))
        return redirect(detail_url(comment))
