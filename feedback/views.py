"""Public views: the comment form's POST, verification, withdrawal, suppression.

Thin: each reads the request, calls a service or selector and renders. Pages
showing a token are never cached and never indexed.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from news.models import ArticlePage, Principle
from portal.unavailable import keep_typed_text

from . import ratelimit
from .conf import setting
from .forms import CommentForm
from .identity import email_hash
from .models import CommentStatus
from .recaptcha import recaptcha_csp, recaptcha_enabled, recaptcha_version
from .selectors import (
    approved_comments_for_article,
    approved_comments_for_principle,
    comment_for_token,
    comment_from_withdraw_token,
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
from .tokens import VerifyOutcome, email_hash_from_suppress_token, token_state

logger = logging.getLogger(__name__)


def comments_per_page() -> int:
    return setting("FEEDBACK_COMMENTS_PER_PAGE")


def principle_comments_per_page() -> int:
    return setting("FEEDBACK_PRINCIPLE_COMMENTS_PER_PAGE")


def comment_section_context(request, article, *, form=None) -> dict:
    """What templates/feedback/comment_section.html needs for an article."""
    accepts = article.accepts_comments(discussion_settings_for(article))
    paginator = Paginator(approved_comments_for_article(article), comments_per_page())
    page_obj = paginator.get_page(request.GET.get("page"))
    captcha = accepts and recaptcha_enabled()
    if accepts and form is None:
        form = CommentForm(captcha=captcha)
    return {
        "comment_section": True,
        "comment_page": page_obj,
        "comments": page_obj.object_list,
        "comment_count": paginator.count,
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
    context.update(section)
    response = TemplateResponse(
        request, article.get_template(request), context, status=status
    )
    if section["recaptcha"]:
        response._csp_config = recaptcha_csp()
    return response


def rate_limited(request, scope: str):
    response = TemplateResponse(
        request, "feedback/rate_limited.html", {"scope": scope}, status=429
    )
    response["Retry-After"] = str(ratelimit.limit_for(scope)[1])
    return response


def _success_redirect(request, article):
    messages.success(
        request,
        _(
            "Tack! Vi har skickat en länk till din e-post. Din kommentar "
            "granskas när du har bekräftat den via länken."
        ),
    )
    return HttpResponseRedirect(article.get_url(request) + "#kommentarer")


@keep_typed_text(
    form_class=CommentForm,
    fields=("author_name", "author_email", "body"),
    hidden=("principle", "started"),
)
@sensitive_post_parameters("author_name", "author_email", "body")
@require_POST
def comment_create(request, article_id: int):
    """The article page form posts here; errors re-render the article page."""
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=article_id)
    ip = ratelimit.client_ip(request)
    network = ratelimit.client_network(request)
    try:
        # Per network first: one flooding network should not use up the
        # site-wide allowance everybody shares.
        ratelimit.enforce("submit_ip", network)
        ratelimit.enforce("submit_site")
    except ratelimit.RateLimitExceeded as exceeded:
        return rate_limited(request, exceeded.scope)

    form = CommentForm(request.POST, captcha=recaptcha_enabled(), remote_ip=ip)
    if form.is_quiet_spam():
        # Honeypot or inhumanly fast: look like success, store nothing.
        logger.info("Comment on article %s dropped by the spam checks", article.pk)
        return _success_redirect(request, article)
    if not form.is_valid():
        return _render_article(request, article, form)

    data = form.cleaned_data
    try:
        ratelimit.enforce("submit_email", email_hash(data["author_email"]))
    except ratelimit.RateLimitExceeded as exceeded:
        return rate_limited(request, exceeded.scope)
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
        form.add_error(None, error.message)
        return _render_article(request, article, form)
    except PrincipleNotLiveError as error:
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
        return rate_limited(request, exceeded.scope)
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
        },
    )
