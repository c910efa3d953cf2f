"""Public views: the comment form's POST, verification, withdrawal, suppression.

Thin: each reads the request, calls a service or selector and renders. Pages
showing a token are never cached and never indexed.
"""

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from news.models import ArticlePage, Principle
from portal.unavailable import keep_typed_text

from . import ratelimit
from .conf import setting
from .forms import CommentForm
from .forms_open_data import PrincipleExportForm
from .fragments import cached_comment_list
from .identity import email_hash
from .models import CommentStatus
from .recaptcha import recaptcha_csp, recaptcha_enabled, recaptcha_version
from .selectors import (
    approved_comments_for_article,
    approved_comments_for_principle,
    comment_for_token,
    comment_from_withdraw_token,
    principles_for_comment,
)
from .selectors_discussion import discussion_settings_for
from .services.submission import (
    CommentsClosedError,
    PrincipleNotLiveError,
    comment_submit,
)
from .services.verification import (
    comment_verify,
    email_suppress,
    verification_resend,
)
from .services.withdrawal import comment_withdraw
from .spam import HONEYPOT_FIELD, sign_retry_started_at
from .tokens import (
    VerifyOutcome,
    email_hash_from_suppress_token,
    expiry_hours,
    token_state,
)

logger = logging.getLogger(__name__)

# The address a resident lands on after sending a comment (see _success_redirect).
RECEIVED_PARAMETER = "kommentar"
RECEIVED_VALUE = "skickad"
RECEIVED_ANCHOR = "kommentar-skickad"

EARLY_RETRY_MESSAGE = _lazy(
    "Vänta ett par sekunder och skicka sedan igen. Det du har skrivit finns kvar."
)


def comments_per_page() -> int:
    return setting("FEEDBACK_COMMENTS_PER_PAGE")


def principle_comments_per_page() -> int:
    return setting("FEEDBACK_PRINCIPLE_COMMENTS_PER_PAGE")


class CountingPagePaginator(Paginator):
    """A Paginator whose page query also counts (``COUNT(*) OVER ()``).

    Showing a page costs one query instead of two. A page with no rows (past
    the end, or an empty list) is left to Paginator, which counts first.
    """

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number >= 1 and not self.orphans:
            bottom = (number - 1) * self.per_page
            rows = list(
                self.object_list.annotate(_listing_total=Window(Count("pk")))[
                    bottom : bottom + self.per_page
                ]
            )
            if rows:
                self.__dict__["count"] = rows[0]._listing_total
                return self._get_page(rows, number, self)
        return super().get_page(number)


def _shared_principles(comments):
    """One Principle instance per principle, so each reverses its URL once."""
    seen = {}
    for comment in comments:
        comment.principle = seen.setdefault(comment.principle_id, comment.principle)
    return comments


def comment_section_context(request, article, *, form=None) -> dict:
    """What templates/feedback/comment_section.html needs for an article."""
    discussion_settings = discussion_settings_for(article, request)
    accepts = article.accepts_comments(discussion_settings)
    page_parameter = request.GET.get("page")

    def render_list():
        paginator = CountingPagePaginator(
            approved_comments_for_article(article), comments_per_page()
        )
        page_obj = paginator.get_page(page_parameter)
        _shared_principles(page_obj.object_list)
        return render_to_string(
            "feedback/includes/comment_list.html",
            {
                "comment_page": page_obj,
                "comments": page_obj.object_list,
                "comment_count": paginator.count,
            },
            request=request,
        )

    captcha = accepts and recaptcha_enabled()
    if accepts and form is None:
        form = CommentForm(principles=principles_for_comment(article), captcha=captcha)
    return {
        "comment_section": True,
        "comment_received": accepts
        and request.GET.get(RECEIVED_PARAMETER) == RECEIVED_VALUE,
        "received_anchor": RECEIVED_ANCHOR,
        "discussion_settings": discussion_settings,
        "verification_expiry_hours": expiry_hours(discussion_settings),
        # The same for every reader of this page of the article: kept in the
        # cache until a comment on it changes (feedback.fragments).
        "comment_list": cached_comment_list(article.pk, page_parameter, render_list),
        "comments_open": accepts,
        "comment_form": form if accepts else None,
        "recaptcha": captcha,
        "recaptcha_version": recaptcha_version(),
        "recaptcha_public_key": getattr(settings, "RECAPTCHA_PUBLIC_KEY", ""),
    }


def add_comment_section(page, request, response):
    """Give a served article page its comment section (``on_serve_page`` hook).

    Adds to the unrendered TemplateResponse of the article's own template;
    leaves anything else (a password prompt, a redirect) alone.
    """
    if not isinstance(page, ArticlePage) or not isinstance(response, TemplateResponse):
        return response
    if response.is_rendered or response.template_name != page.get_template(request):
        return response
    section = comment_section_context(request, page)
    response.context_data.update(section)
    if section["recaptcha"]:
        response._csp_config = recaptcha_csp()
    return response


def _render_article(request, article, form, *, status=200):
    """The article page as Page.serve renders it, with the bound form."""
    request.is_preview = False
    context = article.get_context(request)
    section = comment_section_context(request, article, form=form)
    context.update(
        section,
        comment_rate_limited=status == 429,
        # Screen readers read the title first: say at once that it failed.
        page_title_prefix=_("Fel:") if form.errors else "",
    )
    response = TemplateResponse(
        request, article.get_template(request), context, status=status
    )
    if section["recaptcha"]:
        response._csp_config = recaptcha_csp()
    return response


def retry_time(seconds: int) -> dict:
    """When to try again, for people: whole minutes and the local clock time."""
    return {
        "minutes": max(1, math.ceil(seconds / 60)),
        "time": date_format(
            timezone.localtime() + timedelta(seconds=seconds), "TIME_FORMAT"
        ),
    }


def rate_limited(request, exceeded: ratelimit.RateLimitExceeded):
    response = TemplateResponse(
        request,
        "feedback/rate_limited.html",
        {"retry": retry_time(exceeded.retry_after)},
        status=429,
    )
    response["Retry-After"] = str(exceeded.retry_after)
    return response


def _rate_limited_form(request, article, form, exceeded):
    """The article page again, the typed text kept, saying when to send again."""
    retry = retry_time(exceeded.retry_after)
    form.add_error(
        None,
        ngettext(
            "Det har skickats många kommentarer på kort tid, så vi tar en paus "
            "för att skydda webbplatsen. Din text finns kvar: skicka igen om "
            "%(minutes)d minut, efter klockan %(time)s.",
            "Det har skickats många kommentarer på kort tid, så vi tar en paus "
            "för att skydda webbplatsen. Din text finns kvar: skicka igen om "
            "%(minutes)d minuter, efter klockan %(time)s.",
            retry["minutes"],
        )
        % retry,
    )
    response = _render_article(request, article, form, status=429)
    response["Retry-After"] = str(exceeded.retry_after)
    return response


def _success_redirect(request, article):
    """Back to the article, whose comment section then says what happens next.

    A fixed query and fragment, the same for every resident: no cookie and
    nothing personal, so the page stays one an HTTP cache may keep, and the
    fragment puts the notice where the browser scrolls and focuses.
    """
    return HttpResponseRedirect(
        f"{article.get_url(request)}?{RECEIVED_PARAMETER}={RECEIVED_VALUE}"
        f"#{RECEIVED_ANCHOR}"
    )


@keep_typed_text(
    form_class=CommentForm,
    fields=("author_name", "author_email", "body"),
    # The honeypot goes back as sent, so a bot gains nothing by the retry.
    hidden=("principle", "started", HONEYPOT_FIELD),
    renew={"started": sign_retry_started_at},
    fragment="comment-errors",
)
@sensitive_post_parameters("author_name", "author_email", "body")
@require_POST
def comment_create(request, article_id: int):
    """The article page form posts here; errors re-render the article page."""
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=article_id)
    ip = ratelimit.client_ip(request)
    form = CommentForm(
        request.POST,
        principles=principles_for_comment(article),
        captcha=recaptcha_enabled(),
        remote_ip=ip,
    )
    if form.is_quiet_spam():
        # Honeypot or inhumanly fast: look like success, store nothing.
        logger.info("Comment on article %s dropped by the spam checks", article.pk)
        return _success_redirect(request, article)
    if form.is_early_retry():
        # From the retry page (no JavaScript), sent at once: say so, keep the
        # text; the stamp it carries lets the next press through.
        form.add_error(None, EARLY_RETRY_MESSAGE)
        return _render_article(request, article, form)
    if not form.is_valid():
        return _render_article(request, article, form)

    data = form.cleaned_data
    try:
        # Only accepted comments count: a refused one gives back what it took,
        # so one flooding network does not use up the site-wide allowance and
        # people sharing an address lose nothing to failed attempts.
        allowance = ratelimit.take(
            ("submit_ip", ratelimit.client_network(request)),
            ("submit_site", ""),
            ("submit_email", email_hash(data["author_email"])),
        )
    except ratelimit.RateLimitExceeded as exceeded:
        return _rate_limited_form(request, article, form, exceeded)
    try:
        comment_submit(
            article=article,
            principle=data["principle"],
            author_name=data["author_name"],
            author_email=data["author_email"],
            body=data["body"],
            ip=ip,
            recaptcha_score=form.recaptcha_score,
        )
    except CommentsClosedError as error:
        allowance.refund()
        form.add_error(None, error.message)
        return _render_article(request, article, form)
    except PrincipleNotLiveError as error:
        allowance.refund()
        form.add_error("principle", error.message)
        return _render_article(request, article, form)
    return _success_redirect(request, article)


@never_cache
@require_http_methods(["GET", "POST"])
def comment_confirm(request, token: str):
    """GET shows a confirm button and changes nothing (mail scanners open links);
    POST confirms."""
    if request.method == "POST":
        result = comment_verify(token=token)
        outcome, comment = result.outcome, result.comment
    else:
        comment = comment_for_token(token)
        outcome = token_state(comment)
    if outcome in (VerifyOutcome.EXPIRED, VerifyOutcome.INVALID):
        # The same page for both: a link tells nothing about an address.
        return TemplateResponse(request, "feedback/link_invalid.html", {"token": token})
    template = {
        VerifyOutcome.CONFIRMED: "feedback/confirm.html",
        VerifyOutcome.AUTO_APPROVED: "feedback/confirmed.html",
        VerifyOutcome.ALREADY_CONFIRMED: "feedback/confirmed.html",
    }[outcome]
    if request.method == "POST" and outcome == VerifyOutcome.CONFIRMED:
        template = "feedback/confirmed.html"
    return TemplateResponse(
        request,
        template,
        {
            "token": token,
            "outcome": outcome.value,
            "just_confirmed": request.method == "POST",
            "article": comment.article,
            "article_url": comment.article.get_url(request),
        },
    )


@never_cache
@require_POST
def verification_link_resend(request):
    """Send a new link for an expired one; the answer never depends on the token."""
    try:
        ratelimit.enforce("resend_ip", ratelimit.client_network(request))
    except ratelimit.RateLimitExceeded as exceeded:
        return rate_limited(request, exceeded)
    verification_resend(token=request.POST.get("token", "")[:200])
    return TemplateResponse(request, "feedback/link_resent.html", {})


@never_cache
@require_http_methods(["GET", "POST"])
def comment_withdraw_view(request, token: str):
    """The author's signed link: GET asks, POST withdraws."""
    comment = comment_from_withdraw_token(token)
    if comment is None:
        return TemplateResponse(
            request, "feedback/withdraw_invalid.html", {}, status=404
        )
    done = False
    if request.method == "POST":
        comment = comment_withdraw(comment=comment)
        done = True
    return TemplateResponse(
        request,
        "feedback/withdraw.html",
        {
            "token": token,
            "done": done,
            "already_withdrawn": comment.status == CommentStatus.WITHDRAWN and not done,
            "article": comment.article,
            "article_url": comment.article.get_url(request),
            "created_at": comment.created_at,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def email_suppress_view(request, token: str):
    """ "I did not ask for this": GET asks, POST stops all further mail."""
    if email_hash_from_suppress_token(token) is None:
        return TemplateResponse(
            request, "feedback/withdraw_invalid.html", {}, status=404
        )
    done = request.method == "POST" and email_suppress(token=token)
    return TemplateResponse(
        request, "feedback/suppress.html", {"token": token, "done": done}
    )


def principle_detail(request, slug):
    """A principle's public page: its text, its articles and approved comments."""
    principle = get_object_or_404(Principle.objects.live(), slug=slug)
    articles = ArticlePage.objects.latest_for_listing().filter(principles=principle)
    paginator = Paginator(
        approved_comments_for_principle(principle), principle_comments_per_page()
    )
    comment_page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "feedback/principle_detail.html",
        {
            "principle": principle,
            "articles": articles[:20],
            "comment_page": comment_page,
            "comments": comment_page.object_list,
            "comment_count": paginator.count,
            "export_form": PrincipleExportForm(),
        },
    )
