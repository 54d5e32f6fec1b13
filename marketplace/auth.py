"""Who is asking: checks every app may use, whatever it sells. Membership of a business is the
businesses app's concern (`marketplace.businesses.permissions`)."""

from django.utils.translation import gettext_lazy as _

from marketplace.errors import NotAuthenticated, PermissionDenied


def is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_officer(user) -> bool:
    """Trade officers of Sở Công Thương and platform admins."""
    return is_signed_in(user) and user.is_trade_officer


def require_user(user):
    if not is_signed_in(user):
        raise NotAuthenticated()
    return user


def require_officer(user):
    """Trade officers of Sở Công Thương (and platform admins) approve, reject and suspend."""
    require_user(user)
    if not user.is_trade_officer:
        raise PermissionDenied(_("Chỉ cán bộ Sở Công Thương mới được thực hiện thao tác này."))
    return user
