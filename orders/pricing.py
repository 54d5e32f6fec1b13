"""Delivery fees and commission: integer VND, rules in one place."""

from django.conf import settings

from marketplace.businesses.selectors import business_commission_rate_bps
from orders.models import DeliveryMethod

BASIS_POINTS = 10_000


def delivery_fee(business, method: str) -> int:
    """The seller's own fee where it set one, else the platform default; pickup is free."""
    if method == DeliveryMethod.PICKUP:
        return 0
    if method == DeliveryMethod.SELLER:
        own = business.delivery_fee_seller
        return settings.DELIVERY_FEE_SELLER if own is None else own
    own = business.delivery_fee_post
    return settings.DELIVERY_FEE_POST if own is None else own


def delivery_options(business) -> list[tuple[str, int]]:
    return [(method, delivery_fee(business, method)) for method in DeliveryMethod.values]


def commission_rate_bps(business) -> int:
    return business_commission_rate_bps(business)


def commission_on(subtotal: int, rate_bps: int) -> int:
    """Rounded half up to the đồng, on the goods only (delivery fees pass to whoever delivers)."""
    return (subtotal * rate_bps + BASIS_POINTS // 2) // BASIS_POINTS
