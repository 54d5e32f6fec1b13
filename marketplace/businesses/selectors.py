from django.conf import settings
from django.db.models import Count, Q, QuerySet

from marketplace.auth import is_officer, is_signed_in
from marketplace.businesses.models import Business, BusinessEvent, OcopCertificate
from marketplace.businesses.permissions import member_business_ids
from marketplace.text import search_filter


def business_visible_to(user) -> QuerySet[Business]:
    """Officers see every business; everyone else the approved ones plus their own."""
    qs = Business.objects.all()
    if user is not None and user.is_authenticated and user.is_trade_officer:
        return qs
    own = member_business_ids(user)
    return qs.filter(Q(status=Business.Status.APPROVED) | Q(pk__in=own))


def business_private_visible(*, user, business_id: int) -> bool:
    """Officers and the business's own members see its audit trail, review notes and commission."""
    return is_officer(user) or (is_signed_in(user) and business_id in member_business_ids(user))


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
) -> QuerySet[Business]:
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
    return qs.annotate(
        product_count_value=Count("products", filter=Q(products__is_public=True), distinct=True)
    ).order_by("name", "id")


def business_get(*, user, business_id: int) -> Business | None:
    return (
        business_visible_to(user)
        .select_related("commune__province", "commune__legacy_district")
        .filter(pk=business_id)
        .first()
    )


def business_events(*, business_id: int) -> QuerySet[BusinessEvent]:
    return BusinessEvent.objects.filter(business_id=business_id).select_related("actor")
