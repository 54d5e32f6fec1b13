"""Who may move or read money. Finance operators (the finance role, or platform admins) move
it; trade officers read it and never move it; a seller's members read only their business's."""

from django.utils.translation import gettext as _

from marketplace.auth import require_user
from marketplace.errors import PermissionDenied


def is_finance_operator(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (getattr(user, "is_finance_operator", False) or user.is_platform_admin)
    )


def may_read_money(user) -> bool:
    """The platform's books as a whole: finance operators and trade officers."""
    return is_finance_operator(user) or bool(
        user is not None and user.is_authenticated and user.is_trade_officer
    )


def require_finance(user) -> None:
    require_user(user)
    if not is_finance_operator(user):
        if user.is_trade_officer:
            raise PermissionDenied(
                _("Cán bộ Sở Công Thương chỉ xem số liệu tiền, không thực hiện thao tác tiền.")
            )
        raise PermissionDenied(_("Chỉ kế toán nền tảng mới được thực hiện thao tác tiền."))
