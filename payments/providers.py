"""Payment methods: implementations of the order flow's provider interface
(`orders/providers.py`), named in PAYMENT_PROVIDERS.

Every method here derives from `PaymentProvider` below, which adds the money side the methods
share: the escrow release when an order completes and the refund of a cancelled paid order
(both in `payments.settlement`). A method whose gateway can refund sets `refunds_by_gateway`
and implements `refund_send(refund)`; one without (bank transfer) leaves its refunds to the
finance operator, who records them with `refundMark`."""

from dataclasses import dataclass

from orders.providers import PaymentProvider as OrderPaymentProvider
from orders.providers import PaymentStart, provider_for

__all__ = ["CashOnDelivery", "PaymentProvider", "PaymentStart", "RefundOutcome", "provider_for"]


@dataclass(frozen=True)
class RefundOutcome:
    """What the gateway answered a refund request: done or definitively refused."""

    succeeded: bool
    reference: str = ""


class PaymentProvider(OrderPaymentProvider):
    """The base of every payments provider."""

    # True when `refund_send` asks a gateway to return the money (VNPay); else the operator
    # returns it by hand and records it.
    refunds_by_gateway = False

    def order_completed(self, order) -> None:
        from payments.settlement.release import order_release

        order_release(order=order)

    def refund(self, order) -> None:
        """A paid order was cancelled: hold everything it still has in escrow for a refund
        (started at once if the gateway refunds)."""
        from payments.settlement.refunds import order_cancelled_refund

        order_cancelled_refund(order_id=order.pk)

    def refund_send(self, refund) -> RefundOutcome | None:
        """Asks the gateway to return `refund.amount` (called once per refund, outside any
        transaction). None: the answer comes later (reconciliation calls `refund_settle`)."""
        return None


class CashOnDelivery(PaymentProvider):
    """Nothing to collect up front; the seller takes the cash when the order is delivered and
    records it (`codCollected`), which settles the sale, or completion does."""

    prepaid = False

    def start(self, group) -> PaymentStart:
        from django.utils.translation import gettext as _

        return PaymentStart(instructions=_("Thanh toán bằng tiền mặt khi nhận hàng."))

    def order_completed(self, order) -> None:
        """The sale settles when the seller records the cash (`codCollected`); a seller who never
        does still owes the commission and the tax withheld once the order completes (the buyer
        confirmed receipt, or the delivery period passed), so they are settled here."""
        from payments.settlement.cod import cod_settle_locked

        cod_settle_locked(order)

    def refund(self, order) -> None:
        """Cash is collected only on delivery, and delivered orders are not cancelled."""
