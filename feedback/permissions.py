"""Who may moderate what.

A moderator's rights come from the groups a principle lists in
``Principle.moderator_groups``: a member of one of them moderates that
principle's comments, and nothing else. Two permissions cut across principles:
``feedback.moderate_all_principles`` (moderate every principle) and
``feedback.view_personal_data`` (see and search authors' email addresses).
Superusers may do both.

Every admin screen asks these functions, and the permission policy registered
for ResidentComment delegates to them, so the listing, the detail view, single
and bulk actions and "select all" share one answer. The policies are
registered in feedback.wagtail_hooks.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.base import BasePermissionPolicy

from feedback.models import EmailDelivery, ResidentComment
from news.models import Principle

MODERATE_ALL = "feedback.moderate_all_principles"
VIEW_PERSONAL_DATA = "feedback.view_personal_data"

# Actions the policy answers. Comments are never added, edited or deleted
# through the admin: their state changes only through feedback.services.
MODERATION_ACTIONS = frozenset({"view", "moderate"})

_CACHE_ATTR = "_feedback_moderated_principle_ids"


def can_moderate_all(user) -> bool:
    """True for superusers and holders of the moderate-every-principle permission."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(MODERATE_ALL))
    )


def can_view_personal_data(user) -> bool:
    """True if the user may see and search the authors' email addresses."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.has_perm(VIEW_PERSONAL_DATA)
    )


def moderated_principle_ids(user) -> frozenset[int] | None:
    """The ids of the principles ``user`` moderates; ``None`` means all of them.

    Cached on the user object for the request, as Django caches permissions.
    """
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    if can_moderate_all(user):
        return None
    if not hasattr(user, _CACHE_ATTR):
        ids = Principle.moderator_groups.through.objects.filter(
            group__user=user
        ).values_list("principle_id", flat=True)
        setattr(user, _CACHE_ATTR, frozenset(ids))
    return getattr(user, _CACHE_ATTR)


def principles_moderated_by(user) -> QuerySet[Principle]:
    """Principles whose comments ``user`` may see and moderate."""
    ids = moderated_principle_ids(user)
    if ids is None:
        return Principle.objects.all()
    return Principle.objects.filter(pk__in=ids)


def is_moderator(user) -> bool:
    """True if ``user`` moderates at least one principle."""
    ids = moderated_principle_ids(user)
    return ids is None or bool(ids)


def require_moderator(user) -> None:
    """Turn away (403) anyone who moderates no principle at all."""
    if not is_moderator(user):
        raise PermissionDenied


def comments_moderatable_by(user, queryset=None) -> QuerySet[ResidentComment]:
    """Narrow ``queryset`` (all comments by default) to what ``user`` moderates."""
    if queryset is None:
        queryset = ResidentComment.objects.all()
    ids = moderated_principle_ids(user)
    if ids is None:
        return queryset
    if not ids:
        return queryset.none()
    return queryset.filter(principle_id__in=ids)


def can_moderate_comment(user, comment: ResidentComment) -> bool:
    """True if ``user`` may see and act on ``comment``."""
    ids = moderated_principle_ids(user)
    return ids is None or comment.principle_id in ids


def can_moderate_principle(user, principle: Principle) -> bool:
    """True if ``user`` may move comments into ``principle`` (reclassify)."""
    ids = moderated_principle_ids(user)
    return ids is None or principle.pk in ids


def _moderate_all_q() -> Q:
    app_label, codename = MODERATE_ALL.split(".")
    return Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    ) | Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    )


def moderators_of_principle(principle: Principle | None = None) -> QuerySet:
    """Active users who moderate ``principle`` (any principle if None).

    By group, or by the moderate-every-principle permission held explicitly.
    Superusers are not included merely for being superusers: notification
    mail goes to the people a principle names, not to every administrator.
    """
    if principle is None:
        by_group = Q(groups__moderated_principles__isnull=False)
    else:
        by_group = Q(groups__moderated_principles=principle)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(by_group | _moderate_all_q())
        .distinct()
    )


class ResidentCommentPermissionPolicy(BasePermissionPolicy):
    """Wagtail permission policy for comments, backed by the functions above.

    ``view`` and ``moderate`` are granted per principle; ``add``, ``change``
    and ``delete`` are never granted, so Wagtail's generic create, edit and
    delete views stay closed even to superusers.
    """

    def user_has_permission(self, user, action):
        return action in MODERATION_ACTIONS and is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in MODERATION_ACTIONS and can_moderate_comment(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not MODERATION_ACTIONS.intersection(actions):
            return self.model._default_manager.none()
        return comments_moderatable_by(user, self.model._default_manager.all())

    def users_with_any_permission(self, actions):
        user_model = get_user_model()
        if not MODERATION_ACTIONS.intersection(actions):
            return user_model.objects.none()
        return (
            moderators_of_principle()
            | user_model.objects.filter(is_active=True, is_superuser=True)
        ).distinct()

    def users_with_any_permission_for_instance(self, actions, instance):
        if not MODERATION_ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return (
            moderators_of_principle(instance.principle)
            | get_user_model().objects.filter(is_active=True, is_superuser=True)
        ).distinct()


comment_permission_policy = ResidentCommentPermissionPolicy(ResidentComment)


class EmailDeliveryPermissionPolicy(ModelPermissionPolicy):
    """Only "view", and only for users with the view permission (or superusers).

    The worker owns deliveries: nobody adds, edits or deletes them in the admin.
    """

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action == "view"]
        if not actions:
            return super().users_with_any_permission(actions).none()
        return super().users_with_any_permission(actions)


email_delivery_permission_policy = EmailDeliveryPermissionPolicy(EmailDelivery)
