"""Payment methods: implementations of the order flow's provider interface
(`orders/providers.py`), named in PAYMENT_PROVIDERS. Cash on delivery for now; the payments
issue adds VNPay, the wallet and bank transfer."""

from orders.providers import PaymentProvider, PaymentStart, provider_for

__all__ = ["CashOnDelivery", "PaymentProvider", "PaymentStart", "provider_for"]


class CashOnDelivery(PaymentProvider):
    """Nothing to collect up front; the seller takes the cash when the order is delivered."""

    prepaid = False

    def start(self, group) -> PaymentStart:
        from django.utils.translation import gettext as _

        return PaymentStart(instructions=_("Thanh toán bằng tiền mặt khi nhận hàng."))

    def refund(self, order) -> None:
        """Cash is collected only on delivery, and delivered orders are not cancelled."""
