"""The back-office access a role brings: officers and platform admins get into /admin/, officers
with exactly the permissions of the trade department's work (look everything up, decide on
sellers and products; add, edit or delete nothing, least of all money)."""

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


def officer_group() -> Group:
    """The officers' group, its permissions reset to OFFICER_PERMISSIONS (a hand-added one is
    taken away again: the role decides, not whoever edited the group last)."""
    group, _created = Group.objects.get_or_create(name=OFFICER_GROUP)
    wanted = Q(pk__in=[])
    for app_label, codenames in OFFICER_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def staff_access_sync(*, user: User) -> User:
    """Gives the user the back-office access of their role, and takes it away with the role."""
    is_officer = user.role == User.Role.TRADE_OFFICER
    with transaction.atomic():
        group = officer_group()
        staff = is_officer or user.role == User.Role.PLATFORM_ADMIN or user.is_superuser
        if user.is_staff != staff:
            user.is_staff = staff
            user.save(update_fields=["is_staff"])
        if is_officer:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    return user
