"""The interface between the order flow and payment methods, owned by the order flow so that
payments (above orders) implement it and call back into `orders.services.payment`.

The order flow calls a provider at `start(group)` after checkoutComplete commits (never
inside the transaction: a gateway may be slow or down), `refund(order)` after a paid order is
cancelled (from the outbox, after the commit), and at the hooks below, inside the transaction
that changes the order (its row locked), so the money moves in the same commit as the order or
not at all: `order_completed(order)`. Providers report back through `orders.services.payment`:
`payment_group_paid`, `payment_group_failed` and `order_refunded` (`order_partially_refunded`
notes a partial refund in the order's history). PAYMENT_PROVIDERS maps each method to its class;
a method without one is refused at checkout with PAYMENT_METHOD_UNAVAILABLE."""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class PaymentStart:
    """What the buyer does next: open `redirect_url` (card/QR page), or scan `qr_payload`."""

    redirect_url: str = ""
    qr_payload: str = ""
    instructions: str = ""


class PaymentProvider(ABC):
    """The interface a payment method implements (the payments issue adds VNPay, the wallet
    and bank transfer)."""

    # Prepaid groups wait for payment and release their stock when it does not come in time.
    prepaid = True

    @abstractmethod
    def start(self, group) -> PaymentStart: ...

    @abstractmethod
    def refund(self, order) -> None: ...

    def order_completed(self, order) -> None:
        """The order completed (the buyer confirmed, or the delivery period passed). Called
        inside the completing transaction with the order row locked: the escrow is released
        here, and an exception rolls the completion back."""
        return None


def provider_for(method: str) -> PaymentProvider | None:
    path = settings.PAYMENT_PROVIDERS.get(method)
    return import_string(path)() if path else None
