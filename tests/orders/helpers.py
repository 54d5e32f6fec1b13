"""Carts built through the services, as a buyer's clicks would build them."""

from orders.models import Checkout
from orders.providers import PaymentProvider, PaymentStart
from orders.services.checkout import (
    checkout_create,
    checkout_delivery_method_update,
    checkout_shipping_address_update,
)
from tests.factories import VariantFactory, business_with_owner, tuyen_quang_commune


class PrepaidTestProvider(PaymentProvider):
    """Stands in for VNPay in order-flow tests: prepaid, remembers what it refunded. The order
    flow's own interface, without the money hooks payments adds: these tests mark groups paid
    with no money in the ledger."""

    refunded: list[str] = []

    def start(self, group) -> PaymentStart:
        return PaymentStart(redirect_url=f"https://pay.example/{group.number}")

    def refund(self, order) -> None:
        PrepaidTestProvider.refunded.append(order.number)


def seller_variant(**variant_fields):
    """A variant of a fresh approved seller, with the seller's owner."""
    business, owner = business_with_owner()
    variant = VariantFactory(product__business=business, **variant_fields)
    return variant, owner


def address(checkout: Checkout, user=None) -> Checkout:
    commune = tuyen_quang_commune()
    return checkout_shipping_address_update(
        user=user,
        token=str(checkout.token),
        recipient_name="Hoàng Thị Mai",
        recipient_phone="0912 345 678",
        province_code=commune.province_id,
        commune_code=commune.code,
        street_line="Tổ 5, phường Minh Xuân",
    )


def ready_checkout(user, lines: list[tuple[object, int]], *, delivery: str | None = None) -> Checkout:
    """A cart with these (variant, quantity) lines and a shipping address."""
    checkout = checkout_create(user=user, lines=[(variant.pk, quantity) for variant, quantity in lines])
    address(checkout, user)
    if delivery:
        for business_id in {variant.business_id for variant, _ in lines}:
            checkout_delivery_method_update(
                user=user, token=str(checkout.token), business_id=business_id, method=delivery
            )
    return checkout
