"""Who may act on a business (membership, impartial officers). Services call these before any
write; the API never decides alone. Generic sign-in and officer checks live in marketplace.auth."""

from django.utils.translation import gettext_lazy as _

from marketplace.auth import require_officer, require_user
from marketplace.errors import PermissionDenied


def member_role(user, business_id: int) -> str | None:
    from marketplace.businesses.models import BusinessMember

    return (
        BusinessMember.objects.filter(user_id=user.pk, business_id=business_id)
        .values_list("role", flat=True)
        .first()
    )


def require_member(user, business_id: int, *, owner: bool = False) -> str:
    """The user must belong to this business (as owner, if `owner`). Returns the role."""
    from marketplace.businesses.models import BusinessMember

    require_user(user)
    role = member_role(user, business_id)
    if role is None:
        raise PermissionDenied(_("Bạn không phải thành viên của người bán này."))
    if owner and role != BusinessMember.Role.OWNER:
        raise PermissionDenied(_("Chỉ chủ cơ sở mới được thực hiện thao tác này."))
    return role


def member_business_ids(user) -> list[int]:
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_member_business_ids", None)
    if cached is None:
        from marketplace.businesses.models import BusinessMember

        cached = list(BusinessMember.objects.filter(user_id=user.pk).values_list("business_id", flat=True))
        user._member_business_ids = cached
    return cached


def require_not_officer(user, *, field: str | None = None):
    """Officers decide on sellers; they may not be one (no approving their own shop)."""
    if user.is_trade_officer:
        from marketplace.businesses.errors import OfficerCannotSell

        raise OfficerCannotSell(field=field)


def require_impartial_officer(user, business_id: int):
    """An officer (who may have been a seller before the role) never decides on their own shop."""
    require_officer(user)
    if member_role(user, business_id) is not None:
        raise PermissionDenied(_("Bạn là thành viên của người bán này nên không được tự duyệt."))
