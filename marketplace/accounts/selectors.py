from django.db.models import QuerySet

from marketplace.accounts.models import User
from marketplace.businesses.models import BusinessMember


def phone_is_registered(*, phone: str, exclude_user_id: int | None = None) -> bool:
    """`phone` must already be normalised (E.164)."""
    qs = User.objects.filter(phone=phone)
    if exclude_user_id is not None:
        qs = qs.exclude(pk=exclude_user_id)
    return qs.exists()


def email_is_registered(*, email: str, exclude_user_id: int | None = None) -> bool:
    """Case-insensitive, like the `accounts_user_email_ci_unique` constraint."""
    qs = User.objects.filter(email__iexact=email)
    if exclude_user_id is not None:
        qs = qs.exclude(pk=exclude_user_id)
    return qs.exists()


def user_memberships(*, user: User) -> QuerySet[BusinessMember]:
    """The businesses a user works for, with the business loaded in the same query."""
    return (
        BusinessMember.objects.filter(user_id=user.pk).select_related("business").order_by("created_at", "id")
    )
