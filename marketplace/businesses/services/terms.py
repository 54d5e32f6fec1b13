"""A seller's terms set by officers (commission) and by the seller (delivery fees)."""

from django.db import transaction

from marketplace.accounts.models import User
from marketplace.businesses.errors import (
    InvalidCommissionRate,
    InvalidDeliveryFee,
)
from marketplace.businesses.models import (
    Business,
    BusinessEvent,
)
from marketplace.businesses.permissions import (
    require_impartial_officer,
    require_member,
)
from marketplace.businesses.services.events import record_event
from marketplace.errors import (
    NotFound,
    ValidationFailed,
)

MAX_DELIVERY_FEE_VND = 5_000_000


def business_commission_set(*, officer: User, business_id: int, rate_bps: int | None) -> Business:
    """The trade officer overrides the platform's commission for one seller (None: default).
    Orders keep the rate they were placed with."""
    require_impartial_officer(officer, business_id)
    if rate_bps is not None and (isinstance(rate_bps, bool) or not 0 <= rate_bps <= 10_000):
        raise InvalidCommissionRate(field="rate_bps")
    with transaction.atomic():
        business = Business.objects.select_for_update(of=("self",)).filter(pk=business_id).first()
        if business is None:
            raise NotFound(field="id")
        previous = business.commission_rate_bps
        business.commission_rate_bps = rate_bps
        business.save(update_fields=["commission_rate_bps", "updated_at"])
        record_event(
            business,
            BusinessEvent.Kind.COMMISSION_CHANGED,
            officer,
            from_status=business.status,
            note=f"{previous} → {rate_bps} bps",
        )
    return business


def business_delivery_fees_set(
    *, user: User, business_id: int, seller_fee: int | None, post_fee: int | None
) -> Business:
    """An owner sets what delivering its orders costs the buyer (None: the platform default)."""
    require_member(user, business_id, owner=True)
    problems = [
        InvalidDeliveryFee(field=field)
        for field, fee in (("seller_fee", seller_fee), ("post_fee", post_fee))
        if fee is not None and (isinstance(fee, bool) or not 0 <= fee <= MAX_DELIVERY_FEE_VND)
    ]
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        business = Business.objects.select_for_update(of=("self",)).get(pk=business_id)
        business.delivery_fee_seller, business.delivery_fee_post = seller_fee, post_fee
        business.save(update_fields=["delivery_fee_seller", "delivery_fee_post", "updated_at"])
        record_event(
            business,
            BusinessEvent.Kind.DELIVERY_FEES_CHANGED,
            user,
            from_status=business.status,
            note=f"{seller_fee} / {post_fee}",
        )
    return business
