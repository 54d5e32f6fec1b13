"""Reads about businesses. `business_visible_to` is the one rule every path to a business applies:
the root `business(id)`, lists, and a business nested under a product, an order or a cart."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from marketplace.auth import is_officer, is_signed_in
from marketplace.businesses.models import (
    Business,
    BusinessEvent,
    BusinessInvitation,
    BusinessMember,
    OcopCertificate,
)
from marketplace.businesses.permissions import member_business_ids
from marketplace.text import search_filter

# Queues are worked oldest first; a directory reads alphabetically.
SORT_FIELDS = {"NAME": ("name",), "CREATED": ("created_at",)}


def business_visible_to(user) -> QuerySet[Business]:
    """Officers see every business; everyone the approved ones; members their own; a buyer the
    sellers they have ordered from (their order history names them even after a suspension)."""
    qs = Business.objects.all()
    if is_officer(user):
        return qs
    visible = Q(status=Business.Status.APPROVED)
    if user is not None and user.is_authenticated:
        bought_from = Business.objects.filter(orders__buyer_id=user.pk).values("pk")
        visible |= Q(pk__in=member_business_ids(user)) | Q(pk__in=bought_from)
    return qs.filter(visible)


def business_commission_rate_bps(business: Business) -> int:
    """The rate new orders of this seller get: its own, set by an officer, or the platform's."""
    rate = business.commission_rate_bps
    return settings.ORDER_COMMISSION_RATE_BPS if rate is None else rate


def business_list(
    *,
    user,
    search: str | None = None,
    kinds: list[str] | None = None,
    statuses: list[str] | None = None,
    commune_codes: list[str] | None = None,
    ocop_stars: list[int] | None = None,
    sort_field: str | None = None,
    descending: bool = False,
) -> QuerySet[Business]:
    """Sorted by `sort_field` (NAME, CREATED); without one, the officer's queue of pending
    sellers (a status filter of only PENDING) comes oldest first, any other list by name."""
    qs = business_visible_to(user).select_related("commune__province", "commune__legacy_district")
    if search:
        qs = qs.filter(search_filter(search))
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if statuses:
        qs = qs.filter(status__in=statuses)
    if commune_codes:
        qs = qs.filter(commune_id__in=commune_codes)
    if ocop_stars:
        qs = qs.filter(pk__in=OcopCertificate.objects.filter(stars__in=ocop_stars).values("business_id"))
    if sort_field is None:
        sort_field = "CREATED" if statuses and set(statuses) == {Business.Status.PENDING} else "NAME"
    prefix = "-" if descending else ""
    columns = SORT_FIELDS.get(sort_field, SORT_FIELDS["NAME"])
    return qs.annotate(
        product_count_value=Count("products", filter=Q(products__is_public=True), distinct=True)
    ).order_by(*(prefix + c for c in columns), prefix + "id")


def business_get(*, user, business_id: int) -> Business | None:
    return (
        business_visible_to(user)
        .select_related("commune__province", "commune__legacy_district")
        .filter(pk=business_id)
        .first()
    )


def can_see_private(user, business_id: int) -> bool:
    """Officers and the business's own members see its members, audit trail and review notes."""
    return is_officer(user) or (is_signed_in(user) and business_id in member_business_ids(user))


# Batches for the GraphQL loaders: {business id: value} for many businesses in one query.


def _grouped(rows, key: str) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def public_product_counts(business_ids: list[int]) -> dict[int, int]:
    # Through the reverse relation: businesses sit below catalog and do not import it.
    rows = (
        Business.objects.filter(pk__in=business_ids)
        .annotate(n=Count("products", filter=Q(products__is_public=True)))
        .values_list("pk", "n")
    )
    return dict(rows)


def ocop_certificates_of(business_ids: list[int]) -> dict[int, list[OcopCertificate]]:
    rows = OcopCertificate.objects.filter(business_id__in=business_ids).order_by("issued_on", "id")
    return _grouped(rows, "business_id")


def members_of(business_ids: list[int]) -> dict[int, list[BusinessMember]]:
    rows = (
        BusinessMember.objects.filter(business_id__in=business_ids)
        .select_related("user")
        .order_by("created_at", "id")
    )
    return _grouped(rows, "business_id")


def events_of(business_ids: list[int]) -> dict[int, list[BusinessEvent]]:
    rows = (
        BusinessEvent.objects.filter(business_id__in=business_ids)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    return _grouped(rows, "business_id")


def pending_invitations_of(business_ids: list[int]) -> dict[int, list[BusinessInvitation]]:
    rows = BusinessInvitation.objects.filter(
        business_id__in=business_ids, status=BusinessInvitation.Status.PENDING
    ).order_by("created_at", "id")
    return _grouped(rows, "business_id")


def invitations_for(user) -> QuerySet[BusinessInvitation]:
    """Pending invitations addressed to the user's phone number, for them to accept or decline."""
    if user is None or not user.is_authenticated or not user.phone:
        return BusinessInvitation.objects.none()
    return (
        BusinessInvitation.objects.filter(phone=user.phone, status=BusinessInvitation.Status.PENDING)
        .select_related("business")
        .order_by("created_at", "id")
    )
