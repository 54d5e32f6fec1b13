"""Payment groups and attempts built through the services, as a buyer's clicks would."""

from orders.models import PaymentGroup
from orders.services.complete import checkout_complete
from payments.services.attempts import attempt_create
from tests.factories import UserFactory
from tests.orders.helpers import ready_checkout, seller_variant


def awaiting_group(
    *, sellers: int = 1, price: int = 50_000, method: str = "vnpay", buyer=None
) -> PaymentGroup:
    """A placed, unpaid group of `sellers` orders (one unit each, picked up: no delivery fee)."""
    buyer = buyer or UserFactory()
    variants = [seller_variant(price=price, stock=100)[0] for _ in range(sellers)]
    checkout = ready_checkout(buyer, [(variant, 1) for variant in variants], delivery="pickup")
    return checkout_complete(user=buyer, token=str(checkout.token), payment_method=method)


def open_attempt(group: PaymentGroup, method: str = "vnpay"):
    return attempt_create(group=group, method=method, payer_ip="203.0.113.7")
