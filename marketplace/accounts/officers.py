"""The back-office access a role brings: officers, finance operators and platform admins get into
/admin/; officers with exactly the permissions of the trade department's work (look everything
up, decide on sellers and products; add, edit or delete nothing, least of all money), finance
operators with read access to orders and the money records (they move money only through the
API's services, which check and record every step)."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from marketplace.accounts.models import User

OFFICER_GROUP = "Cán bộ Sở Công Thương"
# The view permissions of inline rows (members, events, variants, lines) show them on their
# parent's page.
OFFICER_PERMISSIONS = {
    "businesses": (
        "view_business",
        "decide_business",
        "view_ocopcertificate",
        "view_businessmember",
        "view_businessevent",
    ),
    "catalog": (
        "view_product",
        "decide_product",
        "view_category",
        "view_productvariant",
        "view_productimage",
    ),
    "orders": ("view_order", "view_orderline", "view_orderevent", "view_paymentgroup"),
    # The books, read-only: officers monitor money, they never move it.
    "payments": ("view_ledgeraccount", "view_journalentry", "view_transfer"),
    "regions": ("view_province", "view_legacydistrict", "view_commune"),
}


FINANCE_GROUP = "Kế toán nền tảng"
FINANCE_PERMISSIONS = {
    "orders": ("view_order", "view_orderline", "view_orderevent", "view_paymentgroup"),
    "payments": (
        "view_paymentattempt",
        "view_ledgeraccount",
        "view_journalentry",
        "view_transfer",
        "view_ordersettlement",
        "view_refund",
        "view_payoutbatch",
        "view_payout",
        "view_banktransaction",
        "view_businessbankaccount",
    ),
}


def _role_group(name: str, permissions: dict[str, tuple[str, ...]]) -> Group:
    """The role's group, its permissions reset to `permissions` (a hand-added one is taken away
    again: the role decides, not whoever edited the group last)."""
    group, _created = Group.objects.get_or_create(name=name)
    wanted = Q(pk__in=[])
    for app_label, codenames in permissions.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def officer_group() -> Group:
    return _role_group(OFFICER_GROUP, OFFICER_PERMISSIONS)


def finance_group() -> Group:
    return _role_group(FINANCE_GROUP, FINANCE_PERMISSIONS)


def staff_access_sync(*, user: User) -> User:
    """Gives the user the back-office access of their role, and takes it away with the role."""
    is_officer = user.role == User.Role.TRADE_OFFICER
    is_finance = user.role == User.Role.FINANCE
    with transaction.atomic():
        staff = is_officer or is_finance or user.role == User.Role.PLATFORM_ADMIN or user.is_superuser
        if user.is_staff != staff:
            user.is_staff = staff
            user.save(update_fields=["is_staff"])
        for group, member in ((officer_group(), is_officer), (finance_group(), is_finance)):
            if member:
                user.groups.add(group)
            else:
                user.groups.remove(group)
    return user
